import { AlertOutlined, FieldTimeOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select, Space, Spin, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { ExportPrint } from '../../components/ExportPrint.tsx';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { useDataYear } from '../../components/useDataYear.ts';
import { RiskSettingsDrawer } from './RiskSettingsDrawer.tsx';
import { RouteSettingsDrawer } from './RouteSettingsDrawer.tsx';
import { type MediationStats, useMediationStats } from './statsApi.ts';

const FIRST_YEAR = 2020;

/** '12.5万元' from 10 000 元 up, else '3,200元'. */
function money(yuan: number): { value: string; suffix: string } {
  if (yuan >= 10_000)
    return { value: (yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 }), suffix: '万元' };
  return { value: yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 }), suffix: '元' };
}

const pct = (v: number | null) => (v == null ? '—' : `${v}%`);

interface Figure {
  key: string;
  title: string;
  value: ReactNode;
  suffix?: string | undefined;
  note?: string;
  /** What the figure counts, for the tooltip on its title. */
  help: string;
  alert?: boolean;
}

function figures(s: MediationStats): Figure[] {
  const t = s.totals;
  const amount = money(t.amount);
  return [
    {
      key: 'accepted',
      title: '受理纠纷',
      value: t.accepted,
      suffix: '件',
      note: `登记 ${t.registered} 件，不予受理 ${t.rejected} 件`,
      help: '本年度登记并经调委会受理的纠纷',
    },
    {
      key: 'success',
      title: '调解成功',
      value: t.success,
      suffix: '件',
      note: `调解不成 ${t.failed} 件，调解中 ${t.inMediation} 件`,
      help: '达成书面或口头调解协议的纠纷（人民调解法第二十八条）',
    },
    {
      key: 'successRate',
      title: '调解成功率',
      value: pct(t.successRate),
      note: `调结 ${t.concluded} 件`,
      help: '调解成功 ÷ 调结（已达成协议、调解不成或当事人撤回的）纠纷',
    },
    {
      key: 'agreements',
      title: '书面 / 口头协议',
      value: `${t.written} / ${t.oral}`,
      suffix: '件',
      help: '书面调解协议书与口头协议（人民调解法第二十八条、第二十九条）',
    },
    {
      key: 'confirmed',
      title: '司法确认',
      value: t.confirmed,
      suffix: '件',
      note: `申请 ${t.confirmationApplied} 件`,
      help: '经人民法院确认有效的调解协议；申请数为已共同申请司法确认的（人民调解法第三十三条）',
    },
    {
      key: 'amount',
      title: '涉及金额',
      value: amount.value,
      suffix: amount.suffix,
      help: '受理纠纷登记的涉及金额之和',
    },
    {
      key: 'performanceRate',
      title: '协议履行率',
      value: pct(t.performanceRate),
      note: `履行期届满 ${t.agreementsDue} 件，已履行 ${t.performed} 件`,
      help: '已全部履行 ÷ 履行期限届满（或已提前履行）的调解协议',
    },
    {
      key: 'avgDays',
      title: '平均调结天数',
      value: t.avgDaysToClose ?? '—',
      suffix: t.avgDaysToClose == null ? undefined : '天',
      help: '从受理到调解终结（达成协议、调解不成或撤回）的平均自然日数',
    },
    {
      key: 'overdue',
      title: '超期',
      value: t.overdue,
      suffix: '件',
      help: '超过所走途径调解期限的纠纷：人民调解一个月（含经当事人同意延长的期限），行政调解按本镇设置的期限，诉前调解按法院确定的期限',
      alert: t.overdue > 0,
    },
    {
      key: 'highRisk',
      title: '高风险',
      value: t.highRisk,
      suffix: '件',
      note: `报告公安机关 ${t.policeReported} 件`,
      help: '预警规则判定为高风险的纠纷（群体性、暴力倾向、多项风险叠加等）',
      alert: t.highRisk > 0,
    },
  ];
}

function FigureCards({ s }: { s: MediationStats }) {
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 12 }}
      data-testid="mediation-stats-totals"
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
  );
}

const num = { align: 'right' as const, width: 72 };

type TypeRow = MediationStats['byType'][number];
const TYPE_COLUMNS: ColumnsType<TypeRow> = [
  { title: '纠纷类型', dataIndex: 'label' },
  { title: '登记', dataIndex: 'registered', ...num },
  { title: '受理', dataIndex: 'accepted', ...num },
  { title: '调解成功', dataIndex: 'success', ...num, width: 84 },
  {
    title: '涉及金额',
    dataIndex: 'amount',
    align: 'right',
    width: 110,
    render: (v: number) => {
      const m = money(v);
      return `${m.value}${m.suffix}`;
    },
  },
];

type VillageRow = MediationStats['byVillage'][number];
/** The village's row opens the list of the same cases: its disputes registered in the year (the figure's cohort). */
const villageColumns = (year: number): ColumnsType<VillageRow> => [
  {
    title: '村（社区）',
    dataIndex: 'unitName',
    render: (v: string, r) =>
      r.unitId ? (
        <Tooltip title={`查看该村（社区）${year}年登记的调解案件`}>
          <Link to={`/cases?type=mediation&village=${encodeURIComponent(r.unitId)}&year=${year}`}>{v}</Link>
        </Tooltip>
      ) : (
        v
      ),
  },
  { title: '登记', dataIndex: 'registered', ...num },
  { title: '受理', dataIndex: 'accepted', ...num },
  { title: '调解成功', dataIndex: 'success', ...num, width: 84 },
  {
    title: '高风险',
    dataIndex: 'highRisk',
    ...num,
    render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
  },
];

type MonthRow = MediationStats['byMonth'][number];
const MONTH_COLUMNS: ColumnsType<MonthRow> = [
  { title: '月份', dataIndex: 'month', render: (m: number) => `${m}月` },
  { title: '登记', dataIndex: 'registered', ...num },
  { title: '受理', dataIndex: 'accepted', ...num },
  { title: '调解成功', dataIndex: 'success', ...num, width: 84 },
];

type CountRow = { key: string; label: string; count: number };
const countColumns = (title: string): ColumnsType<CountRow> => [
  { title, dataIndex: 'label' },
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
 * 调解统计: the year's mediation figures for the cases the user may see (a village officer sees
 * their village's), by type, village and month, with how the high-risk disputes ended and where
 * referred ones went. Year and village live in the URL so a view can be bookmarked and shared.
 */
export function MediationStatsPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  // The URL's year, else this year when it has disputes, else the latest year that has (issue 13).
  const { year: chosen, defaultYear } = useDataYear(params.get('year'), { type: 'mediation' });
  const year = chosen ?? thisYear;
  const unitParam = params.get('unit');
  const unitId = unitParam && /^\d+$/.test(unitParam) ? Number(unitParam) : undefined;
  const stats = useMediationStats(chosen, unitId);
  const s = stats.data;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [routesOpen, setRoutesOpen] = useState(false);

  const setQuery = (patch: { year?: number; unit?: number | undefined }) => {
    const next = new URLSearchParams();
    const y = 'year' in patch ? patch.year : year;
    const u = 'unit' in patch ? patch.unit : unitId;
    if (y !== defaultYear) next.set('year', String(y));
    if (u != null) next.set('unit', String(u));
    setParams(next, { replace: true });
  };

  const years = Array.from({ length: Math.max(1, thisYear - FIRST_YEAR + 1) }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.push(year);

  return (
    <div data-testid="mediation-stats">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          矛盾纠纷调解统计
        </h1>
        <Space wrap className="fz-no-print">
          <ExportPrint
            path="/api/stats/mediation/export.xlsx"
            query={{ year, unitId }}
            name={`${year}年度矛盾纠纷调解统计.xlsx`}
          />
          <Button icon={<FieldTimeOutlined />} onClick={() => setRoutesOpen(true)} data-testid="route-settings-open">
            行政调解期限
          </Button>
          <Button icon={<AlertOutlined />} onClick={() => setSettingsOpen(true)} data-testid="risk-settings-open">
            预警设置
          </Button>
        </Space>
      </Space>
      <RiskSettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <RouteSettingsDrawer open={routesOpen} onClose={() => setRoutesOpen(false)} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={8} md={6} lg={4}>
            <Select
              aria-label="年度"
              style={{ width: '100%' }}
              value={year}
              onChange={(v: number) => setQuery({ year: v })}
              options={years.map((y) => ({ value: y, label: `${y}年` }))}
              data-testid="stats-year"
            />
          </Col>
          <Col xs={24} sm={16} md={10} lg={8}>
            <OrgUnitSelect
              aria-label="村（社区）"
              placeholder="村（社区）：全部"
              allowClear
              value={unitId}
              onChange={(v) => setQuery({ unit: v })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} md={8} lg={12} style={{ textAlign: 'right' }}>
            <Space size={4} wrap>
              {s && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  统计截至 {s.asOf}，按登记年度
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
          </Col>
        </Row>
      </Card>

      {stats.isPending && <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}
      {stats.error && !s && <ErrorResult error={stats.error} onRetry={() => void stats.refetch()} />}
      {s && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <FigureCards s={s} />
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <Section title="按纠纷类型">
                <Table<TypeRow>
                  size="small"
                  rowKey="disputeType"
                  columns={TYPE_COLUMNS}
                  dataSource={s.byType}
                  pagination={false}
                  scroll={{ x: 420 }}
                  locale={{ emptyText: '本年度没有登记的纠纷' }}
                />
              </Section>
            </Col>
            <Col xs={24} lg={12}>
              <Section title="按村（社区）">
                <Table<VillageRow>
                  size="small"
                  rowKey={(r) => r.unitId ?? 'town'}
                  columns={villageColumns(s.year)}
                  dataSource={s.byVillage}
                  pagination={false}
                  scroll={{ x: 420 }}
                  locale={{ emptyText: '本年度没有登记的纠纷' }}
                  data-testid="stats-by-village"
                />
              </Section>
            </Col>
            <Col xs={24} lg={12}>
              <Section title="按月份（登记月份）">
                <Table<MonthRow>
                  size="small"
                  rowKey="month"
                  columns={MONTH_COLUMNS}
                  dataSource={s.byMonth}
                  pagination={false}
                  scroll={{ x: 320 }}
                />
              </Section>
            </Col>
            <Col xs={24} lg={12}>
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Section title="高风险纠纷办理结果" extra={`共 ${s.highRisk.total} 件`}>
                  <Table<CountRow>
                    size="small"
                    rowKey="key"
                    columns={countColumns('办理结果')}
                    dataSource={s.highRisk.byOutcome}
                    pagination={false}
                    locale={{ emptyText: '没有高风险纠纷' }}
                  />
                </Section>
                <Section title="转其他途径处理" extra={`共 ${s.referrals.total} 件`}>
                  <Table<CountRow>
                    size="small"
                    rowKey="key"
                    columns={countColumns('转往途径')}
                    dataSource={s.referrals.byRoute}
                    pagination={false}
                    locale={{ emptyText: '没有转其他途径处理的纠纷' }}
                  />
                </Section>
              </Space>
            </Col>
          </Row>
        </Space>
      )}
    </div>
  );
}
