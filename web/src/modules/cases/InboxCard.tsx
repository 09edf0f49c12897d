import type { CaseListItem } from '@fazhi/domain';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Empty, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { inboxQuery } from './casesApi.ts';
import { DueCell, StateTag } from './caseUi.tsx';

type Show = 'all' | 'breached' | 'warn';

/** Undated items last; the server sorts too, but a stable client order survives refetches. */
function byDue(a: CaseListItem, b: CaseListItem): number {
  if (a.nextDue === b.nextDue) return 0;
  if (!a.nextDue) return 1;
  if (!b.nextDue) return -1;
  return a.nextDue < b.nextDue ? -1 : 1;
}

/** 我的待办: the cases waiting for this user, nearest deadline first. */
export function InboxCard() {
  const navigate = useNavigate();
  const [show, setShow] = useState<Show>('all');
  const inbox = useQuery(inboxQuery);

  const rows = useMemo(() => {
    const items = [...(inbox.data?.items ?? [])].sort(byDue);
    if (show === 'breached') return items.filter((i) => i.dueLevel === 'breached');
    // 'warn' on the server includes breached ones; the counter says 即将到期, so only the yellow ones.
    if (show === 'warn') return items.filter((i) => i.dueLevel === 'warn');
    return items;
  }, [inbox.data, show]);

  const counts = inbox.data?.counts;
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
          <Segmented<Show>
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
          {inbox.data && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
              距期限 {inbox.data.warnWorkdays} 个工作日内显示为“即将到期”。点击一行查看案件。
            </Typography.Paragraph>
          )}
          <Table<CaseListItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={inbox.isPending}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small' } : false}
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
        </>
      )}
    </Card>
  );
}
