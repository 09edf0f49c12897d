import { PlusOutlined } from '@ant-design/icons';
import type { ContractRegister, ContractRegisterRow, ContractSettingsView } from '@fazhi/domain/api/decisions-contract';
import { CONTRACT_DEPARTMENT_ROLES } from '@fazhi/domain/cases/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../../api.ts';
import { useCurrentUser } from '../../../app/auth.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { ExportPrint } from '../../../components/ExportPrint.tsx';
import { TownPicker } from '../../../components/TownPicker.tsx';

const KEY = 'decisions-contracts';
const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const OUTCOME_COLOR: Record<string, string> = { 同意: 'green', 修改后同意: 'orange', 不同意: 'red' };

/**
 * 合同台账: the town's contracts of a year with their review (the town's own limit: no national
 * one, docs/domain.md §4) and signing, exported as .xlsx; the review settings below it.
 */
export function ContractsPage() {
  const [townId, setTownId] = useState<string | undefined>();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || dayjs().year();
  const setYear = (y: number) => setParams({ year: String(y) }, { replace: true });
  const list = useQuery({
    queryKey: [KEY, 'list', townId ?? null, year],
    queryFn: ({ signal }) => api.get<ContractRegister>('/api/decisions/contracts', { townId, year }, { signal }),
  });
  const me = useCurrentUser();
  // The departments register contracts (the case type's create roles); the server checks again.
  const canRegister = me.roles.some((r) => (CONTRACT_DEPARTMENT_ROLES as readonly string[]).includes(r.role));
  if (list.error) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;

  const columns: ColumnsType<ContractRegisterRow> = [
    {
      title: '合同',
      key: 'name',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${c.id}`}>{c.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[c.number, c.unitName].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '相对方',
      key: 'counterparty',
      width: 200,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          {c.counterparty}
          {c.counterpartyCreditCode && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.counterpartyCreditCode}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '金额（元）', dataIndex: 'amount', width: 120, align: 'right', render: yuan },
    {
      title: '类型 / 采购方式',
      key: 'kind',
      width: 120,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          {c.contractKind}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.procurement}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '送审 / 审查期限',
      key: 'review',
      width: 120,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          {c.submittedOn ?? '未送审'}
          {c.reviewDue && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              限 {c.reviewDue}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '审查结论',
      key: 'outcome',
      width: 118,
      render: (_, c) =>
        c.reviewOutcome ? (
          <Space orientation="vertical" size={0}>
            <Tag color={OUTCOME_COLOR[c.reviewOutcome]}>{c.reviewOutcome}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.reviewedOn}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
    { title: '签订日期', dataIndex: 'signedOn', width: 104, render: (v: string | null) => v ?? '—' },
    { title: '状态', dataIndex: 'stateLabel', width: 110 },
  ];

  const thisYear = dayjs().year();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={`合同台账${data ? ` · ${data.town.name}` : ''}`}
        extra={
          <Space wrap>
            <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
            <Select
              style={{ width: 100 }}
              value={year}
              onChange={setYear}
              options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }))}
            />
            <ExportPrint
              path="/api/decisions/contracts/export.xlsx"
              query={{ townId, year }}
              name={`${data?.town.name ?? ''}${year}年度合同台账.xlsx`}
            />
            {canRegister && (
              <Link to="/cases/new?type=contract">
                <Button type="primary" icon={<PlusOutlined />}>
                  登记合同
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        {data && (
          <Typography.Paragraph type="secondary">
            按送审日期统计，共 {data.items.length} 件，合计金额 {yuan(data.totalAmount)}{' '}
            元。合同经司法所或法律顾问审查（同意、修改后同意、不同意）并出具合同审查意见书后方可签订。
          </Typography.Paragraph>
        )}
        <Table
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1080 }}
        />
      </Card>
      <ReviewSettings townId={townId} />
    </Space>
  );
}

function ReviewSettings({ townId }: { townId: string | undefined }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ limitWorkdays: number; collectiveThreshold: number | null }>();
  const q = useQuery({
    queryKey: [KEY, 'settings', townId ?? null],
    queryFn: ({ signal }) => api.get<ContractSettingsView>('/api/decisions/contract-settings', { townId }, { signal }),
  });
  const s = q.data;
  if (!s) return null;
  const save = async (v: { limitWorkdays: number; collectiveThreshold: number | null }) => {
    try {
      await api.put(`/api/decisions/contract-settings${townId ? `?townId=${townId}` : ''}`, {
        limitWorkdays: v.limitWorkdays,
        collectiveThreshold: v.collectiveThreshold ?? null,
        version: s.version,
      });
      message.success('已保存，适用于此后送审的合同');
      setEditing(false);
      await qc.invalidateQueries({ queryKey: [KEY, 'settings'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card
      title="合同审查设置"
      size="small"
      extra={
        s.canEdit && !editing ? (
          <Button size="small" onClick={() => setEditing(true)}>
            修改
          </Button>
        ) : null
      }
    >
      {editing ? (
        <Form form={form} layout="inline" initialValues={s} onFinish={save}>
          <Form.Item
            name="limitWorkdays"
            label="审查期限（工作日）"
            rules={[{ required: true, message: '请填写审查期限' }]}
          >
            <InputNumber min={1} max={30} />
          </Form.Item>
          <Form.Item name="collectiveThreshold" label="须集体讨论的合同金额（元）">
            <InputNumber min={0} style={{ width: 180 }} placeholder="不设" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              保存
            </Button>
            <Button onClick={() => setEditing(false)}>取消</Button>
          </Space>
        </Form>
      ) : (
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="审查期限">{s.limitWorkdays} 个工作日（自送审次日起算）</Descriptions.Item>
          <Descriptions.Item label="须集体讨论">
            {s.collectiveThreshold === null ? '不按金额要求' : `合同金额 ${yuan(s.collectiveThreshold)} 元以上`}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        国家未规定合同审查时限，由本镇规定；未设置的按5个工作日。修改只适用于此后送审的合同。
      </Typography.Paragraph>
    </Card>
  );
}
