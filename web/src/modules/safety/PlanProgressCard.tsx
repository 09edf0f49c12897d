import { Card, Empty, Progress, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { DashboardCardProps } from '../../app/module.ts';
import { kindLabel, pct } from './labels.ts';
import { usePlanProgress } from './plansApi.ts';

/** 检查计划进度: the year's plan done, by kind, and the entries overdue (安全生产法 art 62 ¶2). */
export function PlanProgressCard({ year, townId }: DashboardCardProps) {
  const q = usePlanProgress(year, townId);
  const p = q.data?.progress;
  return (
    <Card size="small" title="检查计划进度" loading={q.isLoading} extra={<Link to="/safety/plan">年度检查计划</Link>}>
      {!p || p.total.planned === 0 ? (
        <Empty description={`${year}年度尚无安全生产检查计划`} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space size={24} wrap>
            <Progress type="circle" size={84} percent={pct(p.total.done, p.total.planned)} aria-label="全年完成比例" />
            <Space orientation="vertical" size={2}>
              <Typography.Text>
                计划 <b>{p.total.planned}</b> 次，已完成 <b>{p.total.done}</b> 次
              </Typography.Text>
              <Typography.Text type={p.total.overdue > 0 ? 'danger' : 'secondary'}>
                逾期未检查 {p.total.overdue} 次
              </Typography.Text>
            </Space>
          </Space>
          {p.byKind
            .filter((k) => k.planned > 0)
            .map((k) => (
              <div key={k.kind}>
                <Typography.Text type="secondary">
                  {kindLabel(k.kind)} {k.done}/{k.planned}
                  {k.overdue > 0 ? `，逾期${k.overdue}` : ''}
                </Typography.Text>
                <Progress
                  size="small"
                  percent={pct(k.done, k.planned)}
                  showInfo={false}
                  status={k.overdue > 0 ? 'exception' : 'normal'}
                />
              </div>
            ))}
        </Space>
      )}
    </Card>
  );
}
