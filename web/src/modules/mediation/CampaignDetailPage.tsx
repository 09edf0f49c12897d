import { ArrowLeftOutlined, ReloadOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import type { CampaignDetail, EntryView, ReturnView } from '@fazhi/domain/api/campaigns';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Grid,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../api.ts';
import { FullPageSpin } from '../../app/guards.tsx';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { fmtInstant } from '../../components/format.ts';
import { CampaignReturnPanel, ReturnStateTag } from './CampaignReturnPanel.tsx';
import { CampaignStatusTag, KIND_COLORS } from './CampaignsPage.tsx';
import { useCampaign, useCampaignEntries, useCampaignRefresh } from './campaignsApi.ts';

const STATUS_COLORS: Record<EntryView['status'], string> = { new: 'blue', converted: 'success', dismissed: 'default' };
const RISK_COLORS: Record<string, string> = { none: 'default', escalation: 'orange', violence: 'red' };

/** One campaign: how far the villages' returns are, and what they found. */
export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const q = useCampaign(id);
  if (q.error && !q.data) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <FullPageSpin />;
  return <Loaded c={q.data} refetch={() => void q.refetch()} refetching={q.isRefetching} />;
}

function Loaded({ c, refetch, refetching }: { c: CampaignDetail; refetch: () => void; refetching: boolean }) {
  const { message } = App.useApp();
  const refresh = useCampaignRefresh();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState<ReturnView | null>(null);
  const [closing, setClosing] = useState(false);
  // A village officer fills their own return here; the centre sees the whole town's table.
  const own = c.returns.length === 1 && c.returns[0]!.canWrite ? c.returns[0]! : null;

  const close = async () => {
    setClosing(true);
    try {
      await api.post(`/api/campaigns/${c.id}/close`, { version: c.version });
      void message.success('排查已结束');
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) refresh();
      void message.error(errorMessage(e));
    } finally {
      setClosing(false);
    }
  };

  const k = c.counts;
  const returnColumns: ColumnsType<ReturnView> = [
    { title: '村（社区）', dataIndex: 'unitName', ellipsis: true },
    {
      title: '上报状态',
      key: 'state',
      width: 200,
      render: (_, r) => <ReturnStateTag r={r} />,
      filters: [
        { text: '已上报', value: 'returned' },
        { text: '未上报', value: 'pending' },
        { text: '逾期', value: 'overdue' },
      ],
      onFilter: (v, r) => r.state === v,
    },
    {
      title: '上报时间',
      key: 'at',
      width: 140,
      responsive: ['md'],
      render: (_, r) => (r.returnedAt ? fmtInstant(r.returnedAt) : '—'),
    },
    {
      title: '上报人',
      dataIndex: 'returnedByName',
      width: 90,
      responsive: ['md'],
      render: (v: string | null) => v ?? '—',
    },
    { title: '发现纠纷', dataIndex: 'entries', width: 84, align: 'right' },
    { title: '已转案', dataIndex: 'converted', width: 72, align: 'right', responsive: ['sm'] },
    {
      title: '操作',
      key: 'op',
      width: 84,
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => setDrawer(r)} data-testid={`return-open-${r.unitId}`}>
          {r.canWrite && r.status === 'pending' && c.status === 'open' ? '代为填报' : '查看'}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Link to="/mediation/campaigns">
          <ArrowLeftOutlined /> 返回排查列表
        </Link>
      </Space>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap align="start">
        <Space wrap align="center">
          <h1 className="fz-page-title" style={{ margin: 0 }}>
            {c.title}
          </h1>
          <Tag color={KIND_COLORS[c.kind]}>{c.kindLabel}</Tag>
          <CampaignStatusTag status={c.status} label={c.statusLabel} />
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} aria-label="刷新" onClick={refetch} loading={refetching} />
          {c.canManage && c.status === 'open' && (
            <Popconfirm
              title="结束排查？"
              description="结束后各村（社区）不能再填报；已发现的纠纷仍可转为调解案件。"
              okText="结束"
              onConfirm={() => void close()}
            >
              <Button icon={<StopOutlined />} loading={closing} data-testid="campaign-close">
                结束排查
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }}>
          <Descriptions.Item label="排查期间">
            {c.periodStart} 至 {c.periodEnd}
          </Descriptions.Item>
          <Descriptions.Item label="上报截止">{c.dueOn}</Descriptions.Item>
          <Descriptions.Item label="部署">
            {c.createdByName}（{fmtInstant(c.createdAt)}）
          </Descriptions.Item>
          {c.closedAt && (
            <Descriptions.Item label="结束">
              {c.closedByName}（{fmtInstant(c.closedAt)}）
            </Descriptions.Item>
          )}
          {c.note && (
            <Descriptions.Item label="工作要求" span="filled">
              {c.note}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Row gutter={[12, 12]} style={{ marginTop: 8 }}>
          {!own && (
            <>
              <Col xs={8} sm={4}>
                <Statistic title="应报" value={k.returnsTotal} />
              </Col>
              <Col xs={8} sm={4}>
                <Statistic title="已上报" value={k.returnsReturned} />
              </Col>
              <Col xs={8} sm={4}>
                <Statistic
                  title="逾期未报"
                  value={k.returnsOverdue}
                  styles={{ content: k.returnsOverdue ? { color: '#cf1322' } : {} }}
                />
              </Col>
            </>
          )}
          {!own && (
            <Col xs={8} sm={4}>
              <Statistic title="零报告" value={k.nilReturns} />
            </Col>
          )}
          <Col xs={8} sm={4}>
            <Statistic title={own ? '本村发现纠纷' : '发现纠纷'} value={k.found} />
          </Col>
          <Col xs={8} sm={4}>
            <Statistic title="已转调解" value={k.converted} />
          </Col>
        </Row>
        {c.foundByType.length > 0 && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">按类型：</Typography.Text>
            {c.foundByType.map((t) => (
              <Tag key={t.disputeType}>
                {t.label} {t.count}
              </Tag>
            ))}
          </div>
        )}
      </Card>

      {own ? (
        <Card size="small" title="本村（社区）上报" style={{ marginBottom: 12 }}>
          <CampaignReturnPanel returnId={own.id} />
        </Card>
      ) : (
        <Card size="small" title="各村（社区）上报情况" style={{ marginBottom: 12 }}>
          <Table<ReturnView>
            rowKey="id"
            size="small"
            columns={returnColumns}
            dataSource={c.returns}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: screens.md ? 820 : 520 }}
            data-testid="campaign-returns"
          />
        </Card>
      )}

      {!own && <EntriesCard c={c} />}

      <Drawer
        title={drawer ? `${drawer.unitName} · 排查上报` : ''}
        open={!!drawer}
        onClose={() => setDrawer(null)}
        size={screens.md ? 820 : '100%'}
        destroyOnHidden
      >
        {drawer && <CampaignReturnPanel returnId={drawer.id} />}
      </Drawer>
    </div>
  );
}

/** 排查发现的矛盾纠纷: the centre turns them into mediation cases, one by one or in bulk. */
function EntriesCard({ c }: { c: CampaignDetail }) {
  const { message, modal } = App.useApp();
  const refresh = useCampaignRefresh();
  const navigate = useNavigate();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>('new');
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const q = useCampaignEntries(c.id, { unitId, status });
  const items = q.data?.items ?? [];
  const wide = !!Grid.useBreakpoint().md;

  const convert = async (ids: string[]) => {
    setBusy(ids.length === 1 ? ids[0]! : 'bulk');
    try {
      const r = await api.post<{ converted: { entryId: string; caseId: string; caseNumber: string }[] }>(
        `/api/campaigns/${c.id}/convert`,
        { entryIds: ids },
      );
      refresh({ cases: true });
      setSelected([]);
      // The dialog renders outside the router, so its links navigate by hand.
      const done = modal.success({
        title: `已转为调解案件 ${r.converted.length} 件`,
        content: (
          <Space orientation="vertical">
            {r.converted.map((x) => (
              <Typography.Link
                key={x.caseId}
                onClick={() => {
                  done.destroy();
                  navigate(`/cases/${x.caseId}`);
                }}
              >
                {x.caseNumber}
              </Typography.Link>
            ))}
          </Space>
        ),
        okText: '知道了',
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) refresh();
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const dismiss = (e: EntryView) => {
    let reason = '';
    modal.confirm({
      title: `不予转案：${e.partyNames}`,
      content: (
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder="理由，如：已由村调委会就地化解"
          onChange={(ev) => {
            reason = ev.target.value;
          }}
        />
      ),
      okText: '确定',
      onOk: async () => {
        if (!reason.trim()) {
          void message.warning('请填写不予转案的理由');
          throw new Error('reason required');
        }
        try {
          await api.post(`/api/campaign-entries/${e.id}/dismiss`, { reason: reason.trim(), version: e.version });
          refresh();
        } catch (err) {
          void message.error(errorMessage(err));
          throw err;
        }
      },
    });
  };

  const columns: ColumnsType<EntryView> = [
    { title: '村（社区）', dataIndex: 'unitName', width: 120, ellipsis: true, responsive: ['md'] },
    { title: '发现日期', dataIndex: 'foundOn', width: 100, responsive: ['md'] },
    { title: '类型', dataIndex: 'disputeTypeLabel', width: 92 },
    { title: '当事人', dataIndex: 'partyNames', width: 130, ellipsis: true },
    // No width: the summary takes what the other columns leave.
    { title: '简要情况', dataIndex: 'summary', ellipsis: true, responsive: ['md'] },
    {
      title: '风险',
      dataIndex: 'riskHintLabel',
      width: 112,
      responsive: ['md'],
      ellipsis: true,
      render: (v: string | null, e) => (v ? <Tag color={RISK_COLORS[e.riskHint ?? ''] ?? 'default'}>{v}</Tag> : '—'),
    },
    {
      title: '状态',
      key: 'status',
      width: 140,
      render: (_, e) =>
        e.status === 'converted' && e.caseId ? (
          <Link to={`/cases/${e.caseId}`}>{e.caseNumber}</Link>
        ) : (
          <Tag color={STATUS_COLORS[e.status]} title={e.dismissReason ?? undefined}>
            {e.statusLabel}
          </Tag>
        ),
    },
    ...(c.canManage
      ? [
          {
            title: '操作',
            key: 'op',
            width: wide ? 212 : 112,
            // Pinned on a desk screen only: on a phone a pinned column would cover the row.
            ...(wide ? { fixed: 'right' as const } : {}),
            render: (_: unknown, e: EntryView) =>
              e.status === 'new' ? (
                <Space size={0} orientation={wide ? 'horizontal' : 'vertical'} align="start">
                  <Popconfirm
                    title="转为调解案件？"
                    description="将以“排查发现”为来源登记一件矛盾纠纷调解案件。"
                    okText="转案"
                    onConfirm={() => void convert([e.id])}
                  >
                    <Button
                      type="link"
                      size="small"
                      icon={<SwapOutlined />}
                      loading={busy === e.id}
                      data-testid={`entry-convert-${e.id}`}
                    >
                      转为调解案件
                    </Button>
                  </Popconfirm>
                  <Button type="link" size="small" onClick={() => dismiss(e)}>
                    不予转案
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title="排查发现的矛盾纠纷"
      extra={
        c.canManage && (
          <Popconfirm
            title={`将选中的 ${selected.length} 条转为调解案件？`}
            description="全部成功才会转案；有一条不能转时一条也不转。"
            okText="转案"
            disabled={selected.length === 0}
            onConfirm={() => void convert(selected)}
          >
            <Button
              type="primary"
              icon={<SwapOutlined />}
              disabled={selected.length === 0}
              loading={busy === 'bulk'}
              data-testid="entry-convert-bulk"
            >
              批量转为调解案件{selected.length ? `（${selected.length}）` : ''}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} sm={12} lg={6}>
          <Select
            aria-label="村（社区）"
            style={{ width: '100%' }}
            placeholder="村（社区）：全部"
            allowClear
            value={unitId}
            onChange={(v?: string) => setUnitId(v)}
            options={c.returns.map((r) => ({ value: r.unitId, label: r.unitName }))}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Select
            aria-label="状态"
            style={{ width: '100%' }}
            placeholder="状态：全部"
            allowClear
            value={status}
            onChange={(v?: string) => {
              setStatus(v);
              setSelected([]);
            }}
            options={[
              { value: 'new', label: '待处理' },
              { value: 'converted', label: '已转为调解案件' },
              { value: 'dismissed', label: '不予转案' },
            ]}
          />
        </Col>
      </Row>
      {q.error && !q.data ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<EntryView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={q.isPending}
          pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          tableLayout="fixed"
          // A pinned expand column keeps an opened row's details within the screen while the table scrolls.
          scroll={{ x: wide ? 1120 : 560 }}
          rowSelection={
            c.canManage
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  getCheckboxProps: (e) => ({ disabled: e.status !== 'new' }),
                }
              : undefined
          }
          expandable={{
            fixed: 'left',
            expandedRowRender: (e) => (
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                {!wide && <Descriptions.Item label="村（社区）">{e.unitName}</Descriptions.Item>}
                {!wide && <Descriptions.Item label="发现日期">{e.foundOn}</Descriptions.Item>}
                {!wide && e.riskHintLabel && <Descriptions.Item label="风险提示">{e.riskHintLabel}</Descriptions.Item>}
                <Descriptions.Item label="纠纷简要情况" span="filled">
                  {e.summary}
                </Descriptions.Item>
                <Descriptions.Item label="当事人诉求" span="filled">
                  {e.requests}
                </Descriptions.Item>
                <Descriptions.Item label="当事人" span="filled">
                  {e.parties
                    .map(
                      (p) =>
                        `${p.roleLabel}：${p.name}${p.idMasked ? `（${p.idMasked}）` : ''}${p.phoneMasked ? ` ${p.phoneMasked}` : ''}`,
                    )
                    .join('；')}
                </Descriptions.Item>
                <Descriptions.Item label="涉及人数">{e.peopleCount} 人</Descriptions.Item>
                <Descriptions.Item label="涉及金额">{e.amount != null ? `${e.amount} 元` : '—'}</Descriptions.Item>
                <Descriptions.Item label="登记人">
                  {e.createdByName}（{fmtInstant(e.createdAt)}）
                </Descriptions.Item>
                {e.dismissReason && (
                  <Descriptions.Item label="不予转案理由" span="filled">
                    {e.dismissReason}
                  </Descriptions.Item>
                )}
              </Descriptions>
            ),
          }}
          locale={{ emptyText: status === 'new' ? '没有待处理的纠纷' : '暂无排查发现的纠纷' }}
          data-testid="campaign-entries"
        />
      )}
    </Card>
  );
}
