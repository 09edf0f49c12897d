import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SAFETY_INDUSTRY_LABELS } from '@fazhi/domain/api/safety';
import type { ChecklistDefaultsResult, ChecklistView } from '@fazhi/domain/api/safety-plans';
import { App, Button, Card, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { ActiveToggle } from '../../components/ActiveToggle.tsx';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { TownPicker } from '../../components/TownPicker.tsx';
import { useChecklists, useSafetyPlansRefresh } from './plansApi.ts';

const INDUSTRY_OPTIONS = Object.entries(SAFETY_INDUSTRY_LABELS).map(([value, label]) => ({ value, label }));
const industryLabel = (k: string) => SAFETY_INDUSTRY_LABELS[k as keyof typeof SAFETY_INDUSTRY_LABELS] ?? k;

/** 检查表: per industry, what an inspector checks and on which provision (expand a row for the items). */
export function ChecklistsPage() {
  const [townId, setTownId] = useState<string | undefined>();
  const list = useChecklists(townId);
  const refresh = useSafetyPlansRefresh();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ChecklistView | 'new' | null>(null);
  const [installing, setInstalling] = useState(false);
  if (list.error) return <ErrorResult error={list.error} onRetry={() => list.refetch()} />;
  const data = list.data;
  const canWrite = data?.canWrite ?? false;

  const setActive = async (c: ChecklistView, active: boolean) => {
    try {
      await api.put(`/api/safety/checklists/${c.id}`, { active, version: c.version });
      message.success(active ? '已恢复' : '已停用');
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const installDefaults = async () => {
    setInstalling(true);
    try {
      const r = await api.post<ChecklistDefaultsResult>('/api/safety/checklists/defaults', undefined, {
        query: { townId: data?.town.id },
      });
      message.success(
        r.created.length > 0 ? `已安装${r.created.length}张默认检查表` : '各行业默认检查表均已存在，未重复安装',
      );
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setInstalling(false);
    }
  };

  const columns: ColumnsType<ChecklistView> = [
    {
      title: '检查表名称',
      dataIndex: 'title',
      render: (v: string, c) => (
        <Space>
          <span style={c.active ? undefined : { color: '#999' }}>{v}</span>
          {!c.active && <Tag>已停用</Tag>}
        </Space>
      ),
    },
    {
      title: '行业',
      dataIndex: 'industry',
      width: 140,
      render: (k: string) => <Tag color="blue">{industryLabel(k)}</Tag>,
    },
    { title: '检查项目', key: 'n', width: 100, render: (_, c) => `${c.items.length}项` },
    { title: '更新时间', dataIndex: 'updatedAt', width: 120, render: (v: string) => v.slice(0, 10) },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 120,
            render: (_: unknown, c: ChecklistView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(c)}>
                  编辑
                </Button>
                <ActiveToggle
                  active={c.active}
                  confirm={'停用该检查表？停用后现场检查不再可选。'}
                  onChange={(on) => setActive(c, on)}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={`安全检查表${data ? ` · ${data.town.name}` : ''}`}
      extra={
        <Space>
          <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
          {canWrite && (
            <Popconfirm title="安装各行业默认检查表？已有同名检查表的行业不会被覆盖。" onConfirm={installDefaults}>
              <Button loading={installing}>安装默认检查表</Button>
            </Popconfirm>
          )}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增检查表
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
        locale={{ emptyText: canWrite ? '尚无检查表，可点击“安装默认检查表”' : '尚无检查表' }}
        expandable={{
          expandedRowRender: (c) => (
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={c.items}
              columns={[
                { title: '编号', dataIndex: 'code', width: 70 },
                { title: '检查内容', dataIndex: 'text' },
                { title: '检查依据', dataIndex: 'basis', width: 300 },
              ]}
            />
          ),
        }}
      />
      {editing && data && (
        <ChecklistDrawer
          checklist={editing === 'new' ? null : editing}
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

type ChecklistForm = Pick<ChecklistView, 'title' | 'industry' | 'items'>;

function ChecklistDrawer(props: {
  checklist: ChecklistView | null;
  townId: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { checklist } = props;
  const [form] = Form.useForm<ChecklistForm>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const submit = async (v: ChecklistForm) => {
    setSaving(true);
    try {
      if (checklist) await api.put(`/api/safety/checklists/${checklist.id}`, { ...v, version: checklist.version });
      else await api.post('/api/safety/checklists', { ...v, townId: props.townId });
      message.success('已保存');
      props.onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['title', 'industry', 'items'])) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      width={960}
      title={checklist ? `编辑检查表 · ${checklist.title}` : '新增检查表'}
      onClose={props.onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<ChecklistForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={checklist ?? { items: [{ code: '1', text: '', basis: '' }] }}
      >
        <Space.Compact block>
          <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写名称' }]} style={{ flex: 2 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="industry"
            label="行业"
            rules={[{ required: true, message: '请选择行业' }]}
            style={{ flex: 1, marginLeft: 12 }}
          >
            <Select options={INDUSTRY_OPTIONS} />
          </Form.Item>
        </Space.Compact>
        <Typography.Text strong>检查项目</Typography.Text>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={fields}
                columns={[
                  {
                    title: '编号',
                    width: 90,
                    render: (_, f) => (
                      <Form.Item
                        name={[f.name, 'code']}
                        rules={[{ required: true, message: '必填' }]}
                        noStyle={false}
                        style={{ margin: 0 }}
                      >
                        <Input maxLength={20} aria-label="编号" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: '检查内容',
                    render: (_, f) => (
                      <Form.Item
                        name={[f.name, 'text']}
                        rules={[{ required: true, message: '请填写检查内容' }]}
                        style={{ margin: 0 }}
                      >
                        <Input.TextArea maxLength={300} autoSize aria-label="检查内容" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: '检查依据',
                    width: 280,
                    render: (_, f) => (
                      <Form.Item
                        name={[f.name, 'basis']}
                        rules={[{ required: true, message: '请填写检查依据' }]}
                        style={{ margin: 0 }}
                      >
                        <Input.TextArea
                          maxLength={200}
                          autoSize
                          aria-label="检查依据"
                          placeholder="如：《安全生产法》第二十八条"
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    title: '',
                    width: 48,
                    render: (_, f) => (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label="删除该项"
                        onClick={() => remove(f.name)}
                      />
                    ),
                  },
                ]}
              />
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                style={{ marginTop: 8 }}
                onClick={() => add({ code: String(fields.length + 1), text: '', basis: '' })}
              >
                添加检查项目
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
