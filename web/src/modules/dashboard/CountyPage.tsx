/**
 * 各镇对比 (/dashboard/county): for the 县级督查, every town of the county side by side with
 * the county total (ratios recomputed from the summed parts, means weighted), and the same
 * table as an .xlsx. A town user sees their own town only.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { download, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useDataYear } from '../../components/useDataYear.ts';
import { type CountyResponse, type FactValueView, factHref, formatFact, useCountyFacts } from '../facts/factsApi.ts';
import { yearOptions } from './DashboardPage.tsx';

type Row = CountyResponse['modules'][number]['facts'][number] & { moduleRow?: string };

function Cell({ v, unit, href }: { v: FactValueView; unit: string; href?: string }) {
  const text = formatFact(v.value, unit);
  const manual = v.origin === 'manual' && v.value != null;
  const body = manual ? (
    <Tooltip title={v.source ? `手工填报：${v.source}` : '含手工填报数据'}>
      <i>{text}</i>
    </Tooltip>
  ) : (
    text
  );
  return href && v.value != null ? <Link to={href}>{body}</Link> : body;
}

export function CountyPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  // The URL's year, else this year when it has cases, else the latest year that has (issue 13).
  const { year: chosen } = useDataYear(params.get('year'));
  const q = useCountyFacts(chosen);
  const year = chosen ?? dayjs().year();
  const [busy, setBusy] = useState(false);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const rows: Row[] = (data?.modules ?? []).flatMap((m) => m.facts);
  const columns: ColumnsType<Row> = [
    { title: '模块', dataIndex: 'moduleLabel', width: 130, fixed: 'start', responsive: ['md'] },
    {
      title: '指标',
      dataIndex: 'label',
      width: 170,
      fixed: 'start',
      render: (v: string, r) => (
        <Tooltip title={r.definition}>
          <span>
            {v}
            <Typography.Text type="secondary">（{r.unit}）</Typography.Text>
          </span>
        </Tooltip>
      ),
    },
    ...(data?.towns ?? []).map((t, i) => ({
      title: t.name,
      key: t.id,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: Row) => (
        <Cell v={r.values[i]!} unit={r.unit} href={r.drillable ? factHref(r.key, year, t.id) : undefined} />
      ),
    })),
    {
      title: '全县合计',
      key: 'total',
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: Row) => (
        <Typography.Text strong>
          <Cell v={r.total} unit={r.unit} />
        </Typography.Text>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="county-facts">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          各镇指标对比{data?.county ? ` · ${data.county}` : ''}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label="年度"
            style={{ width: 110 }}
            value={year}
            options={yearOptions()}
            onChange={(v) => setParams({ year: String(v) }, { replace: true })}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await download('/api/facts/county.xlsx', { year }, `${year}年度法治建设指标汇总.xlsx`);
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            导出 Excel
          </Button>
          <Link to={`/dashboard?year=${year}`}>
            <Button>返回驾驶舱</Button>
          </Link>
        </Space>
      </Space>
      <Typography.Text type="secondary">
        比率按各镇分子、分母之和重新计算，平均数按权重加权；斜体为手工填报数据（悬停查看来源）。点击数字查看明细。
      </Typography.Text>
      <Card size="small">
        <Table<Row>
          rowKey="key"
          size="small"
          loading={q.isFetching}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          sticky
        />
      </Card>
    </Space>
  );
}
