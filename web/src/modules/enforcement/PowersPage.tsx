import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { PowerView } from '@fazhi/domain/api/enforcement';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { ActiveToggle } from '../../components/ActiveToggle.tsx';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { TownPicker } from '../../components/TownPicker.tsx';
import { DiscretionTable } from './DiscretionTable.tsx';
import { useEnforcementRefresh, usePowers } from './enforcementApi.ts';
import { FIELD_OPTIONS, fieldLabel, fineRange } from './labels.ts';

/**
 * 权责清单: each matter the town may punish, its legal basis and range, whether handed down
 * (行政处罚法 art 24), and its 裁量基准 (expand a row).
 */
export function PowersPage() {
  const [townId, setTownId] = useState<string | undefined>();
  const list = usePowers(townId);
  const refresh = useEnforcementRefresh();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<PowerView | 'new' | null>(null);
  if (list.error) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const canWrite = data?.canWrite ?? false;

  const setActive = async (p: PowerView, active: boolean) => {
    try {
      await api.patch(`/api/enforcement/powers/${p.id}`, { active, version: p.version });
      message.success(active ? '已恢复' : '已停用');
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<PowerView> = [
    { title: '事项编码', dataIndex: 'code', width: 110 },
    { title: '执法领域', dataIndex: 'field', width: 84, render: (f: string) => <Tag>{fieldLabel(f)}</Tag> },
    {
      title: '事项名称',
      dataIndex: 'matter',
      render: (v: string, p) => (
        <Space orientation="vertical" size={0}>
          <span style={p.active ? undefined : { color: '#999' }}>{v}</span>
          {!p.active && <Tag>已停用</Tag>}
        </Space>
      ),
    },
    { title: '违法依据', dataIndex: 'violatedBasis', width: 150 },
    { title: '处罚依据', dataIndex: 'penaltyBasis', width: 170 },
    {
      title: '罚款幅度',
      key: 'fine',
      width: 124,
      render: (_, p) => fineRange(p.fineMin, p.fineMax),
    },
    {
      title: '来源',
      key: 'delegated',
      width: 84,
      render: (_, p) =>
        p.delegated ? (
          <Tag color="blue" title={p.delegatedBy ?? ''}>
            赋权事项
          </Tag>
        ) : (
          <Tag>法定职权</Tag>
        ),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 100,
            render: (_: unknown, p: PowerView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(p)}>
                  编辑
                </Button>
                <ActiveToggle
                  active={p.active}
                  confirm={'停用该事项？停用后不再公示，也不能被新案件引用。'}
                  onChange={(on) => setActive(p, on)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={`权责清单${data ? ` · ${data.town.name}` : ''}`}
      extra={
        <Space>
          <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增事项
            </Button>
          )}
        </Space>
      }
    >
      <Table
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (p) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text>
                <b>处罚种类和幅度：</b>
                {p.penaltyRange}
              </Typography.Text>
              {p.delegated && (
                <Typography.Text>
                  <b>赋权决定：</b>
                  {p.delegatedBy}
                </Typography.Text>
              )}
              <DiscretionTable levels={p.discretion} />
            </Space>
          ),
        }}
      />
      {editing && data && (
        <PowerDrawer
          power={editing === 'new' ? null : editing}
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

type PowerForm = Omit<PowerView, 'id' | 'townId' | 'active' | 'version'>;
const FORM_FIELDS = [
  'code',
  'field',
  'matter',
  'violatedBasis',
  'penaltyBasis',
  'penaltyRange',
  'fineMin',
  'fineMax',
  'delegated',
  'delegatedBy',
  'discretion',
];

function PowerDrawer(props: { power: PowerView | null; townId: string; onClose: () => void; onSaved: () => void }) {
  const { power } = props;
  const [form] = Form.useForm<PowerForm>();
  const delegated = Form.useWatch('delegated', form);
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const submit = async (v: PowerForm) => {
    const body = {
      ...v,
      fineMin: v.fineMin ?? null,
      fineMax: v.fineMax ?? null,
      delegatedBy: v.delegated ? (v.delegatedBy ?? null) : null,
      discretion: (v.discretion ?? []).map((l) => ({ ...l, fineMin: l.fineMin ?? null, fineMax: l.fineMax ?? null })),
    };
    setSaving(true);
    try {
      if (power) await api.patch(`/api/enforcement/powers/${power.id}`, { ...body, version: power.version });
      else await api.post('/api/enforcement/powers', { ...body, townId: props.townId });
      message.success('已保存');
      props.onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e, FORM_FIELDS)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const money = { min: 0, max: 1_000_000_000, precision: 2, style: { width: '100%' }, addonAfter: '元' } as const;
  return (
    <Drawer
      open
      width={680}
      title={power ? `编辑事项 · ${power.code}` : '新增权责事项'}
      onClose={props.onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<PowerForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={power ?? { delegated: false, discretion: [], fineMin: null, fineMax: null }}
      >
        <Space.Compact block>
          <Form.Item
            name="code"
            label="事项编码"
            rules={[{ required: true, message: '请填写事项编码' }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="field"
            label="执法领域"
            rules={[{ required: true, message: '请选择执法领域' }]}
            style={{ flex: 1, marginLeft: 12 }}
          >
            <Select options={FIELD_OPTIONS} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="matter" label="事项名称" rules={[{ required: true, message: '请填写事项名称' }]}>
          <Input.TextArea maxLength={200} autoSize />
        </Form.Item>
        <Form.Item name="violatedBasis" label="违法依据" rules={[{ required: true, message: '请填写违法依据' }]}>
          <Input.TextArea maxLength={1000} autoSize placeholder="如：《中华人民共和国城乡规划法》第四十一条" />
        </Form.Item>
        <Form.Item name="penaltyBasis" label="处罚依据" rules={[{ required: true, message: '请填写处罚依据' }]}>
          <Input.TextArea maxLength={1000} autoSize placeholder="如：《中华人民共和国城乡规划法》第六十五条" />
        </Form.Item>
        <Form.Item
          name="penaltyRange"
          label="处罚种类和幅度"
          rules={[{ required: true, message: '请填写处罚种类和幅度' }]}
        >
          <Input.TextArea maxLength={1000} autoSize />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="fineMin" label="罚款下限" style={{ flex: 1 }}>
            <InputNumber {...money} />
          </Form.Item>
          <Form.Item name="fineMax" label="罚款上限" style={{ flex: 1, marginLeft: 12 }}>
            <InputNumber {...money} />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="delegated"
          label="承接的县级部门行政处罚权（赋权事项，行政处罚法第二十四条）"
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        {delegated && (
          <Form.Item
            name="delegatedBy"
            label="赋权决定名称"
            rules={[{ required: true, message: '请填写赋权决定名称' }]}
          >
            <Input maxLength={200} placeholder="如：《××省人民政府关于赋予乡镇（街道）部分县级行政处罚权的决定》" />
          </Form.Item>
        )}
        <Typography.Title level={5}>裁量基准（按违法情节由轻到重）</Typography.Title>
        <Form.List name="discretion">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }}>
                  <Space align="start" wrap>
                    <Form.Item name={[f.name, 'level']} label="等级" rules={[{ required: true, message: '请填写' }]}>
                      <Input maxLength={20} style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'circumstances']}
                      label="适用情形"
                      rules={[{ required: true, message: '请填写适用情形' }]}
                    >
                      <Input maxLength={500} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'fineMin']} label="下限（元）">
                      <InputNumber min={0} precision={2} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'fineMax']} label="上限（元）">
                      <InputNumber min={0} precision={2} style={{ width: 110 }} />
                    </Form.Item>
                    <MinusCircleOutlined
                      aria-label="删除该等级"
                      style={{ marginTop: 36 }}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ fineMin: null, fineMax: null })}>
                增加裁量等级
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
