import { Card, List, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useVisits } from './petitionApi.ts';

/** The visits that took a case, for its detail page (only rendered for petitions and disputes). */
export function CaseVisitsCard({ caseId }: { caseId: string }) {
  const visits = useVisits({ caseId });
  const items = visits.data?.items ?? [];
  if (visits.isPending || visits.isError || items.length === 0) return null;
  return (
    <Card size="small" title="领导带案下访" data-testid="case-visits">
      <List
        size="small"
        dataSource={items}
        renderItem={(v) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Link to={`/petition/visits?visit=${v.id}`}>
                {v.visitedOn} {v.leaderName} 到{v.unitName}
              </Link>
              <Typography.Text type="secondary">{v.outcome}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
