import type { InboxItem } from '@fazhi/domain';
import { INBOX_ASK_KEYS, INBOX_ASKS, type InboxAsk } from '@fazhi/domain/engine/inbox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { CASES_KEY, type InboxShow, inboxQuery } from './casesApi.ts';
import { DueCell, DueLevelTag, StateTag } from './caseUi.tsx';

/** The server's page (InboxQuerySchema's default). */
const PAGE_SIZE = 50;

/**
 * 我的待办: the cases waiting for this user, nearest deadline first, 50 at a time (加载更多 for
 * the next 50). The counters are the whole inbox's; picking one asks the server for those items.
 */
export function InboxCard() {
  const navigate = useNavigate();
  const [show, setShow] = useState<InboxShow>('all');
  // The previous list stays on screen (greyed) while another counter's first page loads.
  const inbox = useInfiniteQuery({ ...inboxQuery(show), placeholderData: keepPreviousData });

  const rows = useMemo(() => {
    // A case that moved between two pages' requests would come twice; show it once.
    const seen = new Set<string>();
    return (inbox.data?.pages ?? []).flatMap((p) => p.items).filter((i) => !seen.has(i.id) && seen.add(i.id));
  }, [inbox.data]);

  const first = inbox.data?.pages[0];
  const counts = first?.counts;
  const shown = counts
    ? show === 'all'
      ? counts.total
      : show.startsWith('ask:')
        ? counts.asks[show.slice(4) as InboxAsk]
        : counts[show as 'breached' | 'warn']
    : 0;
  const columns: ColumnsType<InboxItem> = [
    { title: '待办事项', key: 'asks', width: 270, render: (_, r) => <AsksCell item={r} /> },
    { title: '期限', key: 'due', width: 180, render: (_, r) => <DueCell item={r} showTag={false} /> },
    {
      title: '案件',
      key: 'title',
      render: (_, r) => (
        <div style={{ minWidth: 0 }}>
          {/* CSS ellipsis with a title: antd's measured ellipsis (an observer and a tooltip per
              cell) was most of the time the browser took to draw 50 rows (bench:web, issue 19). */}
          <div className="fz-ellipsis" title={r.title}>
            {r.title}
          </div>
          <div className="fz-ellipsis fz-secondary" style={{ fontSize: 12 }}>
            {r.number}
            {r.partyNames ? ` · ${r.partyNames}` : ''}
          </div>
        </div>
      ),
    },
    { title: '类型', dataIndex: 'typeLabel', width: 100, ellipsis: true },
    {
      title: '状态',
      dataIndex: 'stateLabel',
      width: 130,
      render: (v: string, r) => <StateTag label={v} terminal={r.terminal} />,
    },
  ];

  // The 待办事项 filters that have something in them (and the one picked, even when it empties).
  const askOptions = counts
    ? INBOX_ASK_KEYS.filter((k) => counts.asks[k] > 0 || show === `ask:${k}`).map((k) => ({
        value: `ask:${k}` as InboxShow,
        label: `${INBOX_ASKS[k]} ${counts.asks[k]}`,
      }))
    : [];

  return (
    <Card
      title="我的待办"
      data-testid="todo-card"
      extra={
        counts && (
          <Segmented<InboxShow>
            size="small"
            value={show}
            onChange={setShow}
            data-testid="inbox-filter"
            options={[
              { value: 'all', label: `全部 ${counts.total}` },
              ...askOptions,
              {
                value: 'breached',
                label: (
                  <Space size={4}>
                    <Badge status="error" />
                    已超期 {counts.breached}
                  </Space>
                ),
              },
              {
                value: 'warn',
                label: (
                  <Space size={4}>
                    <Badge status="warning" />
                    即将到期 {counts.warn}
                  </Space>
                ),
              },
            ]}
          />
        )
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      {inbox.error && !inbox.data ? (
        <ErrorResult error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <>
          {first && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
              距期限 {first.warnWorkdays}{' '}
              个工作日内显示为“即将到期”。点击一行查看案件；待审批的事项可在此直接批准或驳回。
            </Typography.Paragraph>
          )}
          <Table<InboxItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={inbox.isPending || inbox.isPlaceholderData}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 860 }}
            onRow={(r) => ({
              onClick: () => navigate(`/cases/${r.id}`),
              style: { cursor: 'pointer' },
            })}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={show === 'all' ? '暂无待办，所有案件均已处理' : '没有符合条件的待办'}
                />
              ),
            }}
            data-testid="inbox-table"
          />
          {/* Only an inbox longer than one page needs to say how much of it is shown. */}
          {(inbox.hasNextPage || rows.length > PAGE_SIZE) && !inbox.isPlaceholderData && (
            <Space
              style={{ width: '100%', justifyContent: 'center', marginTop: 12 }}
              size="middle"
              data-testid="inbox-more"
            >
              <Typography.Text type="secondary">
                已显示 {rows.length} 件，共 {shown} 件
              </Typography.Text>
              {inbox.hasNextPage && (
                <Button
                  size="small"
                  onClick={() => void inbox.fetchNextPage()}
                  loading={inbox.isFetchingNextPage}
                  data-testid="inbox-load-more"
                >
                  加载更多
                </Button>
              )}
            </Space>
          )}
        </>
      )}
    </Card>
  );
}

/** What the case asks of the user, its deadline's level, and on a 待审批 row the request with 批准 / 驳回. */
function AsksCell({ item }: { item: InboxItem }) {
  const level = item.dueLevel === 'breached' || item.dueLevel === 'warn';
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid={`inbox-asks-${item.id}`}>
      <Space size={[4, 4]} wrap>
        {item.asks.map((a) => (
          <Tag key={a.key} color={ASK_COLORS[a.key]} style={{ marginInlineEnd: 0 }} title={a.actionLabel}>
            {a.label}
          </Tag>
        ))}
        {item.asks.length === 0 && item.nextActions.length === 0 && !level && (
          <Typography.Text type="secondary">办理中</Typography.Text>
        )}
        {level && <DueLevelTag level={item.dueLevel} />}
      </Space>
      {item.asks.length === 0 && item.nextActions.length > 0 && (
        <div className="fz-ellipsis fz-secondary" style={{ fontSize: 12 }} title={item.nextActions.join('、')}>
          待办理：{item.nextActions.join('、')}
        </div>
      )}
      {item.approval && <ApprovalRequest item={item} />}
    </Space>
  );
}

const ASK_COLORS: Record<InboxAsk, string> = {
  approval: 'purple',
  ownership: 'magenta',
  accept: 'blue',
  assign: 'cyan',
};

const stop = (e: { stopPropagation(): void }) => e.stopPropagation();

/** The request of a 待审批 row in words (its reason, the consent recorded…) and the decision buttons. */
function ApprovalRequest({ item }: { item: InboxItem }) {
  const request = item.approval!;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ opinion: string }>();
  const decide = useMutation({
    mutationFn: (d: { kind: 'approve' | 'reject'; opinion?: string }) =>
      api.post(`/api/cases/${encodeURIComponent(item.id)}/actions/${d.kind}:${request.action}`, {
        version: item.version,
        input: d.opinion ? { opinion: d.opinion } : {},
      }),
    onSuccess: (_, d) => {
      void message.success(d.kind === 'approve' ? `已批准：${request.actionLabel}` : `已驳回：${request.actionLabel}`);
      setRejecting(false);
      void qc.invalidateQueries({ queryKey: [CASES_KEY] });
    },
    onError: (e) => {
      void message.error(errorMessage(e));
      // A 409 means the case moved on: show it as it is now.
      void qc.invalidateQueries({ queryKey: [CASES_KEY] });
    },
  });
  return (
    // Clicks here decide, they do not open the case.
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops the row's click from bubbling.
    <div onClick={stop} onKeyDown={stop} style={{ cursor: 'default' }} data-testid={`inbox-approval-${item.id}`}>
      <Typography.Text strong style={{ fontSize: 12 }}>
        {request.actionLabel}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {' '}
        · {request.requestedBy}申请
      </Typography.Text>
      {request.lines.map((l) => (
        <Typography.Paragraph
          key={l.label}
          style={{ fontSize: 12, margin: 0 }}
          ellipsis={{ rows: 2, tooltip: `${l.label}：${l.value}` }}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.label}：
          </Typography.Text>
          {l.value}
        </Typography.Paragraph>
      ))}
      {request.note && (
        <Typography.Paragraph style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 1, tooltip: request.note }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            备注：
          </Typography.Text>
          {request.note}
        </Typography.Paragraph>
      )}
      <Space size={8} style={{ marginTop: 4 }}>
        <Popconfirm
          title={`批准「${request.actionLabel}」？`}
          okText="批准"
          cancelText="取消"
          onConfirm={() => decide.mutateAsync({ kind: 'approve' }).catch(() => undefined)}
        >
          <Button size="small" type="primary" loading={decide.isPending} data-testid={`inbox-approve-${item.id}`}>
            批准
          </Button>
        </Popconfirm>
        <Button
          size="small"
          danger
          disabled={decide.isPending}
          onClick={() => setRejecting(true)}
          data-testid={`inbox-reject-${item.id}`}
        >
          驳回
        </Button>
      </Space>
      <Modal
        open={rejecting}
        title={`驳回：${request.actionLabel}`}
        okText="驳回"
        okButtonProps={{ danger: true, loading: decide.isPending }}
        cancelText="取消"
        onCancel={() => setRejecting(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          name={`inboxReject${item.id}`}
          layout="vertical"
          preserve={false}
          onFinish={(v) => decide.mutate({ kind: 'reject', opinion: v.opinion.trim() })}
        >
          <Typography.Paragraph type="secondary">案件「{item.title}」</Typography.Paragraph>
          <Form.Item
            label="驳回理由"
            name="opinion"
            rules={[{ required: true, whitespace: true, message: '请填写驳回理由' }]}
          >
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
