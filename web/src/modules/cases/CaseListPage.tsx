import { DownloadOutlined, DownOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { CaseCountResponse, CaseListItem, CaseListResponse } from '@fazhi/domain';
import type { CaseSortKey } from '@fazhi/domain/api/cases';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Dropdown,
  Input,
  Row,
  Select,
  Space,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, download, errorMessage } from '../../api.ts';
import { hasPermission, useCurrentUser } from '../../app/auth.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { fmtDay } from '../../components/format.ts';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import {
  CASES_KEY,
  type CaseFilters,
  FILTER_KEYS,
  filtersFromParams,
  NARROWING_KEYS,
  useCaseTypes,
} from './casesApi.ts';
import { DUE_FILTERS, DueCell, RiskTag, StateTag, UnitName } from './caseUi.tsx';

const PAGE_SIZE = 50;

/** The columns; those with a `sortKey` sort on the server (the list is paged by cursor, never sorted here). */
const COLUMNS: (ColumnsType<CaseListItem>[number] & { sortKey?: CaseSortKey })[] = [
  {
    title: '案号',
    dataIndex: 'number',
    width: 150,
    fixed: 'left',
    ellipsis: true,
    sortKey: 'number',
    render: (v: string, r) => (
      <Link to={`/cases/${r.id}`} onClick={(e) => e.stopPropagation()}>
        {v}
      </Link>
    ),
  },
  // No width: the title takes what the fixed columns leave.
  { title: '标题', dataIndex: 'title', ellipsis: true },
  { title: '类型', key: 'type', dataIndex: 'typeLabel', width: 90, ellipsis: true },
  {
    title: '状态',
    dataIndex: 'stateLabel',
    width: 100,
    sortKey: 'state',
    render: (v: string, r) => <StateTag label={v} terminal={r.terminal} />,
  },
  { title: '当事人', dataIndex: 'partyNames', width: 100, ellipsis: true },
  {
    title: '村（社区）',
    dataIndex: 'unitName',
    width: 110,
    sortKey: 'village',
    // Wraps rather than cuts: a village's name is what the row is looked up by.
    render: (v: string | null) => <UnitName name={v} />,
  },
  { title: '承办人', dataIndex: 'assigneeName', width: 72, ellipsis: true, render: (v: string | null) => v ?? '—' },
  {
    title: '登记日期',
    dataIndex: 'createdAt',
    width: 100,
    sortKey: 'registered',
    render: (v: string) => fmtDay(v),
  },
  { title: '风险', dataIndex: 'risk', width: 64, render: (v: CaseListItem['risk']) => <RiskTag risk={v} /> },
  { title: '期限', key: 'due', width: 150, sortKey: 'due', render: (_, r) => <DueCell item={r} showTag={false} /> },
];

// Fits the content area at 1366 px with the side menu open; narrower screens scroll the table, not the page.
const SCROLL_X = 1100;

/** 全部案件: filters live in the URL, so a filtered list can be bookmarked, shared and reloaded. */
export function CaseListPage() {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [keyword, setKeyword] = useState(filters.q ?? '');
  const [exporting, setExporting] = useState(false);
  const types = useCaseTypes();

  // Back/forward changes the URL under the box; keep what it shows in step.
  useEffect(() => setKeyword(filters.q ?? ''), [filters.q]);

  const setFilter = (patch: Partial<Record<keyof CaseFilters, string | undefined>>) => {
    const next = new URLSearchParams();
    const merged: Record<string, string | undefined> = { ...filters, ...patch };
    // A state belongs to one type: changing the type drops it.
    if ('type' in patch && patch.type !== filters.type) merged.state = undefined;
    for (const k of FILTER_KEYS) {
      const v = merged[k]?.trim();
      if (v) next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const list = useInfiniteQuery({
    queryKey: [CASES_KEY, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<CaseListResponse>('/api/cases', { ...filters, cursor: pageParam, limit: PAGE_SIZE }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const selectedType = types.data?.find((t) => t.key === filters.type);
  const creatable = (types.data ?? []).filter((t) => t.canCreate);
  const canWrite = hasPermission(me, 'case:write');
  const hasFilters = NARROWING_KEYS.some((k) => filters[k]);
  // 「共 N 件」 is its own request beside the first page, so the rows never wait for the count.
  const count = useQuery({
    queryKey: [CASES_KEY, 'count', filters],
    queryFn: ({ signal }) => api.get<CaseCountResponse>('/api/cases/count', { ...filters }, { signal }),
  });
  const total = count.data?.total ?? null;
  const capped = count.data?.capped ?? false;
  // With one type chosen its column says the same on every row: the title gets the room.
  const columns: ColumnsType<CaseListItem> = COLUMNS.filter((c) => !(filters.type && c.key === 'type')).map(
    ({ sortKey, ...c }) =>
      sortKey
        ? {
            ...c,
            key: sortKey,
            sorter: true,
            sortDirections: ['ascend', 'descend'],
            sortOrder: filters.sort === sortKey ? (filters.order === 'asc' ? 'ascend' : 'descend') : null,
          }
        : c,
  );
  const onTableChange: TableProps<CaseListItem>['onChange'] = (_p, _f, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = one?.order ? (one.columnKey as CaseSortKey | undefined) : undefined;
    setFilter({ sort: key, order: key ? (one?.order === 'ascend' ? 'asc' : 'desc') : undefined });
  };
  const range = (from?: string, to?: string): [Dayjs, Dayjs] | null => (from && to ? [dayjs(from), dayjs(to)] : null);
  const thisYear = dayjs().year();
  const yearOptions = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - i);
  if (filters.year && !yearOptions.includes(Number(filters.year))) yearOptions.push(Number(filters.year));

  const doExport = async () => {
    setExporting(true);
    try {
      await download('/api/cases/export.xlsx', { ...filters }, `案件清单-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          全部案件
        </h1>
        {canWrite && creatable.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: creatable.map((t) => ({
                key: t.key,
                label: <span data-testid={`case-new-${t.key}`}>{t.createLabel || `登记${t.label}`}</span>,
              })),
              onClick: ({ key }) => navigate(`/cases/new?type=${encodeURIComponent(key)}`),
            }}
          >
            <Button type="primary" icon={<PlusOutlined />} data-testid="case-new">
              新建 <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} lg={8} xl={5}>
            <Select
              aria-label="案件类型"
              style={{ width: '100%' }}
              placeholder="类型：全部"
              allowClear
              loading={types.isPending}
              value={filters.type}
              onChange={(v?: string) => setFilter({ type: v })}
              options={(types.data ?? []).map((t) => ({ value: t.key, label: t.label }))}
            />
          </Col>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Select
              aria-label="状态"
              style={{ width: '100%' }}
              placeholder={selectedType ? '状态：全部' : '状态（先选择类型）'}
              allowClear
              disabled={!selectedType}
              value={filters.state}
              onChange={(v?: string) => setFilter({ state: v })}
              options={(selectedType?.states ?? []).map((s) => ({ value: s.key, label: s.label }))}
            />
          </Col>
          <Col xs={24} sm={12} lg={8} xl={5}>
            <OrgUnitSelect
              aria-label="村（社区）"
              placeholder="村（社区）：全部"
              allowClear
              value={filters.village ? Number(filters.village) : undefined}
              onChange={(v) => setFilter({ village: v == null ? undefined : String(v) })}
            />
          </Col>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Select
              aria-label="期限"
              style={{ width: '100%' }}
              placeholder="期限：全部"
              allowClear
              value={filters.due}
              onChange={(v?: string) => setFilter({ due: v })}
              options={DUE_FILTERS.map((d) => ({ value: d.value, label: d.label }))}
            />
          </Col>
          <Col xs={24} sm={12} lg={8} xl={6}>
            {/* A plain Input rather than Input.Search: the test id must reach the <input> itself. */}
            <Space.Compact style={{ width: '100%' }}>
              <Input
                aria-label="关键词"
                placeholder="案号、标题、当事人"
                allowClear
                maxLength={50}
                value={keyword}
                onChange={(e) => {
                  setKeyword(e.target.value);
                  // The clear icon empties the box: drop the filter with it.
                  if (e.type === 'click' && !e.target.value) setFilter({ q: undefined });
                }}
                onPressEnter={() => setFilter({ q: keyword })}
                data-testid="case-search"
              />
              <Button icon={<SearchOutlined />} aria-label="搜索" onClick={() => setFilter({ q: keyword })} />
            </Space.Compact>
          </Col>
          <Col xs={24} sm={12} lg={8} xl={4}>
            <Select
              aria-label="登记年度"
              style={{ width: '100%' }}
              placeholder="登记年度：全部"
              allowClear
              value={filters.year ? Number(filters.year) : undefined}
              onChange={(v?: number) => setFilter({ year: v == null ? undefined : String(v) })}
              options={yearOptions.map((y) => ({ value: y, label: `${y}年登记` }))}
              data-testid="case-year"
            />
          </Col>
          <Col xs={24} sm={12} lg={8} xl={6}>
            <DatePicker.RangePicker
              aria-label="登记日期"
              style={{ width: '100%' }}
              placeholder={['登记日期', '至']}
              value={range(filters.registeredFrom, filters.registeredTo)}
              onChange={(v) =>
                setFilter({ registeredFrom: v?.[0]?.format('YYYY-MM-DD'), registeredTo: v?.[1]?.format('YYYY-MM-DD') })
              }
              data-testid="case-registered"
            />
          </Col>
          <Col xs={24} sm={12} lg={8} xl={6}>
            <DatePicker.RangePicker
              aria-label="办结日期"
              style={{ width: '100%' }}
              placeholder={['办结日期', '至']}
              value={range(filters.closedFrom, filters.closedTo)}
              onChange={(v) =>
                setFilter({ closedFrom: v?.[0]?.format('YYYY-MM-DD'), closedTo: v?.[1]?.format('YYYY-MM-DD') })
              }
              data-testid="case-closed"
            />
          </Col>
          <Col xs={24} lg={16} xl={8}>
            <Space wrap>
              <Checkbox
                checked={filters.assignee === 'me'}
                onChange={(e) => setFilter({ assignee: e.target.checked ? 'me' : undefined })}
                data-testid="case-mine"
              >
                我承办的
              </Checkbox>
              {hasFilters && (
                <Button size="small" type="link" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                  清除筛选
                </Button>
              )}
            </Space>
          </Col>
        </Row>
      </Card>
      {list.error && !list.data ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card
          size="small"
          title={
            <span style={{ fontWeight: 'normal' }} data-testid="case-total">
              {total == null ? '' : capped ? `超过 ${total} 件` : `共 ${total} 件`}
              {total != null && rows.length < total && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                  已加载 {rows.length} 件
                </Typography.Text>
              )}
            </span>
          }
          extra={
            <Space>
              <Button
                icon={<ReloadOutlined />}
                aria-label="刷新"
                onClick={() => void list.refetch()}
                loading={list.isRefetching && !list.isFetchingNextPage}
              />
              <Button
                icon={<DownloadOutlined />}
                onClick={() => void doExport()}
                loading={exporting}
                data-testid="case-export"
              >
                导出Excel
              </Button>
            </Space>
          }
        >
          <Table<CaseListItem>
            rowKey="id"
            size="small"
            columns={columns}
            onChange={onTableChange}
            dataSource={rows}
            loading={list.isPending}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: SCROLL_X }}
            onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
            locale={{ emptyText: hasFilters ? '没有符合条件的案件' : '暂无案件' }}
            data-testid="case-list-table"
          />
          {list.hasNextPage && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
                data-testid="case-load-more"
              >
                加载更多
              </Button>
            </div>
          )}
          {!list.hasNextPage && rows.length > PAGE_SIZE && (
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '12px 0 0' }}>
              已全部加载
            </Typography.Paragraph>
          )}
        </Card>
      )}
    </div>
  );
}
