import type { CaseListItem } from '@fazhi/domain';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { type InboxShow, inboxQuery } from './casesApi.ts';
import { DueCell, StateTag } from './caseUi.tsx';

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
  const shown = counts ? (show === 'all' ? counts.total : counts[show]) : 0;
  const columns: ColumnsType<CaseListItem> = [
    { title: '期限', key: 'due', width: 210, render: (_, r) => <DueCell item={r} /> },
    {
      title: '案号',
      dataIndex: 'number',
      width: 170,
      ellipsis: true,
    },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    { title: '类型', dataIndex: 'typeLabel', width: 110, ellipsis: true },
    {
      title: '状态',
      dataIndex: 'stateLabel',
      width: 110,
      render: (v: string, r) => <StateTag label={v} terminal={r.terminal} />,
    },
    { title: '当事人', dataIndex: 'partyNames', width: 140, ellipsis: true },
  ];

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
            options={[
              { value: 'all', label: `全部 ${counts.total}` },
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
    >
      {inbox.error && !inbox.data ? (
        <ErrorResult error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <>
          {first && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
              距期限 {first.warnWorkdays} 个工作日内显示为“即将到期”。点击一行查看案件。
            </Typography.Paragraph>
          )}
          <Table<CaseListItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={inbox.isPending || inbox.isPlaceholderData}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 900 }}
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
