/**
 * 各镇报送情况: every town the user oversees (a 县级督查: the county) with its report's state
 * for a year, on time or late against 1 March (to the county) and 1 April (public). An
 * approved report opens and exports from here.
 */
import { DownloadOutlined } from '@ant-design/icons';
import type { CountyOverview } from '@fazhi/domain/api/reports';
import { App, Breadcrumb, Button, Card, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { download, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useCountyReports } from './reportsApi.ts';
import { DeadlineTag, ReportStateTag } from './reportUi.tsx';

type Row = CountyOverview['towns'][number];
const YEARS = Array.from({ length: 6 }, (_, i) => dayjs().year() - 1 - i);

export function CountyReportsPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(YEARS[0]!);
  const q = useCountyReports(year);
  const towns = q.data?.towns ?? [];
  const count = (f: (t: Row) => boolean) => towns.filter(f).length;
  const columns: ColumnsType<Row> = [
    { title: '镇', dataIndex: 'townName', width: 120 },
    { title: '状态', dataIndex: 'status', width: 90, render: (_, t) => <ReportStateTag state={t.status} /> },
    {
      title: '报送（3月1日前）',
      key: 'submit',
      width: 260,
      render: (_, t) => <DeadlineTag d={t.deadlines.submit} what="报送" />,
    },
    {
      title: '公开（4月1日前）',
      key: 'publish',
      width: 300,
      render: (_, t) => (
        <Space direction="vertical" size={0}>
          <DeadlineTag d={t.deadlines.publish} what="公开" />
          {t.publishedWhere && <Typography.Text type="secondary">{t.publishedWhere}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'ops',
      width: 170,
      render: (_, t) =>
        t.canOpen && t.reportId ? (
          <Space size={4}>
            <Link to={`/reports/${t.reportId}`}>查看</Link>
            <Button
              size="small"
              type="link"
              icon={<DownloadOutlined />}
              onClick={() =>
                void download(
                  `/api/reports/${t.reportId}/export.docx`,
                  undefined,
                  `${t.townName}${year}年度报告.docx`,
                ).catch((e) => message.error(errorMessage(e)))
              }
            >
              Word
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">审定后可查看</Typography.Text>
        ),
    },
  ];
  return (
    <div>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/reports">年度报告</Link> }, { title: '各镇报送情况' }]}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          各镇法治政府建设年度报告报送情况
        </h1>
        <Select
          aria-label="年度"
          style={{ width: 130 }}
          value={year}
          onChange={setYear}
          options={YEARS.map((y) => ({ value: y, label: `${y}年度` }))}
        />
      </Space>
      {q.error && !q.data ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Card
          size="small"
          title={
            <span style={{ fontWeight: 'normal' }} data-testid="county-summary">
              共 {towns.length} 个镇：已审定 {count((t) => t.status === 'approved' || t.status === 'published')}，已公开{' '}
              {count((t) => t.status === 'published')}，逾期未报送{' '}
              {count((t) => t.deadlines.submit.state === 'overdue')}
            </span>
          }
        >
          <Table<Row>
            rowKey="townId"
            size="small"
            columns={columns}
            dataSource={towns}
            loading={q.isPending}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 940 }}
            data-testid="county-table"
          />
        </Card>
      )}
    </div>
  );
}
