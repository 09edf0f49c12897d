import {
  PENALTY_KIND_LABELS,
  PUBLIC_PROCEDURE,
  PUBLIC_REMEDIES,
  type PublicDecision,
  type PublicEnforcement,
} from '@fazhi/domain/api/enforcement';
import { Alert, Card, Descriptions, Empty, Grid, Layout, List, Result, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DiscretionTable } from './DiscretionTable.tsx';
import { usePublicEnforcement, usePublicTowns } from './enforcementApi.ts';
import { fieldLabel, yuan } from './labels.ts';

const { Header, Content, Footer } = Layout;

const kindLabel = (k: string) => (PENALTY_KIND_LABELS as Record<string, string>)[k] ?? k;
const partyText = (d: PublicDecision) =>
  d.parties.map((p) => (p.idMasked ? `${p.name}（${p.idMasked}）` : p.name)).join('、') || '—';

function Frame(props: { title: string; children: React.ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Header style={{ background: '#a61b1b', padding: '0 16px', height: 'auto', lineHeight: 1.4 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto', padding: '14px 0', color: '#fff' }}>
          <div style={{ fontSize: 13, opacity: 0.85 }}>行政执法公示</div>
          <div style={{ fontSize: 20, fontWeight: 600 }}>{props.title}</div>
        </div>
      </Header>
      <Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>{props.children}</div>
      </Content>
      <Footer style={{ textAlign: 'center', fontSize: 12, color: '#888' }}>
        依据《中华人民共和国行政处罚法》第三十九条、第四十八条公示；公开的处罚决定已去除个人信息。
      </Footer>
    </Layout>
  );
}

/** /gongshi: the towns whose enforcement information is public. */
export function PublicTownsPage() {
  const towns = usePublicTowns();
  return (
    <Frame title="乡镇行政执法信息公示">
      <Card>
        {towns.isLoading ? (
          <Spin />
        ) : (
          <List
            dataSource={towns.data ?? []}
            locale={{ emptyText: '暂无公示信息' }}
            renderItem={(t) => (
              <List.Item>
                <Link to={`/gongshi/${t.code}`}>
                  {t.county ?? ''}
                  {t.name}
                </Link>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Frame>
  );
}

/**
 * /gongshi/:townCode, open to anyone: the town's 执法主体, officers, powers list, procedure and
 * remedies (行政处罚法 art 39) and its published penalty decisions with the parties masked (art 48).
 */
export function PublicPage() {
  const { townCode = '' } = useParams();
  const q = usePublicEnforcement(townCode);
  // Short tab names on a phone, so all five fit without the overflow menu.
  const phone = !Grid.useBreakpoint().md;
  if (q.isLoading) {
    return (
      <Frame title="行政执法公示">
        <Spin />
      </Frame>
    );
  }
  if (q.error || !q.data) {
    const notFound = isApiError(q.error) && (q.error.status === 404 || q.error.status === 400);
    return (
      <Frame title="行政执法公示">
        <Result
          status={notFound ? '404' : 'error'}
          title={notFound ? '未找到该乡镇的公示信息' : '加载失败'}
          extra={<Link to="/gongshi">查看乡镇列表</Link>}
        />
      </Frame>
    );
  }
  return (
    <Frame title={q.data.town.fullName}>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          tabBarGutter={phone ? 16 : undefined}
          items={[
            { key: 'body', label: phone ? '主体' : '执法主体', children: <BodyTab d={q.data} /> },
            { key: 'officers', label: phone ? '人员' : '执法人员', children: <OfficersTab d={q.data} /> },
            { key: 'powers', label: phone ? '清单' : '权责清单', children: <PowersTab d={q.data} /> },
            { key: 'procedure', label: phone ? '程序与救济' : '执法程序与救济', children: <ProcedureTab /> },
            {
              key: 'decisions',
              label: phone ? `处罚公示（${q.data.decisions.length}）` : `处罚决定公示（${q.data.decisions.length}）`,
              children: <DecisionsTab d={q.data} />,
            },
          ]}
        />
      </Card>
    </Frame>
  );
}

function BodyTab({ d }: { d: PublicEnforcement }) {
  const fields = [...new Set(d.powers.map((p) => p.field))];
  return (
    <Descriptions column={1} bordered size="small" styles={{ label: { width: 140 } }}>
      <Descriptions.Item label="实施机关">{d.body.name}</Descriptions.Item>
      <Descriptions.Item label="执法机构">{d.body.team ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="执法领域">
        {fields.length === 0 ? '—' : fields.map((f) => <Tag key={f}>{fieldLabel(f)}</Tag>)}
      </Descriptions.Item>
      <Descriptions.Item label="权责事项">{d.powers.length} 项（见“权责清单”）</Descriptions.Item>
      <Descriptions.Item label="持证执法人员">{d.officers.length} 名（见“执法人员”）</Descriptions.Item>
      <Descriptions.Item label="立案依据">
        公民、法人或者其他组织违反行政管理秩序的行为，依法应当给予行政处罚的，依照权责清单所列法律、法规、规章的规定立案查处（行政处罚法第四条、第五十四条）。
      </Descriptions.Item>
    </Descriptions>
  );
}

function OfficersTab({ d }: { d: PublicEnforcement }) {
  const phone = !Grid.useBreakpoint().md;
  if (d.officers.length === 0) return <Empty description="暂无公示的执法人员" />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件；当事人有权要求出示（行政处罚法第五十五条）。以下为执法证件在有效期内的人员。
      </Typography.Paragraph>
      {phone ? (
        <List
          dataSource={d.officers}
          renderItem={(o) => (
            <List.Item>
              <List.Item.Meta title={o.name} description={`执法证号 ${o.certNo}`} />
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="certNo"
          size="small"
          pagination={false}
          dataSource={d.officers}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 160 },
            { title: '执法证号', dataIndex: 'certNo' },
          ]}
        />
      )}
    </>
  );
}

function PowersTab({ d }: { d: PublicEnforcement }) {
  const phone = !Grid.useBreakpoint().md;
  if (d.powers.length === 0) return <Empty description="暂无公示的权责事项" />;
  return (
    <List
      dataSource={d.powers}
      renderItem={(p) => (
        <List.Item style={{ display: 'block' }}>
          <Typography.Text strong>
            {p.code} {p.matter}
          </Typography.Text>
          <div style={{ margin: '4px 0' }}>
            <Tag>{fieldLabel(p.field)}</Tag>
            {p.delegated ? <Tag color="blue">赋权事项</Tag> : <Tag>法定职权</Tag>}
          </div>
          <Descriptions
            column={1}
            size="small"
            layout={phone ? 'vertical' : 'horizontal'}
            styles={{ label: phone ? { fontWeight: 600 } : { width: 130 } }}
          >
            <Descriptions.Item label="违法依据">{p.violatedBasis}</Descriptions.Item>
            <Descriptions.Item label="处罚依据">{p.penaltyBasis}</Descriptions.Item>
            <Descriptions.Item label="处罚种类和幅度">{p.penaltyRange}</Descriptions.Item>
            {p.delegated && <Descriptions.Item label="赋权决定">{p.delegatedBy}</Descriptions.Item>}
          </Descriptions>
          {p.discretion.length > 0 && (
            <div style={{ overflowX: 'auto' }}>
              <Typography.Text type="secondary">裁量基准</Typography.Text>
              <DiscretionTable levels={p.discretion} />
            </div>
          )}
        </List.Item>
      )}
    />
  );
}

function ProcedureTab() {
  const proc = [PUBLIC_PROCEDURE.summary, PUBLIC_PROCEDURE.ordinary];
  return (
    <>
      {proc.map((p) => (
        <div key={p.title} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>
            {p.title}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              （{p.basis}）
            </Typography.Text>
          </Typography.Title>
          <ol style={{ paddingLeft: 20, margin: 0 }}>
            {p.steps.map((s) => (
              <li key={s} style={{ marginBottom: 4 }}>
                {s}
              </li>
            ))}
          </ol>
        </div>
      ))}
      <Typography.Title level={5}>救济渠道</Typography.Title>
      {PUBLIC_REMEDIES.map((r) => (
        <Alert
          key={r.kind}
          type={r.kind === 'note' ? 'warning' : 'info'}
          style={{ marginBottom: 8 }}
          title={r.title}
          description={
            <>
              {r.text}
              <Typography.Text type="secondary">（{r.basis}）</Typography.Text>
            </>
          }
        />
      ))}
    </>
  );
}

function DecisionsTab({ d }: { d: PublicEnforcement }) {
  const phone = !Grid.useBreakpoint().md;
  if (d.decisions.length === 0) return <Empty description="暂无公开的行政处罚决定" />;
  const kinds = (x: PublicDecision) => x.penaltyKinds.map(kindLabel).join('、') || '—';
  if (phone) {
    return (
      <List
        dataSource={d.decisions}
        renderItem={(x) => (
          <List.Item style={{ display: 'block' }}>
            <Typography.Text strong>{x.decisionNo ?? '（无文号）'}</Typography.Text>
            <Descriptions column={1} size="small" styles={{ label: { width: 84 } }}>
              <Descriptions.Item label="当事人">{partyText(x)}</Descriptions.Item>
              <Descriptions.Item label="违法行为">{x.violation ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="处罚依据">{x.legalBasis ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="处罚种类">{kinds(x)}</Descriptions.Item>
              {x.fineAmount !== null && <Descriptions.Item label="罚款">{yuan(x.fineAmount)}</Descriptions.Item>}
              <Descriptions.Item label="决定日期">{x.decidedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="公示日期">{x.publishedOn}</Descriptions.Item>
            </Descriptions>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table
      rowKey={(x) => `${x.decisionNo}-${x.publishedOn}`}
      size="small"
      dataSource={d.decisions}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 1000 }}
      columns={[
        { title: '决定书文号', dataIndex: 'decisionNo', width: 150, render: (v: string | null) => v ?? '—' },
        { title: '当事人', key: 'party', width: 200, render: (_, x) => partyText(x) },
        { title: '违法行为', dataIndex: 'violation', render: (v: string | null) => v ?? '—' },
        { title: '处罚依据', dataIndex: 'legalBasis', width: 200, render: (v: string | null) => v ?? '—' },
        { title: '处罚种类', key: 'kinds', width: 110, render: (_, x) => kinds(x) },
        {
          title: '罚款',
          dataIndex: 'fineAmount',
          width: 100,
          render: (v: number | null) => (v === null ? '—' : yuan(v)),
        },
        { title: '决定日期', dataIndex: 'decidedOn', width: 100, render: (v: string | null) => v ?? '—' },
        { title: '公示日期', dataIndex: 'publishedOn', width: 100 },
      ]}
    />
  );
}
