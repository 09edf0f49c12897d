import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select, Space, Spin, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { ExportPrint } from '../../components/ExportPrint.tsx';
import { useDataYear } from '../../components/useDataYear.ts';
import { type Breakdown, type PetitionStats, usePetitionStats } from './petitionApi.ts';

const FIRST_YEAR = 2020;
const pct = (v: number | null) => (v == null ? '—' : `${Math.round(v * 1000) / 10}%`);

interface Figure {
  key: string;
  title: string;
  value: ReactNode;
  suffix?: string | undefined;
  note?: string;
  help: string;
  alert?: boolean;
}

function figures(s: PetitionStats): Figure[] {
  const r = s.leaderReceptions;
  return [
    {
      key: 'received',
      title: '收到信访事项',
      value: s.received.total,
      suffix: '件',
      note: `信访人次 ${s.received.people}`,
      help: '收到日期在本年度的信访事项（来信、来访、网上信访、电话等）',
    },
    {
      key: 'acceptanceRate',
      title: '按期受理率',
      value: pct(s.acceptance.rate),
      note: `按期 ${s.acceptance.onTime}，超期 ${s.acceptance.late}，期限内 ${s.acceptance.pending}`,
      help: '收到之日起15日内书面告知信访人的比例（信访工作条例第二十三条）',
      alert: s.acceptance.late > 0,
    },
    {
      key: 'handlingRate',
      title: '按期办结率',
      value: pct(s.handling.rate),
      note: `受理 ${s.handling.accepted}，延期 ${s.handling.extended}，超期 ${s.handling.late}`,
      help: '受理后60日内（经批准延长的90日内）出具处理意见的比例（第三十四条）',
      alert: s.handling.late > 0,
    },
    {
      key: 'satisfaction',
      title: '群众满意率',
      value: pct(s.satisfaction.rate),
      note: `已评价 ${s.satisfaction.rated}，不满意 ${s.satisfaction.unsatisfied}`,
      help: '（满意 + 基本满意）÷ 已评价件数',
    },
    {
      key: 'repeat',
      title: '重复 / 集体访',
      value: `${s.repeat} / ${s.collective}`,
      suffix: '件',
      help: '同一信访人12个月内再次信访；5人以上共同提出的信访',
    },
    {
      key: 'reviews',
      title: '复查 / 复核',
      value: `${s.reviews.requested} / ${s.rereviews.requested}`,
      suffix: '件',
      note: `维持原意见 ${s.reviews.upheld} / ${s.rereviews.upheld}`,
      help: '请求复查（第三十五条）、复核（第三十六条）的件数，及维持原处理意见的件数',
    },
    {
      key: 'receptions',
      title: '领导接访',
      value: r.held,
      suffix: '次',
      note: `安排 ${r.scheduled} 次，接待 ${r.people} 人次`,
      help: '镇领导开门接访的次数（按接访日期，第十八条）',
    },
    {
      key: 'receptionOutcomes',
      title: '当场答复 / 登记信访',
      value: `${r.answered} / ${r.petitions}`,
      suffix: '件',
      help: '领导接访时当场答复的事项，和登记为信访事项按程序办理的事项',
    },
    {
      key: 'visits',
      title: '带案下访',
      value: s.leaderVisits.visits,
      suffix: '次',
      note: `所带案件 ${s.leaderVisits.cases} 件`,
      help: '镇领导带案到村（社区）下访的次数，及所带案件数（同一案件计一件）',
    },
    {
      key: 'owned',
      title: '领导包案',
      value: s.leaderOwned.owned,
      suffix: '件',
      note: `已化解 ${s.leaderOwned.resolved} 件，已签批 ${s.leaderOwned.signedOff} 件`,
      help: '本年度收到、由镇领导包案的信访事项；已化解为已办结或终结的',
    },
  ];
}

const num = { align: 'right' as const, width: 80 };

const breakdownColumns = (title: string): ColumnsType<Breakdown> => [
  { title, dataIndex: 'label' },
  { title: '件数', dataIndex: 'count', ...num },
];

type LeaderRow = PetitionStats['byLeader'][number];
const LEADER_COLUMNS: ColumnsType<LeaderRow> = [
  { title: '领导', dataIndex: 'leaderName', fixed: 'left', width: 96 },
  { title: '接访次数', dataIndex: 'receptions', ...num },
  { title: '接待人次', dataIndex: 'people', ...num },
  { title: '下访次数', dataIndex: 'visits', ...num },
  { title: '所带案件', dataIndex: 'visitCases', ...num },
  { title: '包案', dataIndex: 'owned', ...num },
  { title: '包案已化解', dataIndex: 'ownedResolved', ...num, width: 96 },
];

type VillageRow = PetitionStats['received']['byVillage'][number];
/** The village's row opens the list of its petitions of the year (registered in it: see the report). */
const villageColumns = (year: number): ColumnsType<VillageRow> => [
  {
    title: '村（社区）',
    dataIndex: 'unitName',
    render: (v: string, r) =>
      r.unitId ? <Link to={`/cases?type=petition&village=${encodeURIComponent(r.unitId)}&year=${year}`}>{v}</Link> : v,
  },
  { title: '件数', dataIndex: 'count', ...num },
];

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} styles={{ body: { padding: 0 } }}>
      {children}
    </Card>
  );
}

/**
 * 信访统计: GET /api/stats/petitions for a year, over what the user may see: received matters,
 * timeliness under arts 23 and 34, satisfaction, reviews, and the leaders' receptions, visits
 * and owned cases (art 18). The year lives in the URL so a view can be shared.
 */
export function PetitionStatsPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  // The URL's year, else this year when it has petitions, else the latest year that has (issue 13).
  const { year: chosen, defaultYear } = useDataYear(params.get('year'), { type: 'petition' });
  const year = chosen ?? thisYear;
  const stats = usePetitionStats(chosen);
  const s = stats.data;
  const years = Array.from({ length: Math.max(1, thisYear - FIRST_YEAR + 1) }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.push(year);

  return (
    <div data-testid="petition-stats">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          信访统计
        </h1>
        <ExportPrint path="/api/stats/petitions/export.xlsx" query={{ year }} name={`${year}年度信访工作统计.xlsx`} />
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Select
            aria-label="年度"
            style={{ width: 120 }}
            value={year}
            onChange={(v: number) => setParams(v === defaultYear ? {} : { year: String(v) }, { replace: true })}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
            data-testid="stats-year"
          />
          <Space size={4} wrap>
            {s && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                统计截至 {s.asOf}，信访事项按收到日期，接访、下访按发生日期
              </Typography.Text>
            )}
            <Button
              type="link"
              size="small"
              icon={<ReloadOutlined />}
              loading={stats.isRefetching}
              onClick={() => void stats.refetch()}
            >
              刷新
            </Button>
          </Space>
        </Space>
      </Card>
      {stats.isPending && <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}
      {stats.error && !s && <ErrorResult error={stats.error} onRetry={() => void stats.refetch()} />}
      {s && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: 12 }}
            data-testid="petition-stats-totals"
          >
            {figures(s).map((f) => (
              <Card key={f.key} size="small" data-testid={`stat-${f.key}`}>
                <Statistic
                  title={
                    <Tooltip title={f.help}>
                      <span>{f.title}</span>
                    </Tooltip>
                  }
                  value={f.value as number | string}
                  suffix={f.suffix}
                  styles={{ content: { fontSize: 22, ...(f.alert ? { color: '#cf1322' } : {}) } }}
                />
                {f.note && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {f.note}
                  </Typography.Text>
                )}
              </Card>
            ))}
          </div>
          <Section title="领导接访、下访和包案（第十八条）">
            <Table<LeaderRow>
              size="small"
              rowKey="leaderId"
              columns={LEADER_COLUMNS}
              dataSource={s.byLeader}
              pagination={false}
              scroll={{ x: 620 }}
              locale={{ emptyText: '本年度没有领导接访、下访或包案记录' }}
              data-testid="stats-by-leader"
            />
          </Section>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12} lg={8}>
              <Section title="按信访形式">
                <Table<Breakdown>
                  size="small"
                  rowKey="key"
                  columns={breakdownColumns('信访形式')}
                  dataSource={s.received.byChannel}
                  pagination={false}
                />
              </Section>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Section title="按信访类别">
                  <Table<Breakdown>
                    size="small"
                    rowKey="key"
                    columns={breakdownColumns('类别')}
                    dataSource={s.received.byCategory}
                    pagination={false}
                  />
                </Section>
                <Section title="按来源">
                  <Table<Breakdown>
                    size="small"
                    rowKey="key"
                    columns={breakdownColumns('来源')}
                    dataSource={s.received.bySource}
                    pagination={false}
                  />
                </Section>
              </Space>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Section title="按村（社区）">
                <Table<VillageRow>
                  size="small"
                  rowKey={(r) => r.unitId ?? 'town'}
                  columns={villageColumns(s.year)}
                  dataSource={s.received.byVillage}
                  pagination={false}
                  locale={{ emptyText: '本年度没有收到信访事项' }}
                />
              </Section>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Section title="按办理状态">
                <Table<Breakdown>
                  size="small"
                  rowKey="key"
                  columns={breakdownColumns('状态')}
                  dataSource={s.received.byState}
                  pagination={false}
                  locale={{ emptyText: '本年度没有收到信访事项' }}
                />
              </Section>
            </Col>
          </Row>
        </Space>
      )}
    </div>
  );
}
