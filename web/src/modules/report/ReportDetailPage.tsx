/**
 * One annual report: its deadlines, the sections with their offices and state, each readable
 * with live (or, once approved, frozen) figures; the actions the server allows this user
 * (draft a section, assign, submit, approve, return, record publication) and the exports.
 */
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import type { ReportDetail, ReportSection } from '@fazhi/domain/api/reports';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, download, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { fmtDateTime } from '../../components/format.ts';
import { useReport, useReportRefresh } from './reportsApi.ts';
import { DeadlineTag, NarrativeView, ReportStateTag } from './reportUi.tsx';
import { SectionEditor } from './SectionEditor.tsx';

export function ReportDetailPage() {
  const { id = '' } = useParams();
  const q = useReport(id);
  const [editing, setEditing] = useState<string | null>(null);
  if (q.error && !q.data) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  if (!r) return <Card loading />;
  return (
    <div>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/reports">年度报告</Link> }, { title: r.title }]}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap align="start">
        <Space direction="vertical" size={2}>
          <h1 className="fz-page-title" style={{ margin: 0 }} data-testid="report-title">
            {r.title}
          </h1>
          <Space size={4} wrap>
            <ReportStateTag state={r.state} />
            <DeadlineTag d={r.deadlines.submit} what="报送县委县政府" />
            <DeadlineTag d={r.deadlines.publish} what="向社会公开" />
          </Space>
        </Space>
        <ReportActions r={r} />
      </Space>
      {r.returnNote && r.state === 'drafting' && (
        <Alert style={{ marginBottom: 12 }} type="warning" showIcon title="镇领导退回意见" description={r.returnNote} />
      )}
      {r.frozen && (
        <Alert
          style={{ marginBottom: 12 }}
          type="success"
          showIcon
          title={`本报告已于 ${fmtDateTime(r.approvedAt)} 由${r.approvedByName ?? '镇领导'}审定，文本与数据已冻结；此后案件数据的变动不影响本报告。`}
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'sections', label: '章节提交', children: `${r.sectionsSubmitted}/${r.sectionsTotal}` },
            {
              key: 'submitted',
              label: '提交审定',
              children: r.submittedAt ? `${fmtDateTime(r.submittedAt)} ${r.submittedByName ?? ''}` : '—',
            },
            {
              key: 'approved',
              label: '审定',
              children: r.approvedAt ? `${fmtDateTime(r.approvedAt)} ${r.approvedByName ?? ''}` : '—',
            },
            {
              key: 'published',
              label: '公开',
              children: r.publishedOn ? `${r.publishedOn} ${r.publishedWhere ?? ''}` : '—',
            },
          ]}
        />
      </Card>
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {r.sections.map((s) => (
          <SectionCard key={s.key} r={r} s={s} onEdit={() => setEditing(s.key)} />
        ))}
      </Space>
      <SectionEditor report={r} sectionKey={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function SectionCard({ r, s, onEdit }: { r: ReportDetail; s: ReportSection; onEdit: () => void }) {
  const { message } = App.useApp();
  const refresh = useReportRefresh();
  const [busy, setBusy] = useState(false);
  const call = async (fn: () => Promise<ReportDetail>, ok: string) => {
    setBusy(true);
    try {
      refresh(await fn());
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const path = `/api/reports/${r.id}/sections/${encodeURIComponent(s.key)}`;
  return (
    <Card
      size="small"
      data-testid={`section-${s.key}`}
      title={
        <span
          style={{ fontWeight: s.level === 1 ? 700 : 500, paddingLeft: s.level === 2 ? 16 : 0, whiteSpace: 'normal' }}
        >
          {s.title}
        </span>
      }
      extra={
        <Space size={4} wrap>
          {s.submitted ? <Tag color="success">已提交</Tag> : <Tag>未提交</Tag>}
          {s.canEdit && (
            <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="section-edit">
              撰写
            </Button>
          )}
          {s.canEdit && s.narrative.content.length > 0 && (
            <Button
              size="small"
              loading={busy}
              onClick={() =>
                void call(
                  () => api.post<ReportDetail>(`${path}/submit`, { version: s.version, submitted: !s.submitted }),
                  s.submitted ? '已撤回本节' : '已提交本节',
                )
              }
            >
              {s.submitted ? '撤回' : '提交本节'}
            </Button>
          )}
        </Space>
      }
    >
      <Space size={12} wrap style={{ marginBottom: 8 }}>
        {r.actions.assign ? (
          <Space size={4}>
            <Typography.Text type="secondary">承办科室</Typography.Text>
            <Select
              aria-label="承办科室"
              size="small"
              style={{ minWidth: 200 }}
              value={s.unitId}
              options={r.offices.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(unitId: string) =>
                void call(() => api.post<ReportDetail>(`${path}/assign`, { version: r.version, unitId }), '已改派')
              }
            />
          </Space>
        ) : (
          <Typography.Text type="secondary">承办科室：{s.unitName}</Typography.Text>
        )}
        <Typography.Text type="secondary">
          最后修改：{s.updatedByName ? `${s.updatedByName} ${fmtDateTime(s.updatedAt)}` : '—'}
        </Typography.Text>
      </Space>
      <NarrativeView narrative={s.narrative} facts={r.facts} year={r.year} townId={r.townId} />
    </Card>
  );
}

function ReportActions({ r }: { r: ReportDetail }) {
  const { message, modal } = App.useApp();
  const refresh = useReportRefresh();
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const act = async (name: string, fn: () => Promise<ReportDetail>, ok: string) => {
    setBusy(name);
    try {
      refresh(await fn());
      message.success(ok);
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const exp = async (ext: 'docx' | 'pdf') => {
    setBusy(ext);
    try {
      await download(`/api/reports/${r.id}/export.${ext}`, undefined, `${r.title}.${ext}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap>
      {r.actions.submit && (
        <Button
          type="primary"
          loading={busy === 'submit'}
          data-testid="report-submit"
          onClick={() =>
            modal.confirm({
              title: '提交镇领导审定？',
              content: '提交后各章节不能再修改，除非镇领导退回。',
              okText: '提交',
              onOk: () =>
                act('submit', () => api.post(`/api/reports/${r.id}/submit`, { version: r.version }), '已提交审定'),
            })
          }
        >
          提交审定
        </Button>
      )}
      {r.actions.approve && (
        <Button
          type="primary"
          loading={busy === 'approve'}
          data-testid="report-approve"
          onClick={() =>
            modal.confirm({
              title: '审定本报告？',
              content: '审定后报告文本和引用的数据将按当前数值冻结，作为报送和公开的版本。',
              okText: '审定',
              onOk: () =>
                act('approve', () => api.post(`/api/reports/${r.id}/approve`, { version: r.version }), '已审定'),
            })
          }
        >
          审定
        </Button>
      )}
      {r.actions.return && (
        <Button danger onClick={() => setReturning(true)} data-testid="report-return">
          退回修改
        </Button>
      )}
      {r.actions.publish && (
        <Button type="primary" onClick={() => setPublishing(true)} data-testid="report-publish">
          登记公开
        </Button>
      )}
      <Button
        icon={<DownloadOutlined />}
        loading={busy === 'docx'}
        onClick={() => void exp('docx')}
        data-testid="report-export-docx"
      >
        {r.frozen ? '导出 Word（审定版）' : '导出 Word（草稿）'}
      </Button>
      {r.pdfAvailable && (
        <Button icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={() => void exp('pdf')}>
          导出 PDF
        </Button>
      )}
      <ReturnModal
        open={returning}
        onClose={() => setReturning(false)}
        onSubmit={async (note) => {
          if (
            await act('return', () => api.post(`/api/reports/${r.id}/return`, { version: r.version, note }), '已退回')
          )
            setReturning(false);
        }}
      />
      <PublishModal
        open={publishing}
        onClose={() => setPublishing(false)}
        onSubmit={async (publishedOn, where) => {
          if (
            await act(
              'publish',
              () => api.post(`/api/reports/${r.id}/publish`, { version: r.version, publishedOn, where }),
              '已登记公开',
            )
          )
            setPublishing(false);
        }}
      />
    </Space>
  );
}

function ReturnModal({
  open,
  onClose,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  onSubmit: (note: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal
      title="退回修改"
      open={open}
      onCancel={onClose}
      okText="退回"
      destroyOnHidden
      onOk={async () => onSubmit((await form.validateFields()).note)}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="note"
          label="退回意见"
          rules={[{ required: true, whitespace: true, message: '请填写退回意见' }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PublishModal({
  open,
  onClose,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  onSubmit: (publishedOn: string, where: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ publishedOn: Dayjs; where: string }>();
  return (
    <Modal
      title="登记公开情况"
      open={open}
      onCancel={onClose}
      okText="登记"
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        await onSubmit(v.publishedOn.format('YYYY-MM-DD'), v.where);
      }}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ publishedOn: dayjs(), where: '镇人民政府门户网站“法治政府建设年度报告”专栏' }}
      >
        <Form.Item name="publishedOn" label="公开日期" rules={[{ required: true, message: '请选择公开日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="where"
          label="公开渠道"
          rules={[{ required: true, whitespace: true, message: '请填写公开渠道' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
