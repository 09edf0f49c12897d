import { PlusOutlined } from '@ant-design/icons';
import type { OfficerView } from '@fazhi/domain/api/enforcement';
import { CERTIFICATE_WARNING_DAYS } from '@fazhi/domain/enforcement/officers';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { ActiveToggle } from '../../components/ActiveToggle.tsx';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { TownPicker } from '../../components/TownPicker.tsx';
import { useEnforcementRefresh, useOfficers, useOfficerUsers } from './enforcementApi.ts';
import { FIELD_OPTIONS, fieldLabel } from './labels.ts';

const CERT_TAG: Record<OfficerView['certificate'], { color: string; text: string }> = {
  valid: { color: 'green', text: '有效' },
  expiring: { color: 'orange', text: `${CERTIFICATE_WARNING_DAYS}日内到期` },
  expired: { color: 'red', text: '已过期' },
};

/**
 * 执法人员与执法证: who may act for the town (行政处罚法 arts 42, 55: two officers with valid
 * certificates for the field), who reviews (art 58), and the certificates ending soon.
 */
export function OfficersPage() {
  const [townId, setTownId] = useState<string | undefined>();
  const list = useOfficers(townId);
  const refresh = useEnforcementRefresh();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<OfficerView | 'new' | null>(null);
  if (list.error) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const canWrite = data?.canWrite ?? false;

  const setActive = async (o: OfficerView, active: boolean) => {
    try {
      await api.patch(`/api/enforcement/officers/${o.id}`, { active, version: o.version });
      message.success(active ? `已恢复 ${o.name}` : `已注销 ${o.name}`);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<OfficerView> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 80,
      fixed: 'left',
      render: (v: string, o) => (o.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>),
    },
    { title: '执法证号', dataIndex: 'certNo', width: 118 },
    { title: '发证机关', dataIndex: 'certIssuer', width: 120, ellipsis: true },
    {
      title: '执法领域',
      dataIndex: 'fields',
      render: (fs: string[]) => (
        <Space size={[4, 4]} wrap>
          {fs.map((f) => (
            <Tag key={f}>{fieldLabel(f)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '有效期',
      key: 'valid',
      width: 190,
      render: (_, o) => (
        <Space orientation="vertical" size={2}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {o.validFrom ?? '—'} 至 {o.validUntil}
          </span>
          <Tag color={CERT_TAG[o.certificate].color}>{CERT_TAG[o.certificate].text}</Tag>
        </Space>
      ),
    },
    {
      title: '法制审核',
      key: 'reviewer',
      width: 118,
      render: (_, o) =>
        o.reviewer ? (
          <Space orientation="vertical" size={2}>
            <Tag color="blue">审核人员</Tag>
            {o.legalQualification && <Tag color="purple">法律职业资格</Tag>}
          </Space>
        ) : o.legalQualification ? (
          <Tag color="purple">法律职业资格</Tag>
        ) : (
          '—'
        ),
    },
    { title: '关联账号', dataIndex: 'userName', width: 80, render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      dataIndex: 'active',
      width: 72,
      render: (a: boolean) => (a ? <Tag color="green">在册</Tag> : <Tag>已注销</Tag>),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 104,
            fixed: 'right' as const,
            render: (_: unknown, o: OfficerView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(o)}>
                  编辑
                </Button>
                <ActiveToggle
                  active={o.active}
                  confirm={`注销 ${o.name}？注销后不能再被选为执法人员。`}
                  offLabel="注销"
                  onChange={(on) => setActive(o, on)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={`执法人员与执法证${data ? ` · ${data.town.name}` : ''}`}
      extra={
        <Space>
          <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              登记执法人员
            </Button>
          )}
        </Space>
      }
    >
      {data && data.expiring.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${data.expiring.length} 名执法人员的执法证已过期或将在${CERTIFICATE_WARNING_DAYS}日内到期`}
          description={data.expiring
            .map((o) => `${o.name}（${o.certNo}）${o.certificate === 'expired' ? '已于' : '将于'} ${o.validUntil} 到期`)
            .join('；')}
        />
      )}
      <Typography.Paragraph type="secondary">
        执法人员不得少于两人，应当持有有效执法证件、在证件载明的执法领域内执法（行政处罚法第四十二条、第五十五条）；初次从事法制审核的人员应当取得法律职业资格（第五十八条第二款）。
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 1040 }}
      />
      {editing && data && (
        <OfficerDrawer
          officer={editing === 'new' ? null : editing}
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

interface OfficerForm {
  name: string;
  certNo: string;
  certIssuer: string;
  fields: string[];
  validity: [Dayjs | null, Dayjs] | null;
  userId?: string | null;
  reviewer: boolean;
  legalQualification: boolean;
}

const FORM_FIELDS = ['name', 'certNo', 'certIssuer', 'fields', 'validity', 'userId', 'reviewer', 'legalQualification'];

function OfficerDrawer(props: {
  officer: OfficerView | null;
  townId: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { officer } = props;
  const [form] = Form.useForm<OfficerForm>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const users = useOfficerUsers(props.townId, true);
  const submit = async (v: OfficerForm) => {
    const body = {
      name: v.name,
      certNo: v.certNo,
      certIssuer: v.certIssuer,
      fields: v.fields,
      validFrom: v.validity?.[0] ? v.validity[0].format('YYYY-MM-DD') : null,
      validUntil: v.validity?.[1]?.format('YYYY-MM-DD'),
      userId: v.userId ?? null,
      reviewer: v.reviewer,
      legalQualification: v.legalQualification,
    };
    setSaving(true);
    try {
      if (officer) await api.patch(`/api/enforcement/officers/${officer.id}`, { ...body, version: officer.version });
      else await api.post('/api/enforcement/officers', { ...body, townId: props.townId });
      message.success(officer ? '已保存' : '已登记');
      props.onSaved();
    } catch (e) {
      // The server names validFrom/validUntil; the form has one range for both.
      const placed = applyFieldErrors(form, e, FORM_FIELDS);
      if (!placed) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      width={520}
      title={officer ? `编辑执法人员 · ${officer.name}` : '登记执法人员'}
      onClose={props.onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<OfficerForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          officer
            ? {
                name: officer.name,
                certNo: officer.certNo,
                certIssuer: officer.certIssuer,
                fields: officer.fields,
                validity: [officer.validFrom ? dayjs(officer.validFrom) : null, dayjs(officer.validUntil)],
                userId: officer.userId,
                reviewer: officer.reviewer,
                legalQualification: officer.legalQualification,
              }
            : { fields: [], reviewer: false, legalQualification: false }
        }
      >
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="certNo" label="执法证号" rules={[{ required: true, message: '请填写执法证号' }, { max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="certIssuer"
          label="发证机关"
          rules={[{ required: true, message: '请填写发证机关' }, { max: 100 }]}
        >
          <Input maxLength={100} placeholder="如：××省人民政府" />
        </Form.Item>
        <Form.Item
          name="fields"
          label="执法领域"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个执法领域' }]}
        >
          <Checkbox.Group options={FIELD_OPTIONS} />
        </Form.Item>
        <Form.Item
          name="validity"
          label="有效期"
          required
          rules={[
            {
              validator: (_, v: OfficerForm['validity']) =>
                v?.[1] ? Promise.resolve() : Promise.reject(new Error('请选择有效期至')),
            },
          ]}
        >
          <DatePicker.RangePicker
            allowEmpty={[true, false]}
            style={{ width: '100%' }}
            placeholder={['有效期起', '有效期至']}
          />
        </Form.Item>
        <Form.Item name="userId" label="关联账号" extra="执法人员使用本平台时，关联其本镇账号">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={users.isLoading}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.unit}）` }))}
          />
        </Form.Item>
        <Form.Item name="reviewer" label="法制审核人员" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="legalQualification"
          label="法律职业资格"
          valuePropName="checked"
          extra="初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格（行政处罚法第五十八条第二款）"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
