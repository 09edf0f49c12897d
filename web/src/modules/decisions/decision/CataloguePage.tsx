/**
 * /decisions/catalogue: the year's 决策事项目录 (重大行政决策程序暂行条例 art 3 ¶3). The 党政办 adds
 * and edits draft items, publishes once the 镇领导 has recorded the 党委's agreement, starts an
 * item's case or proposes one outside the catalogue; everyone who reads decisions sees each item's
 * case, its state and the required steps a decided case has not done.
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  CATALOGUE_STATUS_LABELS,
  type CatalogueItem,
  DECISION_CATEGORY_LABELS,
} from '@fazhi/domain/api/decisions-decision';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../../api.ts';
import { ErrorResult } from '../../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../../components/forms.ts';
import { useCatalogue, useCatalogueRefresh } from './api.ts';

const CATEGORY_OPTIONS = Object.entries(DECISION_CATEGORY_LABELS).map(([value, label]) => ({ value, label }));
const STATUS_COLOR = { draft: 'default', approved: 'blue', published: 'green' } as const;

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; item: CatalogueItem }
  | { kind: 'approve' }
  | { kind: 'publish' }
  | { kind: 'start'; item: CatalogueItem }
  | { kind: 'propose' }
  | null;

export function CataloguePage() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const year = Number(params.get('year')) || thisYear;
  const q = useCatalogue(year);
  const refresh = useCatalogueRefresh();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);

  if (q.error) return <ErrorResult error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const can = data?.can ?? { edit: false, approve: false, publish: false, start: false };
  const items = data?.items ?? [];
  const drafts = items.filter((i) => i.status === 'draft').length;
  const approved = items.filter((i) => i.status === 'approved').length;

  const open = (d: Dialog) => {
    form.resetFields();
    if (d?.kind === 'edit')
      form.setFieldsValue({
        title: d.item.title,
        category: d.item.category,
        leadUnit: d.item.leadUnit,
        plannedQuarter: d.item.plannedQuarter,
        note: d.item.note,
      });
    setDialog(d);
  };

  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    const day = (d: dayjs.Dayjs | undefined) => d?.format('YYYY-MM-DD');
    setBusy(true);
    try {
      if (dialog.kind === 'add') await api.post('/api/decisions/catalogue', { year, ...v });
      else if (dialog.kind === 'edit')
        await api.patch(`/api/decisions/catalogue/${dialog.item.id}`, { ...v, version: dialog.item.version });
      else if (dialog.kind === 'approve')
        await api.post('/api/decisions/catalogue/approve', { year, approvedOn: day(v.on) });
      else if (dialog.kind === 'publish')
        await api.post('/api/decisions/catalogue/publish', { year, publishedOn: day(v.on) });
      else if (dialog.kind === 'start') {
        const r = await api.post<{ caseId: number }>(`/api/decisions/catalogue/${dialog.item.id}/start`, v);
        message.success('已登记决策案件，请在案件页“启动决策程序”');
        navigate(`/cases/${r.caseId}`);
      } else if (dialog.kind === 'propose') {
        const r = await api.post<{ caseId: number }>('/api/decisions/proposals', { year, ...v });
        message.success('已登记并列入目录（待党委同意）');
        navigate(`/cases/${r.caseId}`);
      }
      if (dialog.kind !== 'start' && dialog.kind !== 'propose') message.success('已保存');
      setDialog(null);
      await refresh();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['title', 'category', 'leadUnit', 'plannedQuarter', 'note', 'description']))
        message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<CatalogueItem> = [
    {
      title: '事项',
      dataIndex: 'title',
      render: (t: string, r) => (
        <Space direction="vertical" size={0}>
          <span>
            {t} {r.adHoc && <Tag>目录外提出</Tag>}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {DECISION_CATEGORY_LABELS[r.category]}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '承办单位', dataIndex: 'leadUnit', width: 140 },
    { title: '计划', dataIndex: 'plannedQuarter', width: 80, render: (v: number | null) => (v ? `第${v}季度` : '—') },
    {
      title: '目录状态',
      dataIndex: 'status',
      width: 170,
      render: (s: CatalogueItem['status'], r) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATUS_COLOR[s]}>{CATALOGUE_STATUS_LABELS[s]}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.approvedOn ? `党委同意 ${r.approvedOn}` : ''}
            {r.publishedOn ? ` · 公布 ${r.publishedOn}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '决策办理',
      key: 'case',
      render: (_: unknown, r) =>
        r.caseId ? (
          <Space direction="vertical" size={0}>
            <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link>
            <span>{r.caseStateLabel}</span>
            {r.missingSteps.length > 0 && (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                缺少：{r.missingSteps.join('、')}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">未启动</Typography.Text>
        ),
    },
    {
      title: '操作',
      key: 'ops',
      width: 150,
      render: (_: unknown, r) => (
        <Space wrap>
          {can.edit && r.status === 'draft' && !r.adHoc && (
            <Button size="small" onClick={() => open({ kind: 'edit', item: r })}>
              修改
            </Button>
          )}
          {can.start && !r.caseId && r.status !== 'draft' && (
            <Button size="small" type="primary" onClick={() => open({ kind: 'start', item: r })}>
              启动
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const title =
    dialog?.kind === 'add'
      ? '新增目录事项'
      : dialog?.kind === 'edit'
        ? '修改目录事项'
        : dialog?.kind === 'approve'
          ? `登记党委同意 ${year} 年度目录（${drafts} 项）`
          : dialog?.kind === 'publish'
            ? `公布 ${year} 年度目录（${approved} 项）`
            : dialog?.kind === 'start'
              ? `启动：${dialog.item.title}`
              : '目录外提出决策事项';

  return (
    <Card
      title={`${year} 年度重大行政决策事项目录`}
      extra={
        <Space wrap>
          <Select
            aria-label="年度"
            value={year}
            style={{ width: 100 }}
            options={years.map((y) => ({ value: y, label: `${y}年` }))}
            onChange={(y) => setParams({ year: String(y) })}
          />
          {can.edit && (
            <Button icon={<PlusOutlined />} onClick={() => open({ kind: 'add' })}>
              新增事项
            </Button>
          )}
          {can.approve && drafts > 0 && (
            <Button type="primary" onClick={() => open({ kind: 'approve' })}>
              登记党委同意
            </Button>
          )}
          {can.publish && approved > 0 && (
            <Button type="primary" onClick={() => open({ kind: 'publish' })}>
              公布目录
            </Button>
          )}
          {can.start && <Button onClick={() => open({ kind: 'propose' })}>目录外提出</Button>}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        决策事项目录经镇党委同意后向社会公布（《重大行政决策程序暂行条例》第三条第三款）；目录事项启动后按公众参与、专家论证、风险评估、合法性审查、集体讨论决定的程序办理。
      </Typography.Paragraph>
      <Table<CatalogueItem>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '本年度尚未编制目录' }}
      />
      <Modal
        open={dialog !== null}
        title={title}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {(dialog?.kind === 'add' || dialog?.kind === 'edit' || dialog?.kind === 'propose') && (
            <>
              <Form.Item name="title" label="事项名称" rules={[{ required: true, message: '请填写事项名称' }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                name="category"
                label="决策事项类别（条例第三条）"
                rules={[{ required: true, message: '请选择决策事项类别' }]}
              >
                <Select options={CATEGORY_OPTIONS} />
              </Form.Item>
              <Form.Item name="leadUnit" label="决策承办单位" rules={[{ required: true, message: '请填写承办单位' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
            <>
              <Form.Item name="plannedQuarter" label="计划季度">
                <InputNumber min={1} max={4} />
              </Form.Item>
              <Form.Item name="note" label="备注">
                <Input.TextArea maxLength={1000} rows={2} />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'start' || dialog?.kind === 'propose') && (
            <Form.Item
              name="description"
              label="决策事项说明"
              rules={[{ required: true, message: '请填写决策事项说明' }]}
            >
              <Input.TextArea maxLength={2000} rows={3} />
            </Form.Item>
          )}
          {(dialog?.kind === 'approve' || dialog?.kind === 'publish') && (
            <Form.Item
              name="on"
              label={dialog.kind === 'approve' ? '党委同意日期' : '公布日期'}
              rules={[{ required: true, message: '请选择日期' }]}
            >
              <DatePicker />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
