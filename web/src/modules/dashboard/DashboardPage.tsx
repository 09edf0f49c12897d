/**
 * 数据驾驶舱: the leader's view of the town's year. Key figures with 同比 (from /api/facts),
 * the modules' cards (the dispute trend and the villages ranked, see src/modules.ts), what the
 * modules add to 需要关注 (overdue and high-risk disputes, the cases the leaders own),
 * and every figure of every module below. Each number opens the records behind it (/facts/:key).
 */
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Suspense, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../app/auth.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { ExportPrint } from '../../components/ExportPrint.tsx';
import { useDataYear } from '../../components/useDataYear.ts';
import { dashboardSlots, preloadDashboardSlots } from '../../modules.ts';
import { type FactItem, factHref, formatFact, useFacts } from '../facts/factsApi.ts';

// The modules' cards start loading with this page's code, not after its first render.
preloadDashboardSlots();

const FIRST_YEAR = 2020;

// Start fetching the chart library with the page, not after the figures arrive.
void import('./echarts.ts');

export function yearOptions(now = dayjs()) {
  const last = now.year();
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i).map((y) => ({
    value: y,
    label: `${y}年`,
  }));
}

/** ↑ 12.5% / ↓ 3 / — : the change on last year, coloured only for counts that are plainly good or bad. */
export function Change({ f, label = '同比 ' }: { f: FactItem; label?: string }) {
  if (f.change == null) return <Typography.Text type="secondary">{label}—</Typography.Text>;
  const Icon = f.change > 0 ? ArrowUpOutlined : f.change < 0 ? ArrowDownOutlined : MinusOutlined;
  const text =
    f.unit === '%'
      ? `${Math.abs(f.change).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}个百分点`
      : f.changePct == null
        ? formatFact(Math.abs(f.change), f.unit)
        : `${Math.abs(f.changePct)}%`;
  return (
    <Tooltip title={`上年：${formatFact(f.previous.value, f.unit)}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
        <Icon aria-label={f.change > 0 ? '上升' : f.change < 0 ? '下降' : '持平'} /> {text}
      </Typography.Text>
    </Tooltip>
  );
}

export function ManualTag({ f }: { f: { origin: string; source: string | null; value: number | null } }) {
  if (f.origin !== 'manual' || f.value == null) return null;
  return (
    <Tooltip title={f.source ? `来源：${f.source}` : undefined}>
      <Tag color="gold" style={{ marginInlineEnd: 0 }}>
        手工填报
      </Tag>
    </Tooltip>
  );
}

function FactCard({ f, href, alert }: { f: FactItem; href: string; alert?: boolean }) {
  const red = alert && (f.value ?? 0) > 0;
  return (
    <Link to={href} data-testid={`fact-${f.key}`} aria-label={`${f.label}：${formatFact(f.value, f.unit)}，查看明细`}>
      <Card size="small" hoverable style={{ height: '100%' }}>
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          <Space size={4} wrap>
            <Tooltip title={f.definition}>
              <Typography.Text type="secondary">{f.label}</Typography.Text>
            </Tooltip>
            <ManualTag f={f} />
          </Space>
          <Typography.Text strong style={{ fontSize: 24, color: red ? '#cf1322' : undefined }}>
            {f.value == null ? '—' : f.value.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}
            <Typography.Text type="secondary" style={{ fontSize: 13, marginInlineStart: 2 }}>
              {f.value == null ? '' : f.unit}
            </Typography.Text>
          </Typography.Text>
          <Change f={f} />
        </Space>
      </Card>
    </Link>
  );
}

const num = { align: 'right' as const, width: 96 };

export function DashboardPage() {
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const townParam = params.get('townId') ?? undefined;
  // The URL's year, else this year when it has cases, else the latest year that has (issue 13).
  const { year: chosen } = useDataYear(params.get('year'), { townId: townParam });
  const facts = useFacts(chosen, townParam);
  const year = chosen ?? dayjs().year();
  const townId = facts.data?.town.id;

  // The figures paint first; the module tables (the heaviest part: every figure of every module)
  // wait until the browser is idle, so the cards above have rendered and sent their requests.
  const [tablesReady, setTablesReady] = useState(false);
  useEffect(() => {
    if (!facts.data || tablesReady) return;
    if (typeof window.requestIdleCallback !== 'function') {
      const t = setTimeout(() => setTablesReady(true), 1);
      return () => clearTimeout(t);
    }
    const id = window.requestIdleCallback(() => setTablesReady(true), { timeout: 1000 });
    return () => window.cancelIdleCallback(id);
  }, [facts.data, tablesReady]);
  const tables = useDeferredValue(tablesReady ? facts.data : undefined, undefined);
  const byKey = useMemo(
    () => new Map((facts.data?.modules ?? []).flatMap((m) => m.facts).map((f) => [f.key, f])),
    [facts.data],
  );
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const href = useCallback((key: string) => factHref(key, year, townId), [year, townId]);
  // The modules' own cards (src/modules.ts), e.g. the dispute trend and the villages ranked, for
  // the users whose menu lists the module (the cards read its routes).
  // Their figures (key figures at the top, those in 需要关注) come from the modules too.
  const { keyFacts, main: Main, wide, attention } = dashboardSlots(me.menu);

  if (facts.isError) return <ErrorResult error={facts.error} onRetry={() => facts.refetch()} />;
  const data = facts.data;

  const columns: ColumnsType<FactItem> = [
    {
      title: '指标',
      dataIndex: 'label',
      render: (v: string, f) => (
        <Space size={4} wrap>
          <Tooltip title={f.definition}>
            <Link to={href(f.key)}>{v}</Link>
          </Tooltip>
          <ManualTag f={f} />
        </Space>
      ),
    },
    {
      title: `${year}年`,
      dataIndex: 'value',
      ...num,
      render: (v: number | null, f) => <Link to={href(f.key)}>{formatFact(v, f.unit)}</Link>,
    },
    { title: `${year - 1}年`, key: 'prev', ...num, render: (_, f) => formatFact(f.previous.value, f.unit) },
    { title: '同比', key: 'chg', width: 150, responsive: ['sm'], render: (_, f) => <Change f={f} /> },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          数据驾驶舱{data ? ` · ${data.town.name}` : ''}
        </Typography.Title>
        <Space wrap>
          {data && data.towns.length > 1 && (
            <Select
              aria-label="镇"
              style={{ width: 140 }}
              value={data.town.id}
              options={data.towns.map((t) => ({ value: t.id, label: t.name }))}
              onChange={(v) => set('townId', v)}
            />
          )}
          <Select
            aria-label="年度"
            style={{ width: 110 }}
            value={year}
            options={yearOptions()}
            onChange={(v) => set('year', String(v))}
          />
          {data && (
            <ExportPrint
              path="/api/facts.xlsx"
              query={{ year, townId: data.town.id }}
              name={`${data.town.name}${year}年度法治建设主要指标.xlsx`}
            />
          )}
          {data && data.towns.length > 1 && (
            <Link to={`/dashboard/county?year=${year}`}>
              <Button>各镇对比</Button>
            </Link>
          )}
        </Space>
      </Space>
      {!data ? (
        <Spin description="正在统计…" style={{ display: 'block', margin: 48 }} />
      ) : (
        <>
          <Typography.Text type="secondary">统计截至 {data.asOf}；点击任一数字查看计入该数字的案件。</Typography.Text>
          <Row gutter={[12, 12]}>
            {keyFacts
              .map((k) => byKey.get(k.key))
              .filter((f): f is FactItem => !!f)
              .map((f) => (
                <Col key={f.key} xs={12} sm={12} md={8} lg={6} xl={6}>
                  <FactCard f={f} href={href(f.key)} />
                </Col>
              ))}
          </Row>
          <Row gutter={[12, 12]}>
            {Main && townId != null && (
              <Col xs={24} lg={14}>
                <Suspense fallback={null}>
                  <Main year={year} townId={townId} factHref={href} />
                </Suspense>
              </Col>
            )}
            <Col xs={24} lg={Main ? 10 : 24}>
              <Card size="small" title="需要关注">
                <Row gutter={[12, 12]}>
                  {attention.facts.flatMap((a) => {
                    const f = byKey.get(a.key);
                    return f
                      ? [
                          <Col key={f.key} span={12}>
                            <FactCard f={f} href={href(f.key)} alert={a.alert !== false} />
                          </Col>,
                        ]
                      : [];
                  })}
                </Row>
                {townId != null &&
                  attention.below.map((Below, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed
                    <Suspense key={i} fallback={<Spin style={{ display: 'block', marginTop: 12 }} />}>
                      <Below year={year} townId={townId} factHref={href} />
                    </Suspense>
                  ))}
              </Card>
            </Col>
          </Row>
          {townId != null &&
            wide.map((Wide, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed
              <Suspense key={i} fallback={null}>
                <Wide year={year} townId={townId} factHref={href} />
              </Suspense>
            ))}
          {(tables?.modules ?? []).map((m) => (
            <Card key={m.module} size="small" title={m.moduleLabel}>
              <Table<FactItem> rowKey="key" size="small" pagination={false} columns={columns} dataSource={m.facts} />
            </Card>
          ))}
        </>
      )}
    </Space>
  );
}
