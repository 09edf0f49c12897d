/**
 * 关联案件: the links of a case both ways (由…转来 / 转出至, 立案处罚 / 源于, 关联), each
 * naming the other case with a link to its page. Generic: no case type is named here. The
 * server lists only links whose other case the reader may see.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CASE_LINK_KIND_KEYS,
  CASE_LINK_KINDS,
  type CaseDetail,
  type CaseLinkKind,
  type CaseLinksResponse,
  type CaseLinkView,
  type CaseListResponse,
  type CreateCaseLinkBody,
} from '@fazhi/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, isApiError } from '../../api.ts';
import { fmtInstant } from '../../components/format.ts';
import { CASES_KEY } from './casesApi.ts';
import { StateTag } from './caseUi.tsx';

const linksKey = (id: string) => [CASES_KEY, 'links', id] as const;

function AddLinkModal({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const [form] = Form.useForm<{ toCaseId?: string; kind: CaseLinkKind; note?: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: [CASES_KEY, 'link-search', q],
    queryFn: ({ signal }) => api.get<CaseListResponse>('/api/cases', { q, limit: 10 }, { signal }),
    enabled: q.trim().length > 0,
  });
  const add = useMutation({
    mutationFn: (body: CreateCaseLinkBody) => api.post(`/api/cases/${encodeURIComponent(c.id)}/links`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: linksKey(c.id) });
      message.success('已添加关联案件');
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.fields.length > 0) {
        form.setFields(
          e.fields.map((f) => ({ name: f.path === 'toNumber' ? 'toCaseId' : f.path, errors: [f.message] })) as never,
        );
      } else message.error(errorMessage(e));
    },
  });
  const options = (search.data?.items ?? [])
    .filter((i) => i.id !== c.id)
    .map((i) => ({ value: i.id, label: `${i.number}　${i.title}` }));
  return (
    <Modal
      open
      title="添加关联案件"
      okText="添加"
      cancelText="取消"
      confirmLoading={add.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'related' }}
        onFinish={(v) =>
          add.mutate({ toCaseId: v.toCaseId!, kind: v.kind, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })
        }
      >
        <Form.Item
          name="toCaseId"
          label="关联案件"
          rules={[{ required: true, message: '请选择要关联的案件' }]}
          extra="输入案件编号、标题或当事人姓名查找"
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder="输入编号或关键词"
            options={options}
            loading={search.isFetching}
            notFoundContent={q ? (search.isFetching ? '查找中…' : '未找到可查看的案件') : null}
            data-testid="link-search"
          />
        </Form.Item>
        <Form.Item name="kind" label="关联类型" rules={[{ required: true, message: '请选择关联类型' }]}>
          <Select options={CASE_LINK_KIND_KEYS.map((k) => ({ value: k, label: CASE_LINK_KINDS[k].choice }))} />
        </Form.Item>
        <Form.Item name="note" label="备注" rules={[{ max: 500, message: '备注不能超过500字' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CaseLinksCard({ c }: { c: CaseDetail }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const links = useQuery({
    queryKey: linksKey(c.id),
    queryFn: ({ signal }) =>
      api.get<CaseLinksResponse>(`/api/cases/${encodeURIComponent(c.id)}/links`, undefined, { signal }),
  });
  const remove = useMutation({
    mutationFn: (l: CaseLinkView) => api.delete(`/api/cases/${encodeURIComponent(c.id)}/links/${l.id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: linksKey(c.id) });
      message.success('已删除关联');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const data = links.data;
  const columns: ColumnsType<CaseLinkView> = [
    { title: '关系', key: 'label', width: 96, render: (_, l) => <Tag color="blue">{l.label}</Tag> },
    {
      title: '案件',
      key: 'case',
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${l.other.id}`}>{l.other.number}</Link>
          <Typography.Text>{l.other.title}</Typography.Text>
          {l.note ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              备注：{l.note}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: '类型', key: 'type', width: 110, render: (_, l) => l.other.typeLabel },
    {
      title: '状态',
      key: 'state',
      width: 110,
      render: (_, l) => <StateTag label={l.other.stateLabel} terminal={l.other.terminal} />,
    },
    {
      title: '添加',
      key: 'by',
      width: 150,
      render: (_, l) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {l.createdByName}
          <br />
          {fmtInstant(l.createdAt)}
        </Typography.Text>
      ),
    },
    {
      title: '',
      key: 'ops',
      width: 56,
      render: (_, l) =>
        l.canDelete ? (
          <Popconfirm
            title="删除此关联？"
            description="两件案件本身不受影响"
            okText="删除"
            cancelText="取消"
            onConfirm={() => remove.mutate(l)}
          >
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label="删除关联" />
          </Popconfirm>
        ) : null,
    },
  ];
  return (
    <Card
      size="small"
      title="关联案件"
      data-testid="case-links"
      extra={
        data?.canCreate ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            添加关联
          </Button>
        ) : null
      }
    >
      {links.error ? (
        <Typography.Text type="danger">{errorMessage(links.error)}</Typography.Text>
      ) : data && data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无关联案件" />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={links.isPending}
          columns={columns}
          dataSource={data?.items ?? []}
        />
      )}
      {adding ? <AddLinkModal c={c} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
