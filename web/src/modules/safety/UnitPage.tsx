import { ArrowLeftOutlined } from '@ant-design/icons';
import { HAZARD_LEVEL_LABELS, SAFETY_INSPECTION_KIND_LABELS } from '@fazhi/domain/api/safety';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { industryLabel, LICENCE_TAG, riskLabel, shortVillage, sizeLabel } from './labels.ts';
import { UnitDrawer } from './UnitDrawer.tsx';
import { useUnit, useUnitsRefresh } from './unitsApi.ts';

const levelLabel = (l: string | null) => (l ? ((HAZARD_LEVEL_LABELS as Record<string, string>)[l] ?? l) : '—');
const kindLabel = (k: string) => (SAFETY_INSPECTION_KIND_LABELS as Record<string, string>)[k] ?? k;

/**
 * 单位详情: the unit, its licences (ending within 30 days marked), its inspections, its hazards
 * open and closed, the penalties they led to, and the 安全生产法 art 113 closure warning.
 */
export function UnitPage() {
  const { id = '' } = useParams();
  const q = useUnit(id);
  const refresh = useUnitsRefresh();
  const [editing, setEditing] = useState(false);
  if (q.error) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  if (!o) return <Card loading />;
  const u = o.unit;
  const open = o.hazards.filter((h) => !h.terminal);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to="/safety/units" aria-label="返回单位列表">
              <ArrowLeftOutlined />
            </Link>
            <span>{u.name}</span>
            <Tag color={u.riskClass === 'key' ? 'red' : 'default'}>{riskLabel(u.riskClass)}</Tag>
            {!u.active && <Tag>已注销</Tag>}
          </Space>
        }
        extra={
          o.canWrite && (
            <Button type="primary" onClick={() => setEditing(true)}>
              编辑
            </Button>
          )
        }
      >
        {o.closure.rule && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title="应当提请地方人民政府予以关闭"
            description={`${o.closure.reason}。处罚决定日期：${o.closure.dates.join('、')}。`}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="统一社会信用代码">
            <span style={{ fontFamily: 'monospace' }}>{u.creditCode}</span>
          </Descriptions.Item>
          <Descriptions.Item label="所在村（社区）">{shortVillage(u.villageName)}</Descriptions.Item>
          <Descriptions.Item label="地址">{u.address}</Descriptions.Item>
          <Descriptions.Item label="行业">{industryLabel(u.industry)}</Descriptions.Item>
          <Descriptions.Item label="规模">{sizeLabel(u.size)}</Descriptions.Item>
          <Descriptions.Item label="最近检查">{u.lastInspectedOn ?? '尚未检查'}</Descriptions.Item>
          <Descriptions.Item label="主要负责人">
            {u.principalName}
            {u.principalPhone ? `　${u.principalPhone}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="安全管理人员">
            {u.safetyOfficerName ?? '—'}
            {u.safetyOfficerPhone ? `　${u.safetyOfficerPhone}` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Card size="small" title="许可证照" style={{ height: '100%' }}>
            <Table
              size="small"
              rowKey={(l) => `${l.name}-${l.no}`}
              pagination={false}
              dataSource={u.licences}
              locale={{ emptyText: '未登记证照' }}
              columns={[
                { title: '证照名称', dataIndex: 'name' },
                { title: '编号', dataIndex: 'no' },
                {
                  title: '有效期至',
                  dataIndex: 'validUntil',
                  render: (v: string | null, l) => (
                    <Space size={4}>
                      <span style={{ whiteSpace: 'nowrap' }}>{v ?? '长期'}</span>
                      {l.status !== 'valid' && (
                        <Tag color={LICENCE_TAG[l.status].color}>{LICENCE_TAG[l.status].text}</Tag>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={`检查记录（${o.inspections.length}）`} style={{ height: '100%' }}>
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={o.inspections}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无检查记录" /> }}
              columns={[
                { title: '检查日期', dataIndex: 'inspectedOn', width: 100 },
                { title: '类型', dataIndex: 'kind', width: 80, render: kindLabel },
                { title: '发现问题', dataIndex: 'findings', ellipsis: true, render: (v: string) => v || '未发现问题' },
                { title: '处理措施', dataIndex: 'actionTaken', ellipsis: true, render: (v: string) => v || '—' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`安全隐患（未销号 ${open.length} / 共 ${o.hazards.length}）`}>
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={o.hazards}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有登记隐患" /> }}
          columns={[
            {
              title: '编号',
              dataIndex: 'number',
              width: 200,
              render: (v: string, h) => (h.canOpen ? <Link to={`/cases/${h.id}`}>{v}</Link> : v),
            },
            {
              title: '等级',
              dataIndex: 'level',
              width: 90,
              render: (l: string | null) => <Tag color={l === 'major' ? 'red' : 'default'}>{levelLabel(l)}</Tag>,
            },
            { title: '发现日期', dataIndex: 'foundOn', width: 100, render: (v: string | null) => v ?? '—' },
            { title: '隐患描述', key: 'd', ellipsis: true, render: (_, h) => h.description ?? h.title },
            {
              title: '状态',
              dataIndex: 'stateLabel',
              width: 120,
              render: (v: string, h) => <Tag color={h.terminal ? 'default' : 'orange'}>{v}</Tag>,
            },
            { title: '办结日期', dataIndex: 'closedOn', width: 100, render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card size="small" title={`行政处罚（${o.penalties.length}）`}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={o.penalties}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有因隐患立案的处罚" /> }}
          columns={[
            {
              title: '处罚案号',
              dataIndex: 'number',
              render: (v: string, p) => (p.canOpen ? <Link to={`/cases/${p.id}`}>{v}</Link> : v),
            },
            {
              title: '源于隐患',
              dataIndex: 'hazardNumber',
              render: (v: string, p) => (
                <Space size={4}>
                  {o.hazards.find((h) => h.id === p.hazardId)?.canOpen ? (
                    <Link to={`/cases/${p.hazardId}`}>{v}</Link>
                  ) : (
                    v
                  )}
                  {p.major && <Tag color="red">重大</Tag>}
                </Space>
              ),
            },
            { title: '决定日期', dataIndex: 'decidedOn', render: (v: string | null) => v ?? '未决定' },
            { title: '状态', dataIndex: 'stateLabel' },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          存在重大事故隐患，一百八十日内三次或者一年内四次受到行政处罚的，应当提请地方人民政府予以关闭（安全生产法第一百一十三条第一项）。
        </Typography.Paragraph>
      </Card>
      {editing && (
        <UnitDrawer
          unit={u}
          townId={u.townId}
          villages={o.villages}
          onClose={() => setEditing(false)}
          onSaved={async () => {
            setEditing(false);
            await refresh();
          }}
        />
      )}
    </Space>
  );
}
