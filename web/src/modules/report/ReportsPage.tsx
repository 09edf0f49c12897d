/**
 * 年度报告: the town's reports by year, the reminder for the report now due (1 March to the
 * county, 1 April public; docs/domain.md §Annual report), and for the 法治办 the start of a
 * new one.
 */
import { PlusOutlined } from '@ant-design/icons';
import { REPORT_TEMPLATE_LABELS, type ReportDetail, type ReportListItem } from '@fazhi/domain/api/reports';
import { App, Button, Card, Form, Modal, Radio, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage, isApiError } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { fmtDateTime } from '../../components/format.ts';
import { applyFieldErrors } from '../../components/forms.ts';
import { useReportRefresh, useReports } from './reportsApi.ts';
import { DeadlineTag, DueReminder, ReportStateTag } from './reportUi.tsx';

const COLUMNS: ColumnsType<ReportListItem> = [
  {
    title: '报告',
    dataIndex: 'title',
    ellipsis: true,
    render: (v: string, r) => <Link to={`/reports/${r.id}`}>{v}</Link>,
  },
  { title: '年度', dataIndex: 'year', width: 72 },
  { title: '状态', dataIndex: 'state', width: 90, render: (_, r) => <ReportStateTag state={r.state} /> },
  {
    title: '章节提交',
    key: 'sections',
    width: 96,
    render: (_, r) => `${r.sectionsSubmitted}/${r.sectionsTotal}`,
  },
  {
    title: '期限',
    key: 'deadlines',
    width: 330,
    render: (_, r) => (
      <Space size={4} wrap>
        <DeadlineTag d={r.deadlines.submit} what="报送" />
        <DeadlineTag d={r.deadlines.publish} what="公开" />
      </Space>
    ),
  },
  { title: '最后修改', dataIndex: 'updatedAt', width: 140, responsive: ['lg'], render: (v: string) => fmtDateTime(v) },
];

const YEARS = Array.from({ length: 6 }, (_, i) => dayjs().year() - i);

export function ReportsPage() {
  const navigate = useNavigate();
  const [year, setYear] = useState<number | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useReports(year);
  const data = list.data;
  const due = data?.items.find((i) => i.year === data.currentYear);
  const canCreate = (data?.createTowns.length ?? 0) > 0;

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          法治政府建设年度报告
        </h1>
        <Space wrap>
          <Link to="/reports/county">各镇报送情况</Link>
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="report-new">
              新建年度报告
            </Button>
          )}
        </Space>
      </Space>
      {data && <DueReminder year={data.currentYear} item={due} canCreate={canCreate} />}
      {list.error && !data ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card
          size="small"
          title={<span style={{ fontWeight: 'normal' }}>共 {data?.items.length ?? 0} 份报告</span>}
          extra={
            <Select
              aria-label="年度"
              style={{ width: 130 }}
              placeholder="年度：全部"
              allowClear
              value={year}
              onChange={(y?: number) => setYear(y)}
              options={YEARS.map((y) => ({ value: y, label: `${y}年度` }))}
            />
          }
        >
          <Table<ReportListItem>
            rowKey="id"
            size="small"
            columns={COLUMNS}
            dataSource={data?.items ?? []}
            loading={list.isPending}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 820 }}
            onRow={(r) => ({ onClick: () => navigate(`/reports/${r.id}`), style: { cursor: 'pointer' } })}
            locale={{ emptyText: canCreate ? '尚未建立年度报告，点击“新建年度报告”开始' : '暂无年度报告' }}
            data-testid="report-table"
          />
        </Card>
      )}
      {data && (
        <CreateReportModal
          open={creating}
          defaultYear={data.currentYear}
          towns={data.createTowns}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/reports/${id}`);
          }}
        />
      )}
    </div>
  );
}

interface CreateValues {
  year: number;
  template: 'standard' | 'seed';
  townId?: string;
}

function CreateReportModal({
  open,
  defaultYear,
  towns,
  onClose,
  onCreated,
}: {
  open: boolean;
  defaultYear: number;
  towns: { id: string; name: string }[];
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const refresh = useReportRefresh();
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const d = await api.post<ReportDetail>('/api/reports', {
        year: v.year,
        template: v.template,
        ...(towns.length > 1 ? { townId: v.townId } : {}),
      });
      refresh(d);
      message.success('已建立年度报告，各章节已分配到承办科室');
      onCreated(d.id);
    } catch (e) {
      if (isApiError(e) && e.status === 409 && typeof e.details?.reportId === 'string') {
        message.info(e.message);
        onCreated(e.details.reportId);
      } else if (!applyFieldErrors(form, e, ['year', 'template', 'townId'])) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title="新建年度报告"
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="建立"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ year: defaultYear, template: 'standard', townId: towns[0]?.id }}
        preserve={false}
      >
        {towns.length > 1 && (
          <Form.Item name="townId" label="镇" rules={[{ required: true, message: '请选择镇' }]}>
            <Select options={towns.map((t) => ({ value: t.id, label: t.name }))} />
          </Form.Item>
        )}
        <Form.Item name="year" label="报告年度" rules={[{ required: true, message: '请选择年度' }]}>
          <Select options={YEARS.map((y) => ({ value: y, label: `${y}年度` }))} />
        </Form.Item>
        <Form.Item name="template" label="报告提纲">
          <Radio.Group>
            <Space direction="vertical">
              {(Object.keys(REPORT_TEMPLATE_LABELS) as CreateValues['template'][]).map((k) => (
                <Radio key={k} value={k}>
                  {REPORT_TEMPLATE_LABELS[k]}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
