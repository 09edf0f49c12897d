import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CampaignListItem, CampaignListQuery } from '@fazhi/domain/api/campaigns';
import { App, Button, Card, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { useCampaignRefresh, useCampaigns } from './campaignsApi.ts';

export const KIND_COLORS: Record<CampaignListItem['kind'], string> = { concentrated: 'volcano', regular: 'geekblue' };

export function CampaignStatusTag({ status, label }: { status: CampaignListItem['status']; label: string }) {
  return <Tag color={status === 'open' ? 'processing' : 'default'}>{label}</Tag>;
}

/** 上报 x/y, with the overdue count in red; a village officer sees their own village's state instead. */
function ReturnsCell({ item }: { item: CampaignListItem }) {
  const c = item.counts;
  if (c.returnsTotal === 1) {
    if (c.returnsReturned === 1) return <Tag color="success">本村已上报</Tag>;
    return c.returnsOverdue ? <Tag color="error">本村逾期未报</Tag> : <Tag>本村未上报</Tag>;
  }
  return (
    <Space size={4}>
      <span>
        {c.returnsReturned}/{c.returnsTotal}
      </span>
      {c.returnsOverdue > 0 && item.status === 'open' && <Tag color="error">逾期 {c.returnsOverdue}</Tag>}
    </Space>
  );
}

const COLUMNS: ColumnsType<CampaignListItem> = [
  {
    title: '排查名称',
    dataIndex: 'title',
    ellipsis: true,
    render: (v: string, r) => (
      <Link to={`/mediation/campaigns/${r.id}`} onClick={(e) => e.stopPropagation()}>
        {v}
      </Link>
    ),
  },
  {
    title: '类型',
    dataIndex: 'kindLabel',
    width: 104,
    render: (v: string, r) => <Tag color={KIND_COLORS[r.kind]}>{v}</Tag>,
  },
  { title: '排查期间', key: 'period', width: 196, render: (_, r) => `${r.periodStart} 至 ${r.periodEnd}` },
  { title: '上报截止', dataIndex: 'dueOn', width: 104 },
  { title: '上报', key: 'returns', width: 132, render: (_, r) => <ReturnsCell item={r} /> },
  { title: '发现纠纷', key: 'found', width: 84, align: 'right', render: (_, r) => r.counts.found },
  { title: '已转案', key: 'converted', width: 76, align: 'right', render: (_, r) => r.counts.converted },
  {
    title: '状态',
    dataIndex: 'statusLabel',
    width: 84,
    render: (v: string, r) => <CampaignStatusTag status={r.status} label={v} />,
  },
];

const YEARS = Array.from({ length: 6 }, (_, i) => dayjs().year() - i);

/** 矛盾纠纷排查: the campaigns of the user's town (a village officer: those their village reports to). */
export function CampaignsPage() {
  const navigate = useNavigate();
  const [q, setQ] = useState<CampaignListQuery>({});
  const [creating, setCreating] = useState(false);
  const list = useCampaigns(q);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          矛盾纠纷排查
        </h1>
        {list.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-new">
            部署排查
          </Button>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={8} lg={5}>
            <Select
              aria-label="排查类型"
              style={{ width: '100%' }}
              placeholder="类型：全部"
              allowClear
              value={q.kind}
              onChange={(kind?: CampaignListQuery['kind']) => setQ({ ...q, kind })}
              options={[
                { value: 'concentrated', label: '集中排查' },
                { value: 'regular', label: '经常性排查' },
              ]}
            />
          </Col>
          <Col xs={24} sm={8} lg={5}>
            <Select
              aria-label="状态"
              style={{ width: '100%' }}
              placeholder="状态：全部"
              allowClear
              value={q.status}
              onChange={(status?: CampaignListQuery['status']) => setQ({ ...q, status })}
              options={[
                { value: 'open', label: '进行中' },
                { value: 'closed', label: '已结束' },
              ]}
            />
          </Col>
          <Col xs={24} sm={8} lg={5}>
            <Select
              aria-label="年度"
              style={{ width: '100%' }}
              placeholder="年度：全部"
              allowClear
              value={q.year}
              onChange={(year?: number) => setQ({ ...q, year })}
              options={YEARS.map((y) => ({ value: y, label: `${y}年` }))}
            />
          </Col>
        </Row>
      </Card>
      {list.error && !list.data ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card
          size="small"
          title={<span style={{ fontWeight: 'normal' }}>共 {list.data?.items.length ?? 0} 次排查</span>}
          extra={
            <Button
              icon={<ReloadOutlined />}
              aria-label="刷新"
              onClick={() => void list.refetch()}
              loading={list.isRefetching}
            />
          }
        >
          <Table<CampaignListItem>
            rowKey="id"
            size="small"
            columns={COLUMNS}
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 1000 }}
            onRow={(r) => ({ onClick: () => navigate(`/mediation/campaigns/${r.id}`), style: { cursor: 'pointer' } })}
            locale={{ emptyText: list.data?.canCreate ? '尚未部署排查，点击“部署排查”开始' : '暂无排查任务' }}
            data-testid="campaign-table"
          />
        </Card>
      )}
      <CreateCampaignModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/mediation/campaigns/${id}`);
        }}
      />
    </div>
  );
}

interface CreateValues {
  kind: 'concentrated' | 'regular';
  title: string;
  period: [Dayjs, Dayjs];
  dueOn: Dayjs;
  note?: string;
}

/** A sensible default for the month: 经常性排查 runs monthly, returns due on the 10th (local practice). */
function defaults(kind: CreateValues['kind']): Partial<CreateValues> {
  const start = dayjs().startOf('month');
  const end = dayjs().endOf('month').startOf('day');
  if (kind === 'regular') {
    return {
      title: `${start.year()}年${start.month() + 1}月矛盾纠纷经常性排查`,
      period: [start, end],
      dueOn: start.date(10),
    };
  }
  const today = dayjs().startOf('day');
  return { title: '', period: [today, today.add(14, 'day')], dueOn: today.add(14, 'day') };
}

function CreateCampaignModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const refresh = useCampaignRefresh();

  const submit = async (v: CreateValues) => {
    setSaving(true);
    try {
      const c = await api.post<{ id: string; counts: { returnsTotal: number } }>('/api/campaigns', {
        kind: v.kind,
        title: v.title,
        periodStart: v.period[0].format('YYYY-MM-DD'),
        periodEnd: v.period[1].format('YYYY-MM-DD'),
        dueOn: v.dueOn.format('YYYY-MM-DD'),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      refresh();
      void message.success(`已部署，${c.counts.returnsTotal} 个村（社区）待上报`);
      form.resetFields();
      onCreated(c.id);
    } catch (e) {
      // The server names periodStart/periodEnd; the form has one range field for both.
      const mapped = applyFieldErrors(form, e, ['kind', 'title', 'dueOn', 'note']);
      if (!mapped) void message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="部署矛盾纠纷排查"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="部署"
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'regular', ...defaults('regular') }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<CreateValues>) => {
          if (changed.kind) form.setFieldsValue(defaults(changed.kind));
        }}
        data-testid="campaign-form"
      >
        <Form.Item label="排查类型" name="kind" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'regular', label: '经常性排查' },
              { value: 'concentrated', label: '集中排查' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="排查名称"
          name="title"
          rules={[{ required: true, whitespace: true, message: '请填写排查名称' }]}
          extra="集中排查如：2027年春节前矛盾纠纷集中排查"
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="排查期间" name="period" rules={[{ required: true, message: '请选择排查期间' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          label="上报截止日期"
          name="dueOn"
          dependencies={['period']}
          rules={[
            { required: true, message: '请选择上报截止日期' },
            ({ getFieldValue }) => ({
              validator: async (_, v: Dayjs | undefined) => {
                const p = getFieldValue('period') as [Dayjs, Dayjs] | undefined;
                if (v && p && v.isBefore(p[0], 'day')) throw new Error('上报截止日期不得早于排查开始日期');
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item label="工作要求" name="note">
          <Input.TextArea rows={3} maxLength={1000} placeholder="如：重点排查土地承包、婚姻家庭、劳资欠薪等纠纷" />
        </Form.Item>
        <Form.Item noStyle>
          <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>部署后全镇每个村（社区）各生成一份上报任务。</div>
        </Form.Item>
      </Form>
    </Modal>
  );
}
