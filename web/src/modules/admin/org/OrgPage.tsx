import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { OrgUnit, OrgUnitCreate, OrgUnitDetail, OrgUnitUpdate } from '@fazhi/domain/api/platform';
import type { OrgKind } from '@fazhi/domain/org';
import { validateDivisionCode } from '@fazhi/domain/validators/division-code';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Tooltip,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { type Key, useState } from 'react';
import { ApiError, api, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { childKinds, detailKey, fetchDetail, KIND_LABELS, ORG_KEY } from './orgApi.ts';
import { type LazyOrgTree, useLazyOrgTree } from './useLazyOrgTree.ts';

interface EditValues {
  name: string;
  code?: string;
  sortOrder?: number;
}

interface CreateValues extends EditValues {
  kind: OrgKind;
}

const EDIT_FIELDS = ['name', 'code', 'sortOrder'] as const;
const CREATE_FIELDS = ['kind', 'name', 'code', 'sortOrder'] as const;

const codeRule = {
  validator: async (_: unknown, value: string | undefined) => {
    if (!value) return;
    const r = validateDivisionCode(value);
    if (!r.ok) throw new Error(r.message);
  },
};

const nameRules = [
  { required: true, whitespace: true, message: '请输入单位名称' },
  { max: 64, message: '单位名称不能超过 64 个字' },
];

/** `code` as the API wants it: null to clear, the trimmed digits otherwise. */
function codeOrNull(code: string | undefined): string | null {
  const v = code?.trim();
  return v ? v : null;
}

function AddChildModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: OrgUnitDetail;
  open: boolean;
  onClose: () => void;
  onCreated: (u: OrgUnit) => void;
}) {
  const [form] = Form.useForm<CreateValues>();
  const { message } = App.useApp();
  const kinds = childKinds(parent.kind);
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.post<OrgUnit>('/api/org-units', {
        parentId: parent.id,
        kind: v.kind as OrgUnitCreate['kind'],
        name: v.name.trim(),
        code: codeOrNull(v.code) ?? undefined,
        sortOrder: v.sortOrder ?? undefined,
      } satisfies OrgUnitCreate),
    onSuccess: (u) => {
      message.success(`已新增「${u.name}」`);
      form.resetFields();
      onCreated(u);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, CREATE_FIELDS)) void message.error(errorMessage(e));
    },
  });

  return (
    <Modal
      title={`在「${parent.name}」下新增单位`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="新增"
      cancelText="取消"
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        name="orgCreate"
        layout="vertical"
        preserve={false}
        initialValues={{ kind: kinds[0] }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item label="单位类型" name="kind" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={kinds.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item label="单位名称" name="name" rules={nameRules}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label="统计用区划代码" name="code" rules={[codeRule]} extra="12 位数字；部门、站所可不填">
          <Input maxLength={12} inputMode="numeric" />
        </Form.Item>
        <Form.Item label="排序号" name="sortOrder" extra="数字越小越靠前">
          <InputNumber min={0} max={99999} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UnitDetail({
  id,
  tree,
  onDeleted,
  onChildCreated,
}: {
  id: number;
  tree: LazyOrgTree;
  onDeleted: (u: OrgUnitDetail) => void;
  onChildCreated: (parent: OrgUnitDetail, child: OrgUnit) => void;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [adding, setAdding] = useState(false);
  const detail = useQuery({ queryKey: detailKey(id), queryFn: () => fetchDetail(id) });
  const unit = detail.data;

  const save = useMutation({
    mutationFn: (v: EditValues) =>
      api.patch<OrgUnit>(`/api/org-units/${id}`, {
        name: v.name.trim(),
        code: codeOrNull(v.code),
        sortOrder: v.sortOrder ?? 0,
        version: unit!.version,
      } satisfies OrgUnitUpdate),
    onSuccess: async (u) => {
      message.success('已保存');
      await qc.invalidateQueries({ queryKey: detailKey(id) });
      await tree.refreshListOf(u);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        void message.warning(`${e.message}（已载入最新内容，请核对后重新修改）`);
        void detail.refetch();
        return;
      }
      if (!applyFieldErrors(form, e, EDIT_FIELDS)) void message.error(errorMessage(e));
    },
  });

  const remove = useMutation({
    mutationFn: () => api.delete(`/api/org-units/${id}`),
    onSuccess: () => {
      message.success(`已删除「${unit?.name ?? ''}」`);
      qc.removeQueries({ queryKey: detailKey(id) });
      if (unit) onDeleted(unit);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (detail.error || !unit) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} />;

  const blocked = unit.childCount > 0 || unit.userCount > 0;
  const canAddChild = childKinds(unit.kind).length > 0;

  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginBottom: 20 }}
        items={[
          { key: 'kind', label: '单位类型', children: unit.kindLabel },
          { key: 'parent', label: '上级单位', children: unit.parentName ?? '—' },
          { key: 'children', label: '下级单位数', children: unit.childCount },
          { key: 'users', label: '用户数', children: unit.userCount },
        ]}
      />
      <Form<EditValues>
        key={`${unit.id}-${unit.version}`}
        form={form}
        name="orgEdit"
        layout="vertical"
        initialValues={{ name: unit.name, code: unit.code ?? '', sortOrder: unit.sortOrder }}
        onFinish={(v) => save.mutate(v)}
        style={{ maxWidth: 520 }}
        data-testid="org-edit-form"
      >
        <Form.Item label="单位名称" name="name" rules={nameRules}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label="统计用区划代码" name="code" rules={[codeRule]} extra="12 位数字；部门、站所可不填">
          <Input maxLength={12} inputMode="numeric" />
        </Form.Item>
        <Form.Item label="排序号" name="sortOrder" extra="数字越小越靠前">
          <InputNumber min={0} max={99999} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
          <Tooltip title={canAddChild ? undefined : `${unit.kindLabel}下不能再设下级单位`}>
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={!canAddChild}>
              新增下级单位
            </Button>
          </Tooltip>
          <Popconfirm
            title={`确定删除「${unit.name}」吗？`}
            description="删除后不可恢复。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            disabled={blocked}
            onConfirm={() => remove.mutateAsync().catch(() => undefined)}
          >
            <Tooltip title={blocked ? '该单位下还有下级单位或用户，不能删除' : undefined}>
              <Button danger icon={<DeleteOutlined />} disabled={blocked} loading={remove.isPending}>
                删除
              </Button>
            </Tooltip>
          </Popconfirm>
        </Space>
      </Form>
      <AddChildModal
        parent={unit}
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(child) => {
          setAdding(false);
          onChildCreated(unit, child);
        }}
      />
    </>
  );
}

/** 组织机构: the lazily loaded tree on the left, the selected unit's detail and edit form on the right. */
export function OrgPage() {
  const qc = useQueryClient();
  const tree = useLazyOrgTree();
  const [selected, setSelected] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<Key[]>([]);

  const treeData = tree.build<TreeDataNode>((u, kids) => ({
    key: String(u.id),
    title: (
      <span>
        <span>{u.name}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
          {u.kindLabel}
        </Typography.Text>
      </span>
    ),
    isLeaf: tree.isLeaf(u),
    children: kids,
  }));

  const selectedUnit = selected != null ? tree.byId.get(selected) : undefined;

  return (
    <div>
      <h1 className="fz-page-title">组织机构</h1>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xxl={7}>
          <Card
            title="单位树"
            size="small"
            extra={
              <Tooltip title="刷新">
                <Button
                  type="text"
                  size="small"
                  aria-label="刷新单位树"
                  icon={<ReloadOutlined />}
                  onClick={() => {
                    setExpanded([]);
                    void qc.invalidateQueries({ queryKey: [ORG_KEY] });
                    for (const key of tree.loadedKeys) void tree.load(Number(key), true);
                  }}
                />
              </Tooltip>
            }
            styles={{ body: { maxHeight: 'calc(100vh - 210px)', minHeight: 240, overflow: 'auto' } }}
          >
            {tree.rootsLoading && <Skeleton active />}
            {tree.rootsError ? <Alert type="error" showIcon title={errorMessage(tree.rootsError)} /> : null}
            {tree.roots && tree.roots.length === 0 && <Empty description="暂无可查看的单位" />}
            {tree.roots && tree.roots.length > 0 && (
              <Tree
                blockNode
                showLine
                treeData={treeData}
                loadData={(node) => tree.load(Number(node.key)).then(() => undefined)}
                loadedKeys={tree.loadedKeys}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys)}
                selectedKeys={selected != null ? [String(selected)] : []}
                onSelect={(keys) => {
                  const k = keys[0];
                  if (k != null) setSelected(Number(k));
                }}
                data-testid="org-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15} xxl={17}>
          <Card title={selectedUnit ? selectedUnit.name : '单位详情'} size="small" data-testid="org-detail">
            {selected == null ? (
              <Empty description="请在左侧选择一个单位" />
            ) : (
              <UnitDetail
                key={selected}
                id={selected}
                tree={tree}
                onDeleted={(u) => {
                  setSelected(u.parentId != null && tree.byId.has(u.parentId) ? u.parentId : null);
                  void tree.refreshListOf(u);
                  if (u.parentId != null) void qc.invalidateQueries({ queryKey: detailKey(u.parentId) });
                }}
                onChildCreated={(parent, child) => {
                  void tree.load(parent.id, true).then(() => {
                    setExpanded((keys) => (keys.includes(String(parent.id)) ? keys : [...keys, String(parent.id)]));
                    setSelected(child.id);
                  });
                  void qc.invalidateQueries({ queryKey: detailKey(parent.id) });
                  // The parent may have just stopped being a leaf in its own list.
                  void tree.refreshListOf(parent);
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
