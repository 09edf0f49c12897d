/**
 * 信访人历史 on a petition: the same person's other cases across modules (earlier petitions and
 * mediation), matched by ID number on the server. Repeat petitions are what the desk must spot
 * first, and they often began as a dispute the village mediated.
 */
import type { PetitionHistory } from '@fazhi/domain/api/petition';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Table, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api.ts';
import { fmtInstant } from '../../components/format.ts';
import { CASES_KEY } from '../cases/casesApi.ts';
import { StateTag } from '../cases/caseUi.tsx';

type HistoryItem = PetitionHistory['items'][number];

const columns: TableColumnsType<HistoryItem> = [
  {
    title: '案号',
    dataIndex: 'number',
    render: (n: string, r) => <Link to={`/cases/${r.id}`}>{n}</Link>,
    width: 140,
  },
  { title: '类型', dataIndex: 'typeLabel', width: 100 },
  {
    title: '标题',
    dataIndex: 'title',
    ellipsis: true,
    render: (t: string, r) => (
      <>
        {t}
        {r.roles.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {r.roles.map((x) => `${x.name}（${x.roleLabel}）`).join('、')}
          </Typography.Text>
        )}
      </>
    ),
  },
  {
    title: '状态',
    dataIndex: 'stateLabel',
    render: (s: string, r) => <StateTag label={s} terminal={r.terminal} />,
    width: 110,
  },
  { title: '登记时间', dataIndex: 'createdAt', render: (d: string) => fmtInstant(d), width: 150 },
];

export function PetitionHistoryCard({ caseId }: { caseId: string }) {
  // Under CASES_KEY so any case write (which may add a party or a case) refreshes it too.
  const q = useQuery({
    queryKey: [CASES_KEY, 'petition-history', caseId],
    queryFn: ({ signal }) =>
      api.get<PetitionHistory>(`/api/petitions/${encodeURIComponent(caseId)}/history`, undefined, { signal }),
  });
  const people = q.data?.petitioners ?? [];
  const who = people.map((p) => (p.idMasked ? `${p.name}（${p.idMasked}）` : p.name)).join('、');

  return (
    <Card size="small" title="信访人历史（跨模块）" data-testid="petition-history">
      {q.error ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : (
        <>
          {who && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              信访人：{who}
            </Typography.Paragraph>
          )}
          <Table<HistoryItem>
            size="small"
            rowKey="id"
            loading={q.isPending}
            columns={columns}
            dataSource={q.data?.items ?? []}
            // The server returns up to 200; a frequent petitioner should not stretch the page.
            pagination={(q.data?.items.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
            scroll={{ x: 640 }}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发现该信访人的其他案件" />,
            }}
          />
        </>
      )}
    </Card>
  );
}
