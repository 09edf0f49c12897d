/**
 * The 矛盾纠纷调解 cards of the 数据驾驶舱 (GET /api/stats/mediation for the town's year): the
 * month-by-month trend beside 需要关注, and the villages ranked below. A month opens the
 * records of 登记纠纷; a village opens its disputes in the case list.
 */
import type { MediationStats } from '@fazhi/domain/api/mediation';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty } from 'antd';
import { useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import type { DashboardCardProps } from '../../app/module.ts';
import { Chart } from '../dashboard/Chart.tsx';
import { MEDIATION_STATS_KEY } from './statsApi.ts';

/** The parts of the statistics the dashboard draws. */
type MediationTrend = Pick<MediationStats, 'byMonth' | 'byVillage'>;

function useTrend(year: number, townId: string) {
  return useQuery({
    // Its own key: the dashboard fetches the town's figures, the statistics page a chosen unit's.
    queryKey: [MEDIATION_STATS_KEY, 'dashboard', year, townId],
    queryFn: ({ signal }) => api.get<MediationTrend>('/api/stats/mediation', { year, unitId: townId }, { signal }),
  });
}

export function MediationTrendCard({ year, townId, factHref }: DashboardCardProps) {
  const navigate = useNavigate();
  const stats = useTrend(year, townId);
  const months = stats.data?.byMonth ?? [];
  const trend = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 36, right: 12, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: months.map((m) => `${m.month}月`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '登记', type: 'bar', data: months.map((m) => m.registered), itemStyle: { color: '#91caff' } },
        { name: '受理', type: 'line', data: months.map((m) => m.accepted), itemStyle: { color: '#1677ff' } },
        { name: '调解成功', type: 'line', data: months.map((m) => m.success), itemStyle: { color: '#52c41a' } },
      ],
    }),
    [months],
  );
  const openMonth = useCallback(() => navigate(factHref('mediation.registered')), [navigate, factHref]);
  return (
    <Card size="small" title="调解纠纷月度趋势（按登记月份）">
      {stats.isError ? (
        <Empty description="暂无法加载趋势" />
      ) : (
        <Chart label="调解纠纷月度趋势" option={trend} height={260} onClick={openMonth} />
      )}
    </Card>
  );
}

export function MediationVillageRankingCard({ year, townId }: DashboardCardProps) {
  const navigate = useNavigate();
  const stats = useTrend(year, townId);
  const villages = useMemo(
    () => [...(stats.data?.byVillage ?? [])].sort((a, b) => a.registered - b.registered),
    [stats.data],
  );
  const ranking = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: villages.map((v) => v.unitName.replace(/(村民|居民)委员会$/, '')) },
      series: [
        { name: '登记', type: 'bar', data: villages.map((v) => v.registered), itemStyle: { color: '#1677ff' } },
        { name: '调解成功', type: 'bar', data: villages.map((v) => v.success), itemStyle: { color: '#52c41a' } },
        { name: '高风险', type: 'bar', data: villages.map((v) => v.highRisk), itemStyle: { color: '#cf1322' } },
      ],
    }),
    [villages],
  );
  const openVillage = useCallback(
    (i: number) => {
      const v = villages[i];
      if (v?.unitId) navigate(`/cases?type=mediation&village=${encodeURIComponent(v.unitId)}`);
    },
    [villages, navigate],
  );
  return (
    <Card size="small" title="各村（社区）调解纠纷排名">
      {villages.length === 0 ? (
        <Empty description="本年度暂无调解纠纷" />
      ) : (
        <Chart
          label="各村（社区）调解纠纷排名"
          option={ranking}
          height={Math.max(200, villages.length * 34 + 48)}
          onClick={openVillage}
        />
      )}
    </Card>
  );
}
