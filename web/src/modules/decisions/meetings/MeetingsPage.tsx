/** 会议: the town's collective decision meetings, as a month calendar or a list, by kind and status. */
import { PlusOutlined } from '@ant-design/icons';
import type { MeetingSummary } from '@fazhi/domain/api/decisions-meetings';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from '@fazhi/domain/decisions/meetings';
import { Badge, Button, Calendar, Card, DatePicker, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { TownPicker } from '../../../components/TownPicker.tsx';
import { useMeetings } from './meetingsApi.ts';

const STATUS_COLORS = { planned: 'blue', held: 'green', cancelled: 'default' } as const;

export function StatusTag({ status }: { status: MeetingSummary['status'] }) {
  return <Tag color={STATUS_COLORS[status]}>{MEETING_STATUS_LABELS[status]}</Tag>;
}

export function MeetingsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const view = params.get('view') === 'list' ? 'list' : 'calendar';
  const raw = params.get('month');
  const month = raw && /^\d{4}-\d{2}$/.test(raw) ? dayjs(`${raw}-01`) : dayjs().startOf('month');
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [townId, setTownId] = useState<string | undefined>();
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  // The calendar shows its month; the list the whole year of that month.
  const q = useMeetings({
    townId,
    year: month.year(),
    month: view === 'calendar' ? month.month() + 1 : undefined,
    kind,
    status,
  });
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data?.items ?? [];
  const byDay = new Map<string, MeetingSummary[]>();
  for (const m of items) byDay.set(m.heldOn, [...(byDay.get(m.heldOn) ?? []), m]);

  const columns: ColumnsType<MeetingSummary> = [
    { title: '日期', dataIndex: 'heldOn', width: 110 },
    { title: '会议', dataIndex: 'title', render: (v: string, r) => <Link to={`/meetings/${r.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'kind', width: 110, render: (k: MeetingSummary['kind']) => MEETING_KIND_LABELS[k] },
    { title: '议题', dataIndex: 'itemCount', width: 70, align: 'right' },
    {
      title: '出席',
      key: 'quorum',
      width: 90,
      responsive: ['md'],
      render: (_, r) => (r.status === 'held' ? `${r.quorum.present}/${r.quorum.members}` : `应到${r.quorum.members}`),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: MeetingSummary['status']) => <StatusTag status={s} />,
    },
  ];

  return (
    <Card
      title="会议"
      extra={
        q.data?.canWrite && (
          <Link to="/meetings/new">
            <Button type="primary" icon={<PlusOutlined />}>
              安排会议
            </Button>
          </Link>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={view}
          onChange={(v) => set('view', String(v))}
          options={[
            { value: 'calendar', label: '日历' },
            { value: 'list', label: '列表' },
          ]}
        />
        {view === 'calendar' ? (
          <DatePicker
            picker="month"
            allowClear={false}
            value={month}
            onChange={(v: Dayjs | null) => v && set('month', v.format('YYYY-MM'))}
          />
        ) : (
          <DatePicker
            picker="year"
            allowClear={false}
            value={month}
            onChange={(v: Dayjs | null) => v && set('month', `${v.year()}-01`)}
          />
        )}
        <Select
          allowClear
          placeholder="会议类型"
          style={{ width: 140 }}
          value={kind}
          onChange={setKind}
          options={Object.entries(MEETING_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 110 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(MEETING_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        {q.data && <TownPicker towns={q.data.towns} value={q.data.town.id} onChange={setTownId} />}
      </Space>
      {view === 'calendar' ? (
        <Calendar
          value={month}
          headerRender={() => (
            <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
              {month.format('YYYY年M月')}（{items.length}次会议）
            </Typography.Title>
          )}
          onSelect={(d, info) => {
            if (info.source === 'date' && !d.isSame(month, 'month')) set('month', d.format('YYYY-MM'));
          }}
          cellRender={(d, info) => {
            if (info.type !== 'date' || !d.isSame(month, 'month')) return null;
            const ms = byDay.get(d.format('YYYY-MM-DD')) ?? [];
            return (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {ms.map((m) => (
                  <li key={m.id}>
                    <Badge
                      status={m.status === 'held' ? 'success' : m.status === 'planned' ? 'processing' : 'default'}
                      text={
                        <a
                          href={`/meetings/${m.id}`}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate(`/meetings/${m.id}`);
                          }}
                          style={{
                            fontSize: 12,
                            textDecoration: m.status === 'cancelled' ? 'line-through' : undefined,
                          }}
                        >
                          {MEETING_KIND_LABELS[m.kind]}
                        </a>
                      }
                    />
                  </li>
                ))}
              </ul>
            );
          }}
        />
      ) : (
        <Table<MeetingSummary>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          columns={columns}
          dataSource={items}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}
