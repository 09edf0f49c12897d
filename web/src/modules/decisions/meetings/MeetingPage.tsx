/**
 * One meeting: its arrangement and attendance, the agenda (added, edited, reordered and removed
 * while planned; an item may name the case it decides), the record once held (each view in the
 * order said, the chief's last; the conclusion; the dissent), and the 纪要 to download.
 */
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import type { CaseListResponse } from '@fazhi/domain';
import type { MeetingDetail, MeetingItemView } from '@fazhi/domain/api/decisions-meetings';
import {
  isMeetingCaseType,
  MEETING_CONCLUSION_LABELS,
  MEETING_KIND_LABELS,
  MEETING_VIEW_LABELS,
} from '@fazhi/domain/decisions/meetings';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, download, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { HoldDrawer } from './HoldDrawer.tsx';
import { StatusTag } from './MeetingsPage.tsx';
import { MEETINGS_KEY, useMeeting, useMeetingsRefresh } from './meetingsApi.ts';

const CONCLUSION_COLORS = { adopted: 'green', amended: 'cyan', rejected: 'red', deferred: 'orange' } as const;

function ItemModal({
  d,
  item,
  onClose,
  onSaved,
}: {
  d: MeetingDetail;
  item: MeetingItemView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ subject: string; caseId?: string | null }>();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: [MEETINGS_KEY, 'case-search', q],
    queryFn: ({ signal }) => api.get<CaseListResponse>('/api/cases', { q, limit: 20 }, { signal }),
    enabled: q.trim().length > 0,
  });
  // Only the types with a collective discussion; the server reads the type from the case again.
  const options = (search.data?.items ?? [])
    .filter((c) => isMeetingCaseType(c.type))
    .map((c) => ({ value: c.id, label: `${c.typeLabel}　${c.number}　${c.title}` }));
  if (item?.case && !options.some((o) => o.value === item.case!.id)) {
    options.unshift({
      value: item.case.id,
      label: `${item.case.typeLabel}　${item.case.number ?? ''}　${item.case.title}`,
    });
  }
  const save = useMutation({
    mutationFn: (v: { subject: string; caseId?: string | null }) => {
      const body = { subject: v.subject, caseId: v.caseId ? Number(v.caseId) : null, version: d.version };
      return item
        ? api.patch(`/api/meetings/${d.id}/items/${item.id}`, body)
        : api.post(`/api/meetings/${d.id}/items`, body);
    },
    onSuccess: () => {
      message.success(item ? '已修改议题' : '已添加议题');
      onSaved();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['subject', 'caseId'])) message.error(errorMessage(e));
    },
  });
  return (
    <Modal
      open
      title={item ? '修改议题' : '添加议题'}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ subject: item?.subject ?? '', caseId: item?.case?.id ?? null }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="subject" label="议题" rules={[{ required: true, message: '请填写议题' }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder="如：研究2026年防汛工作方案" />
        </Form.Item>
        <Form.Item
          name="caseId"
          label="关联案件（可选）"
          extra="本议题决定的重大行政决策、规范性文件、合同或行政处罚：输入编号或标题查找"
        >
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder="不关联案件"
            options={options}
            loading={search.isFetching}
            notFoundContent={q ? (search.isFetching ? '查找中…' : '未找到可关联的案件') : null}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ItemRecord({ it, chief }: { it: MeetingItemView; chief: string | null }) {
  if (!it.conclusion) return null;
  return (
    <div style={{ width: '100%' }}>
      <ol style={{ paddingLeft: 20, margin: '4px 0' }}>
        {it.views.map((v, i) => (
          <li key={v.name}>
            <Typography.Text strong>{v.name}</Typography.Text>
            {v.name === chief && i === it.views.length - 1 && <Tag color="gold">行政首长，最后发言</Tag>}
            <Tag>{MEETING_VIEW_LABELS[v.view]}</Tag>
            {v.words}
          </li>
        ))}
      </ol>
      <div>
        会议结论：<Tag color={CONCLUSION_COLORS[it.conclusion]}>{MEETING_CONCLUSION_LABELS[it.conclusion]}</Tag>
        {it.conclusionText}
      </div>
      {it.dissent && <div>不同意见：{it.dissent}</div>}
      {it.chiefDiffersReason && <div>行政首长决定与多数意见不一致的理由：{it.chiefDiffersReason}</div>}
    </div>
  );
}

export function MeetingPage() {
  const { id = '' } = useParams();
  const q = useMeeting(id);
  const refresh = useMeetingsRefresh();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<MeetingItemView | null | undefined>(undefined);
  const [holding, setHolding] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: (f: () => Promise<unknown>) => f(),
    onSuccess: () => void refresh(),
    onError: (e) => message.error(errorMessage(e)),
  });
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  if (!d) return <Card loading />;
  const planned = d.status === 'planned' && d.canWrite;
  const move = (idx: number, by: number) => {
    const ids = d.items.map((i) => Number(i.id));
    const [x] = ids.splice(idx, 1);
    ids.splice(idx + by, 0, x!);
    act.mutate(() => api.post(`/api/meetings/${d.id}/items/order`, { itemIds: ids, version: d.version }));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {d.title}
            <StatusTag status={d.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {planned && (
              <Link to={`/meetings/${d.id}/edit`}>
                <Button icon={<EditOutlined />}>修改安排</Button>
              </Link>
            )}
            {planned && (
              <Button onClick={() => setCancelling(true)} danger>
                取消会议
              </Button>
            )}
            {planned && (
              <Button type="primary" onClick={() => setHolding(true)} disabled={d.items.length === 0}>
                记录会议召开
              </Button>
            )}
            {d.status === 'held' && (
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  download(`/api/meetings/${d.id}/minutes.docx`, undefined, '会议纪要.docx').catch((e) =>
                    message.error(errorMessage(e)),
                  )
                }
              >
                下载会议纪要
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label="会议类型">{MEETING_KIND_LABELS[d.kind]}</Descriptions.Item>
          <Descriptions.Item label="会议日期">{d.heldOn}</Descriptions.Item>
          <Descriptions.Item label="会议地点">{d.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="主持人">{d.chairName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="行政首长">{d.chiefName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="记录人">{d.recorderName ?? '—'}</Descriptions.Item>
          {d.status === 'held' && (
            <Descriptions.Item label="出席">
              应出席{d.quorum.members}人，实到{d.quorum.present}人
            </Descriptions.Item>
          )}
          {d.minutesNo && <Descriptions.Item label="纪要编号">{d.minutesNo}</Descriptions.Item>}
          {d.cancelReason && <Descriptions.Item label="取消原因">{d.cancelReason}</Descriptions.Item>}
          <Descriptions.Item label="登记人">{d.createdByName}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`参会人员（${d.attendees.length}）`} size="small">
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={d.attendees}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '职务', dataIndex: 'post', render: (v: string | null) => v ?? '—' },
            { title: '身份', dataIndex: 'role', render: (r: string) => (r === 'member' ? '应出席' : '列席') },
            ...(d.status === 'held'
              ? [
                  {
                    title: '出席情况',
                    key: 'present',
                    render: (_: unknown, a: MeetingDetail['attendees'][number]) =>
                      a.present ? (
                        <Tag color="green">出席</Tag>
                      ) : (
                        <Tag color="orange">缺席{a.absenceReason ? `：${a.absenceReason}` : ''}</Tag>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title={`议题（${d.items.length}）`}
        size="small"
        extra={
          planned && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              添加议题
            </Button>
          )
        }
      >
        {d.items.length === 0 ? (
          <Empty description="尚无议题" />
        ) : (
          <List
            dataSource={d.items}
            renderItem={(it, idx) => (
              <List.Item
                actions={
                  planned
                    ? [
                        <Button
                          key="up"
                          type="text"
                          aria-label="上移"
                          icon={<ArrowUpOutlined />}
                          disabled={idx === 0}
                          onClick={() => move(idx, -1)}
                        />,
                        <Button
                          key="down"
                          type="text"
                          aria-label="下移"
                          icon={<ArrowDownOutlined />}
                          disabled={idx === d.items.length - 1}
                          onClick={() => move(idx, 1)}
                        />,
                        <Button
                          key="edit"
                          type="text"
                          aria-label="修改"
                          icon={<EditOutlined />}
                          onClick={() => setEditing(it)}
                        />,
                        <Popconfirm
                          key="del"
                          title="删除该议题？"
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() =>
                            act.mutate(() =>
                              api.post(`/api/meetings/${d.id}/items/${it.id}/remove`, { version: d.version }),
                            )
                          }
                        >
                          <Button type="text" aria-label="删除" icon={<DeleteOutlined />} />
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>
                        {it.seq}. {it.subject}
                      </span>
                      {it.case &&
                        (it.case.canOpen ? (
                          <Link to={`/cases/${it.case.id}`}>
                            <Tag color="blue">
                              {it.case.typeLabel} {it.case.number}
                            </Tag>
                          </Link>
                        ) : (
                          <Tag>{it.case.typeLabel}</Tag>
                        ))}
                    </Space>
                  }
                  description={<ItemRecord it={it} chief={d.chiefName} />}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {editing !== undefined && (
        <ItemModal
          d={d}
          item={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void refresh();
          }}
        />
      )}
      {holding && (
        <HoldDrawer
          d={d}
          onClose={() => setHolding(false)}
          onDone={() => {
            setHolding(false);
            void refresh();
          }}
        />
      )}
      <Modal
        open={cancelling}
        title="取消会议"
        okText="取消会议"
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: act.isPending }}
        cancelText="返回"
        onCancel={() => setCancelling(false)}
        onOk={() =>
          act.mutate(() => api.post(`/api/meetings/${d.id}/cancel`, { reason: reason.trim(), version: d.version }), {
            onSuccess: () => setCancelling(false),
          })
        }
      >
        <Input.TextArea
          rows={2}
          maxLength={200}
          placeholder="取消原因"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
