import { PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { PlanEntryView, PlanGenerateResult, PlanView } from '@fazhi/domain/api/safety-plans';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { TownPicker } from '../../components/TownPicker.tsx';
import { KIND_OPTIONS, KIND_SHORT, kindLabel, MONTHS, pct, riskLabel, statusColor } from './labels.ts';
import { usePlan, useSafetyPlansRefresh } from './plansApi.ts';

type Status = 'all' | 'done' | 'open' | 'overdue';

interface UnitRow {
  unitId: string;
  unitName: string;
  villageName: string | null;
  riskClass: string;
  byMonth: Record<number, PlanEntryView[]>;
  planned: number;
  done: number;
}

/**
 * 年度监督检查计划 (安全生产法 art 62 ¶2): each unit's inspections month by month, coloured by
 * whether an inspection fulfilled them, the year's progress by kind and month, and for the
 * 安监办 the generation from the risk rules and the entries added or removed by hand.
 */
export function PlanPage() {
  // A figure's drill-down links to a year's plan (`?year=2023`); otherwise this year.
  const [params] = useSearchParams();
  const [year, setYear] = useState(() => {
    const asked = Number(params.get('year'));
    return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : new Date().getFullYear();
  });
  const [townId, setTownId] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<Status>('all');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [generating, setGenerating] = useState(false);
  const plan = usePlan(year, townId);
  const refresh = useSafetyPlansRefresh();
  const { message } = App.useApp();
  const data = plan.data;

  const rows = useMemo(() => {
    const byUnit = new Map<string, UnitRow>();
    for (const e of data?.entries ?? []) {
      const row = byUnit.get(e.unitId) ?? {
        unitId: e.unitId,
        unitName: e.unitName,
        villageName: e.villageName,
        riskClass: e.riskClass,
        byMonth: {},
        planned: 0,
        done: 0,
      };
      byUnit.set(e.unitId, row);
      row.planned += 1;
      if (e.fulfilled) row.done += 1;
      const shown =
        (!kind || e.kind === kind) &&
        (status === 'all' ||
          (status === 'done' && e.fulfilled) ||
          (status === 'open' && !e.fulfilled) ||
          (status === 'overdue' && e.overdue));
      if (shown) row.byMonth[e.month] = [...(row.byMonth[e.month] ?? []), e];
    }
    return [...byUnit.values()]
      .filter((r) => Object.keys(r.byMonth).length > 0 && (q === '' || r.unitName.includes(q.trim())))
      .sort((a, b) =>
        a.riskClass === b.riskClass ? a.unitName.localeCompare(b.unitName, 'zh') : a.riskClass === 'key' ? -1 : 1,
      );
  }, [data, kind, status, q]);

  if (plan.error) return <ErrorResult error={plan.error} onRetry={() => plan.refetch()} />;
  const canWrite = data?.canWrite ?? false;

  const generate = async () => {
    setGenerating(true);
    try {
      const r = await api.post<PlanGenerateResult>(`/api/safety/plans/${year}/generate`, undefined, {
        query: { townId: data?.town.id },
      });
      message.success(`已生成：新增${r.added}条，调整移除${r.removed}条，保留${r.kept}条`);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setGenerating(false);
    }
  };
  const remove = async (e: PlanEntryView) => {
    try {
      await api.delete(`/api/safety/plans/${year}/entries/${e.id}`);
      message.success('已删除');
      await refresh();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const cell = (e: PlanEntryView) => {
    const tip = `${e.unitName} ${e.month}月 ${kindLabel(e.kind)}：${
      e.fulfilled ? `已于${e.inspectedOn}检查` : e.overdue ? '逾期未检查' : '待检查'
    }${e.note ? `（${e.note}）` : ''}${e.generated ? '' : ' · 手工添加'}`;
    const tag = (
      <Tag
        color={statusColor(e)}
        style={{ marginInlineEnd: 2, cursor: canWrite && !e.fulfilled ? 'pointer' : 'default' }}
      >
        {KIND_SHORT[e.kind] ?? e.kind}
      </Tag>
    );
    return (
      <Tooltip key={e.id} title={tip}>
        {canWrite && !e.fulfilled ? (
          <Popconfirm title={`删除${e.unitName}${e.month}月的${kindLabel(e.kind)}计划？`} onConfirm={() => remove(e)}>
            {tag}
          </Popconfirm>
        ) : (
          tag
        )}
      </Tooltip>
    );
  };

  const thisMonth = data && Number(data.today.slice(0, 4)) === year ? Number(data.today.slice(5, 7)) : null;
  const columns: ColumnsType<UnitRow> = [
    {
      title: '生产经营单位',
      key: 'unit',
      fixed: 'left',
      width: 200,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <span>{r.unitName}</span>
            {r.riskClass === 'key' && <Tag color="volcano">{riskLabel(r.riskClass)}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.villageName ?? ''} 完成 {r.done}/{r.planned}
          </Typography.Text>
        </Space>
      ),
    },
    ...MONTHS.map((m) => ({
      title: `${m}月`,
      key: `m${m}`,
      width: 64,
      align: 'center' as const,
      onCell: () => (m === thisMonth ? { style: { background: '#e6f4ff' } } : {}),
      render: (_: unknown, r: UnitRow) => (
        <Space size={0} wrap>
          {(r.byMonth[m] ?? []).map(cell)}
        </Space>
      ),
    })),
  ];

  const p = data?.progress;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={`${year}年度安全生产监督检查计划${data ? ` · ${data.town.name}` : ''}`}
        extra={
          <Space>
            <TownPicker towns={data?.towns ?? []} value={data?.town.id} onChange={setTownId} />
            <InputNumber
              aria-label="年度"
              min={2000}
              max={2100}
              value={year}
              onChange={(v) => v && setYear(v)}
              suffix="年"
              style={{ width: 110 }}
            />
            {canWrite && (
              <Popconfirm
                title="按风险等级生成本年度计划？"
                description="已完成、手工添加和已过月份的条目保留不变。"
                onConfirm={generate}
              >
                <Button type="primary" icon={<ThunderboltOutlined />} loading={generating}>
                  生成计划
                </Button>
              </Popconfirm>
            )}
            {canWrite && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => setAdding(true)}
                disabled={!data || data.entries.length === 0}
              >
                添加条目
              </Button>
            )}
          </Space>
        }
      >
        {p && (
          <Row gutter={[24, 12]}>
            <Col xs={24} md={6}>
              <Typography.Text type="secondary">全年完成</Typography.Text>
              <Progress
                percent={pct(p.total.done, p.total.planned)}
                format={() => `${p.total.done}/${p.total.planned}`}
                aria-label="全年完成"
              />
              <Typography.Text type={p.total.overdue > 0 ? 'danger' : 'secondary'}>
                逾期未检查 {p.total.overdue} 次
              </Typography.Text>
            </Col>
            {p.byKind
              .filter((k) => k.planned > 0)
              .map((k) => (
                <Col xs={12} md={4} key={k.kind}>
                  <Typography.Text type="secondary">{kindLabel(k.kind)}</Typography.Text>
                  <Progress
                    size="small"
                    percent={pct(k.done, k.planned)}
                    format={() => `${k.done}/${k.planned}`}
                    status={k.overdue > 0 ? 'exception' : undefined}
                  />
                  {k.overdue > 0 && <Typography.Text type="danger">逾期 {k.overdue}</Typography.Text>}
                </Col>
              ))}
          </Row>
        )}
        {p && <MonthBars progress={p} thisMonth={thisMonth} />}
      </Card>
      <Card
        size="small"
        title={
          <Space wrap>
            <Select
              aria-label="检查类型"
              allowClear
              placeholder="全部检查类型"
              style={{ width: 140 }}
              value={kind}
              onChange={setKind}
              options={KIND_OPTIONS}
            />
            <Select<Status>
              aria-label="完成情况"
              style={{ width: 120 }}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'all', label: '全部' },
                { value: 'done', label: '已完成' },
                { value: 'open', label: '未完成' },
                { value: 'overdue', label: '逾期' },
              ]}
            />
            <Input.Search
              aria-label="单位名称"
              placeholder="单位名称"
              allowClear
              style={{ width: 180 }}
              onSearch={setQ}
            />
          </Space>
        }
        extra={
          <Space size={12}>
            {Object.entries(KIND_SHORT).map(([k, s]) => (
              <span key={k}>
                <Tag>{s}</Tag>
                {kindLabel(k)}
              </span>
            ))}
            <Tag color="success">已完成</Tag>
            <Tag color="processing">待检查</Tag>
            <Tag color="error">逾期</Tag>
          </Space>
        }
      >
        <Table
          rowKey="unitId"
          size="small"
          bordered
          loading={plan.isLoading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 200 + 12 * 64 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: canWrite ? '本年度尚无检查计划，可点击“生成计划”' : '本年度尚无检查计划' }}
        />
      </Card>
      {adding && data && <AddEntryModal plan={data} onClose={() => setAdding(false)} onSaved={refresh} />}
    </Space>
  );
}

/** Planned and done per month, the month's overdue in red: the office's monthly load at a glance. */
function MonthBars({ progress, thisMonth }: { progress: PlanView['progress']; thisMonth: number | null }) {
  const max = Math.max(1, ...progress.byMonth.map((m) => m.planned));
  return (
    <div
      style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginTop: 16 }}
      role="img"
      aria-label="各月计划与完成"
    >
      {progress.byMonth.map((m) => (
        <Tooltip key={m.month} title={`${m.month}月：计划${m.planned}次，完成${m.done}次，逾期${m.overdue}次`}>
          <div style={{ flex: 1, textAlign: 'center' }}>
            <div style={{ height: 64, display: 'flex', alignItems: 'flex-end', justifyContent: 'center' }}>
              <div
                style={{
                  width: '60%',
                  height: `${(m.planned / max) * 100}%`,
                  background: '#d6e4ff',
                  position: 'relative',
                  outline: m.month === thisMonth ? '2px solid #1677ff' : undefined,
                }}
              >
                <div
                  style={{
                    position: 'absolute',
                    bottom: 0,
                    width: '100%',
                    height: `${m.planned === 0 ? 0 : (m.done / m.planned) * 100}%`,
                    background: '#52c41a',
                  }}
                />
                {m.overdue > 0 && (
                  <div
                    style={{
                      position: 'absolute',
                      top: 0,
                      width: '100%',
                      height: `${(m.overdue / m.planned) * 100}%`,
                      background: '#ff7875',
                    }}
                  />
                )}
              </div>
            </div>
            <Typography.Text style={{ fontSize: 12 }}>
              {m.month}月 {m.done}/{m.planned}
            </Typography.Text>
          </div>
        </Tooltip>
      ))}
    </div>
  );
}

function AddEntryModal(props: { plan: PlanView; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const [form] = Form.useForm<{ unitId: string; month: number; kind: string; note?: string }>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  // The units of the plan: a unit not yet planned is added by generating from the register.
  const units = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of props.plan.entries) m.set(e.unitId, e.unitName);
    return [...m].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh'));
  }, [props.plan]);
  const submit = async (v: { unitId: string; month: number; kind: string; note?: string }) => {
    setSaving(true);
    try {
      await api.post(`/api/safety/plans/${props.plan.year}/entries`, { ...v, townId: props.plan.town.id });
      message.success('已添加');
      await props.onSaved();
      props.onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['unitId', 'month', 'kind', 'note'])) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title="添加计划条目" onCancel={props.onClose} onOk={() => form.submit()} confirmLoading={saving}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'special' }}>
        <Form.Item name="unitId" label="生产经营单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
          <Select options={MONTHS.map((m) => ({ value: m, label: `${m}月` }))} />
        </Form.Item>
        <Form.Item name="kind" label="检查类型" rules={[{ required: true, message: '请选择检查类型' }]}>
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} placeholder="如：粉尘涉爆专项检查" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
