import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditAction, AuditEntry, AuditOutcome, Page } from '@fazhi/domain/api/platform';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, download, errorMessage } from '../../../api.ts';
import { hasPermission, useCurrentUser } from '../../../app/auth.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { fmtDateTimeSec } from '../../../components/format.ts';
import { type AuditFilters, type AuditFilterValues, toAuditFilters } from './filters.ts';

const PAGE_SIZE = 50;

const OUTCOMES: Record<AuditOutcome, { label: string; color: string }> = {
  success: { label: '成功', color: 'green' },
  failure: { label: '失败', color: 'orange' },
  denied: { label: '拒绝', color: 'red' },
};

function hasDetails(d: unknown): boolean {
  if (d == null || d === '') return false;
  if (typeof d === 'object') return Object.keys(d as object).length > 0;
  return true;
}

export function AuditPage() {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<AuditFilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [exporting, setExporting] = useState(false);
  const canExport = hasPermission(me, 'audit:export');

  const actions = useQuery({
    queryKey: ['audit', 'actions'],
    queryFn: () => api.get<AuditAction[]>('/api/audit/actions'),
    staleTime: 600_000,
  });
  const actionLabel = useMemo(() => new Map((actions.data ?? []).map((a) => [a.action, a.label])), [actions.data]);

  const list = useInfiniteQuery({
    queryKey: ['audit', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEntry>>('/api/audit', { ...filters, cursor: pageParam, limit: PAGE_SIZE }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const doExport = async () => {
    setExporting(true);
    try {
      await download('/api/audit/export', { ...filters }, `审计日志-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: '编号', dataIndex: 'id', width: 72 },
    {
      title: '时间',
      dataIndex: 'at',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTimeSec(v)}</span>,
    },
    {
      title: '操作人',
      dataIndex: 'actorName',
      render: (v: string | null) => v ?? <Typography.Text type="secondary">未登录用户</Typography.Text>,
    },
    { title: '单位', dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
    { title: '操作', dataIndex: 'action', render: (v: string, r) => r.actionLabel ?? actionLabel.get(v) ?? v },
    {
      title: '对象',
      dataIndex: 'targetLabel',
      // In words from the server (core/audit-words.ts); the record's own text is in the expanded row.
      render: (v: string | null) => (
        <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 280 }}>{v ?? '—'}</span>
      ),
    },
    {
      title: '结果',
      dataIndex: 'outcome',
      render: (v: AuditOutcome) => <Tag color={OUTCOMES[v]?.color}>{OUTCOMES[v]?.label ?? v}</Tag>,
    },
    { title: 'IP 地址', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
    {
      title: '详情',
      dataIndex: 'detailsText',
      render: (v: string | null) => (
        <Typography.Text type="secondary" ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>
          {v ?? '—'}
        </Typography.Text>
      ),
    },
  ];

  return (
    <div>
      <h1 className="fz-page-title">审计日志</h1>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<AuditFilterValues>
          form={form}
          name="auditFilter"
          layout="vertical"
          onFinish={(v) => setFilters(toAuditFilters(v))}
        >
          <Row gutter={12}>
            <Col xs={24} md={12} xl={7}>
              <Form.Item label="时间范围" name="range" style={{ marginBottom: 12 }}>
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item label="操作人" name="actor" style={{ marginBottom: 12 }}>
                <Input placeholder="姓名或用户名" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item label="操作类型" name="action" style={{ marginBottom: 12 }}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="全部"
                  loading={actions.isPending}
                  options={(actions.data ?? []).map((a) => ({ value: a.action, label: a.label }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={3}>
              <Form.Item label="结果" name="outcome" style={{ marginBottom: 12 }}>
                <Select
                  allowClear
                  placeholder="全部"
                  options={(Object.keys(OUTCOMES) as AuditOutcome[]).map((k) => ({
                    value: k,
                    label: OUTCOMES[k].label,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} xl={4}>
              <Form.Item label=" " colon={false} style={{ marginBottom: 12 }}>
                <Space wrap>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    查询
                  </Button>
                  <Button
                    onClick={() => {
                      form.resetFields();
                      setFilters({});
                    }}
                  >
                    重置
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {list.error && !list.data ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card
          size="small"
          title={<span style={{ fontWeight: 'normal' }}>已加载 {rows.length} 条</span>}
          extra={
            canExport ? (
              <Button icon={<DownloadOutlined />} onClick={() => void doExport()} loading={exporting}>
                导出 Excel
              </Button>
            ) : null
          }
        >
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            expandable={{
              rowExpandable: (r) => hasDetails(r.details) || r.target != null,
              expandedRowRender: (r) => (
                <div style={{ fontSize: 12 }}>
                  {r.detailsText && <div style={{ marginBottom: 6, whiteSpace: 'pre-wrap' }}>{r.detailsText}</div>}
                  <Typography.Text type="secondary">记录原文（用于哈希校验）：</Typography.Text>
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {r.target ?? ''}
                    {hasDetails(r.details) ? `\n${JSON.stringify(r.details, null, 2)}` : ''}
                  </pre>
                </div>
              ),
            }}
            locale={{ emptyText: '没有符合条件的审计记录' }}
            data-testid="audit-table"
          />
          {list.hasNextPage && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                加载更多
              </Button>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
