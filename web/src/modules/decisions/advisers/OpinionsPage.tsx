import { PlusOutlined } from '@ant-design/icons';
import { OPINION_KIND_LABELS, type OpinionView } from '@fazhi/domain/api/decisions-advisers';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { TownPicker } from '../../../components/TownPicker.tsx';
import { useAdvisers, useAdvisersRefresh, useOpinions } from './api.ts';

const KIND_OPTIONS = Object.entries(OPINION_KIND_LABELS).map(([value, label]) => ({ value, label }));
const kindLabel = (k: string) => OPINION_KIND_LABELS[k as keyof typeof OPINION_KIND_LABELS] ?? k;

/**
 * 法律意见: the advisers' written opinions, filtered by year, kind and adviser (the filters live in
 * the address, so the figure's drill-down and the register link here), each with the case it is
 * about when the reader may see it.
 */
export function OpinionsPage() {
  const [params, setParams] = useSearchParams();
  const [townId, setTownId] = useState<string | undefined>();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const kind = params.get('kind') ?? undefined;
  const adviserId = params.get('adviserId') ?? undefined;
  const list = useOpinions({ townId, year, kind, adviserId });
  const advisers = useAdvisers(townId);
  const refresh = useAdvisersRefresh();
  const [editing, setEditing] = useState<OpinionView | 'new' | null>(null);
  if (list.error) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const canWrite = data?.canWrite ?? false;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const thisYear = dayjs().year();

  const columns: ColumnsType<OpinionView> = [
    { title: '出具日期', dataIndex: 'givenOn', width: 104 },
    { title: '事项', dataIndex: 'subject' },
    { title: '类别', dataIndex: 'kind', width: 96, render: kindLabel },
    { title: '法律顾问', dataIndex: 'adviserName', width: 90 },
    {
      title: '关联案件',
      key: 'case',
      width: 180,
      render: (_, o) =>
        o.caseId && o.caseNumber ? (
          <Link to={`/cases/${o.caseId}`}>{o.caseNumber}</Link>
        ) : o.caseId ? (
          '（无权查看）'
        ) : (
          '—'
        ),
    },
    { title: '时长（小时）', dataIndex: 'hours', width: 100, render: (h: number | null) => h ?? '—' },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 72,
            render: (_: unknown, o: OpinionView) => (
              <Button type="link" size="small" onClick={() => setEditing(o)}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={`法律意见${data ? ` · ${data.town.name}` : ''}`}
      extra={
        <Space wrap>
          <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              登记法律意见
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="年度"
          style={{ width: 110 }}
          value={year}
          onChange={(v?: number) => set('year', v ? String(v) : undefined)}
          options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }))}
        />
        <Select
          allowClear
          placeholder="意见类别"
          style={{ width: 130 }}
          value={kind}
          onChange={(v?: string) => set('kind', v)}
          options={KIND_OPTIONS}
        />
        <Select
          allowClear
          placeholder="法律顾问"
          style={{ width: 150 }}
          value={adviserId}
          onChange={(v?: string) => set('adviserId', v)}
          options={(advisers.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
        {data && (
          <Typography.Text type="secondary">
            共 {data.items.length} 件，合计 {data.totalHours} 小时
          </Typography.Text>
        )}
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (o) => <Typography.Paragraph>{o.summary}</Typography.Paragraph> }}
        scroll={{ x: 860 }}
      />
      {editing && data && (
        <OpinionDrawer
          opinion={editing === 'new' ? null : editing}
          townId={data.town.id}
          advisers={(advisers.data?.items ?? []).filter(
            (a) => a.active || (editing !== 'new' && a.id === editing.adviserId),
          )}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await refresh();
          }}
        />
      )}
    </Card>
  );
}

interface OpinionForm {
  adviserId: string;
  givenOn: Dayjs;
  subject: string;
  kind: string;
  caseId?: string;
  hours?: number | null;
  summary: string;
}

const FORM_FIELDS = ['adviserId', 'givenOn', 'subject', 'kind', 'caseId', 'hours', 'summary'];

function OpinionDrawer(props: {
  opinion: OpinionView | null;
  townId: string;
  advisers: { id: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { opinion } = props;
  const [form] = Form.useForm<OpinionForm>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const submit = async (v: OpinionForm) => {
    const body = {
      adviserId: v.adviserId,
      givenOn: v.givenOn.format('YYYY-MM-DD'),
      subject: v.subject,
      kind: v.kind,
      caseId: v.caseId ? v.caseId.trim() : null,
      hours: v.hours ?? null,
      summary: v.summary,
    };
    setSaving(true);
    try {
      if (opinion)
        await api.patch(`/api/decisions/adviser-opinions/${opinion.id}`, { ...body, version: opinion.version });
      else await api.post('/api/decisions/adviser-opinions', { ...body, townId: props.townId });
      message.success(opinion ? '已保存' : '已登记');
      props.onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e, FORM_FIELDS)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      width={560}
      title={opinion ? '编辑法律意见' : '登记法律意见'}
      onClose={props.onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<OpinionForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          opinion
            ? {
                adviserId: opinion.adviserId,
                givenOn: dayjs(opinion.givenOn),
                subject: opinion.subject,
                kind: opinion.kind,
                caseId: opinion.caseId ?? undefined,
                hours: opinion.hours,
                summary: opinion.summary,
              }
            : { givenOn: dayjs(), kind: 'decision' }
        }
      >
        <Form.Item name="adviserId" label="法律顾问" rules={[{ required: true, message: '请选择法律顾问' }]}>
          <Select options={props.advisers.map((a) => ({ value: a.id, label: a.name }))} />
        </Form.Item>
        <Form.Item name="givenOn" label="出具日期" rules={[{ required: true, message: '请选择出具日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="kind" label="意见类别" rules={[{ required: true, message: '请选择意见类别' }]}>
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        <Form.Item name="subject" label="事项" rules={[{ required: true, message: '请填写事项' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="caseId" label="关联案件编号" extra="可选：本镇您可查看的案件（案件页地址中的数字编号）">
          <Input maxLength={16} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="hours" label="工作时长（小时）">
          <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="summary" label="意见摘要" rules={[{ required: true, message: '请填写意见摘要' }]}>
          <Input.TextArea rows={6} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
