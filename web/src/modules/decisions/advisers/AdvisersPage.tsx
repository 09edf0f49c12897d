import { PlusOutlined } from '@ant-design/icons';
import { ADVISER_KIND_LABELS, type AdviserView } from '@fazhi/domain/api/decisions-advisers';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../../api.ts';
import { ActiveToggle } from '../../../components/ActiveToggle.tsx';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { TownPicker } from '../../../components/TownPicker.tsx';
import { useAdvisers, useAdvisersRefresh } from './api.ts';

/**
 * 法律顾问名册: the lawyers and firms the town retains (docs/domain.md §4), their licence, term and
 * service contract, and how many opinions each gave. Kept by the 党政办 and the 司法所.
 */
export function AdvisersPage() {
  const [townId, setTownId] = useState<string | undefined>();
  const list = useAdvisers(townId);
  const refresh = useAdvisersRefresh();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<AdviserView | 'new' | null>(null);
  if (list.error) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const canWrite = data?.canWrite ?? false;

  const setActive = async (a: AdviserView, active: boolean) => {
    try {
      await api.patch(`/api/decisions/advisers/${a.id}`, { active, version: a.version });
      message.success(active ? `已恢复 ${a.name}` : `已解聘 ${a.name}`);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<AdviserView> = [
    {
      title: '律师或律所',
      dataIndex: 'name',
      width: 120,
      render: (v: string, a) => (
        <Space orientation="vertical" size={0}>
          {a.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {ADVISER_KIND_LABELS[a.kind]}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '执业证号', dataIndex: 'licenceNo', width: 160 },
    { title: '所属律师事务所', dataIndex: 'firm', ellipsis: true },
    {
      title: '聘期',
      key: 'term',
      width: 200,
      render: (_, a) => (
        <Space orientation="vertical" size={2}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {a.termFrom} 至 {a.termTo}
          </span>
          {a.active && !a.inTerm && <Tag color="orange">不在聘期内</Tag>}
        </Space>
      ),
    },
    { title: '服务合同', dataIndex: 'contractRef', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '法律意见',
      dataIndex: 'opinions',
      width: 84,
      render: (n: number, a) => <Link to={`/decisions/adviser-opinions?adviserId=${a.id}`}>{n} 件</Link>,
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 72,
      render: (a: boolean) => (a ? <Tag color="green">在聘</Tag> : <Tag>已解聘</Tag>),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 104,
            fixed: 'right' as const,
            render: (_: unknown, a: AdviserView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(a)}>
                  编辑
                </Button>
                <ActiveToggle
                  active={a.active}
                  confirm={`解聘 ${a.name}？解聘后不能再登记其法律意见。`}
                  offLabel="解聘"
                  onChange={(on) => setActive(a, on)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={`法律顾问${data ? ` · ${data.town.name}` : ''}`}
      extra={
        <Space>
          <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              登记法律顾问
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        重大决策、规范性文件、重大合同、信访和诉讼事项应当听取法律顾问意见；法律顾问出具的书面意见在“法律意见”中登记。
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 960 }}
      />
      {editing && data && (
        <AdviserDrawer
          adviser={editing === 'new' ? null : editing}
          townId={data.town.id}
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

interface AdviserForm {
  kind: 'lawyer' | 'firm';
  name: string;
  licenceNo: string;
  firm: string;
  phone?: string;
  term: [Dayjs, Dayjs] | null;
  contractRef?: string;
}

const FORM_FIELDS = ['kind', 'name', 'licenceNo', 'firm', 'phone', 'term', 'contractRef'];

function AdviserDrawer(props: {
  adviser: AdviserView | null;
  townId: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { adviser } = props;
  const [form] = Form.useForm<AdviserForm>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const submit = async (v: AdviserForm) => {
    const body = {
      kind: v.kind,
      name: v.name,
      licenceNo: v.licenceNo,
      firm: v.firm,
      phone: v.phone || null,
      termFrom: v.term?.[0].format('YYYY-MM-DD'),
      termTo: v.term?.[1].format('YYYY-MM-DD'),
      contractRef: v.contractRef || null,
    };
    setSaving(true);
    try {
      if (adviser) await api.patch(`/api/decisions/advisers/${adviser.id}`, { ...body, version: adviser.version });
      else await api.post('/api/decisions/advisers', { ...body, townId: props.townId });
      message.success(adviser ? '已保存' : '已登记');
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
      width={520}
      title={adviser ? `编辑法律顾问 · ${adviser.name}` : '登记法律顾问'}
      onClose={props.onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<AdviserForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          adviser
            ? {
                kind: adviser.kind,
                name: adviser.name,
                licenceNo: adviser.licenceNo,
                firm: adviser.firm,
                phone: adviser.phone ?? '',
                term: [dayjs(adviser.termFrom), dayjs(adviser.termTo)],
                contractRef: adviser.contractRef ?? '',
              }
            : { kind: 'lawyer' }
        }
      >
        <Form.Item name="kind" label="类别">
          <Radio.Group options={Object.entries(ADVISER_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label="律师姓名或律所名称"
          rules={[{ required: true, message: '请填写律师姓名或律所名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="licenceNo"
          label="执业证号"
          extra="律师执业证号（17位）或律师事务所执业许可证号"
          rules={[{ required: true, message: '请填写执业证号' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="firm" label="所属律师事务所" rules={[{ required: true, message: '请填写所属律师事务所' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label="联系电话">
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="term" label="聘期" rules={[{ required: true, message: '请选择聘期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['聘期起', '聘期至']} />
        </Form.Item>
        <Form.Item name="contractRef" label="服务合同编号或存放处">
          <Input maxLength={200} placeholder="如：湾法顾〔2026〕1号法律顾问服务合同（党政办档案室）" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
