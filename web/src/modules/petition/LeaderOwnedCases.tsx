import { List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { DashboardCardProps } from '../../app/module.ts';
import { useFactRecords } from '../facts/factsApi.ts';

/** 领导包案 in the dashboard's 需要关注: the petitions a leader owns this year, each opening its case. */
export function LeaderOwnedCases({ year, townId }: DashboardCardProps) {
  const owned = useFactRecords('petition.owned_cases', year, townId, 1);
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        领导包案
      </Typography.Title>
      <List
        size="small"
        loading={owned.isLoading}
        locale={{ emptyText: '本年度无领导包案的信访事项' }}
        dataSource={owned.data?.records ?? []}
        renderItem={(r) => (
          <List.Item extra={<Tag>{r.state}</Tag>}>
            <Link to={r.href}>{r.reference ? `${r.reference} ${r.title}` : r.title}</Link>
          </List.Item>
        )}
      />
    </>
  );
}
