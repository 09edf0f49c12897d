/** 检查记录: the town's inspection records (a village sees its own units'), by unit, kind and month. */
import { PlusOutlined } from '@ant-design/icons';
import { SAFETY_INSPECTION_KIND_LABELS } from '@fazhi/domain/api/safety';
import type { InspectionListItem } from '@fazhi/domain/api/safety-inspections';
import { Button, Card, DatePicker, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useInspections } from './inspectionApi.ts';

const kindLabel = (k: string) => (SAFETY_INSPECTION_KIND_LABELS as Record<string, string>)[k] ?? k;

export function InspectionsPage() {
  const [kind, setKind] = useState<string | undefined>();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [page, setPage] = useState(1);
  const q = useInspections({
    kind,
    month: month ? month.format('YYYY-MM') : undefined,
    page,
    pageSize: 20,
  });
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const columns: ColumnsType<InspectionListItem> = [
    { title: '检查日期', dataIndex: 'inspectedOn', width: 110 },
    {
      title: '被检查单位',
      dataIndex: 'unitName',
      render: (v: string, r) => <Link to={`/safety/inspections/${r.id}`}>{v}</Link>,
    },
    { title: '村（社区）', dataIndex: 'villageName', responsive: ['md'] },
    { title: '类型', dataIndex: 'kind', render: kindLabel, width: 100 },
    { title: '检查人员', dataIndex: 'officerNames', render: (v: string[]) => v.join('、'), responsive: ['md'] },
    {
      title: '问题/隐患',
      key: 'found',
      width: 110,
      render: (_, r) => (
        <Space size={4}>
          <Tag color={r.problems > 0 ? 'orange' : 'default'}>{r.problems}</Tag>
          <Tag color={r.hazards > 0 ? 'red' : 'default'}>{r.hazards}</Tag>
        </Space>
      ),
    },
    {
      title: '签字',
      dataIndex: 'principalSigned',
      width: 80,
      render: (v: boolean) => (v ? '已签' : <Tag color="volcano">拒签</Tag>),
    },
  ];
  return (
    <Card
      title="检查记录"
      extra={
        q.data?.canWrite && (
          <Link to="/safety/inspections/new">
            <Button type="primary" icon={<PlusOutlined />}>
              现场检查
            </Button>
          </Link>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="检查类型"
          style={{ width: 140 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={Object.entries(SAFETY_INSPECTION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <DatePicker
          picker="month"
          placeholder="月份"
          value={month}
          onChange={(v) => {
            setMonth(v);
            setPage(1);
          }}
        />
      </Space>
      <Table<InspectionListItem>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        columns={columns}
        dataSource={q.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: q.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
