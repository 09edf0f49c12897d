import { DownloadOutlined, LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { PETITION_CATEGORY_LABELS } from '@fazhi/domain';
import type { ReceptionSlotView, ReceptionView, ReceptionVisitorInput } from '@fazhi/domain/cases/petition-receptions';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, download, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { StaffSelect } from '../cases/StaffSelect.tsx';
import { PETITION_KEY, usePetitionRefresh, useReceptions, useSlots } from './petitionApi.ts';
import { VillageSelect } from './VillageSelect.tsx';

/** Only the town's leaders receive and go down to the villages (信访工作条例 art 18). */
const LEADERS = { role: 'leader' } as const;

type Span = 'week' | 'month';

/** Monday-to-Sunday weeks, as the office plans them. */
function rangeOf(anchor: Dayjs, span: Span): [Dayjs, Dayjs] {
  if (span === 'month') return [anchor.startOf('month'), anchor.endOf('month')];
  const monday = anchor.subtract((anchor.day() + 6) % 7, 'day');
  return [monday, monday.add(6, 'day')];
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const fmt = (d: string) => `${d}（${WEEKDAYS[dayjs(d).day()]}）`;

const SLOT_STATE: Record<ReceptionSlotView['state'], { label: string; color: string }> = {
  planned: { label: '待接访', color: 'processing' },
  held: { label: '已接访', color: 'success' },
  cancelled: { label: '已取消', color: 'default' },
};

/**
 * 接访安排: which leader receives petitioners on which day (信访工作条例 art 18 ¶1), by week or
 * month, and the receptions held, each visitor's matter answered on the spot or registered as
 * a petition. Writers are the 信访办 and the leaders; a village officer sees the published
 * schedule to tell residents.
 */
export function ReceptionsPage() {
  const [params, setParams] = useSearchParams();
  const [span, setSpan] = useState<Span>('month');
  const [anchor, setAnchor] = useState<Dayjs>(() => dayjs());
  const [from, to] = rangeOf(anchor, span);
  const fromText = from.format('YYYY-MM-DD');
  const toText = to.format('YYYY-MM-DD');
  const slots = useSlots(fromText, toText);
  const receptions = useReceptions(fromText, toText);
  const [editing, setEditing] = useState<ReceptionSlotView | 'new' | null>(null);
  const [recording, setRecording] = useState<ReceptionSlotView | 'unscheduled' | null>(null);
  const canWrite = slots.data?.canWrite ?? false;
  const openId = params.get('reception');
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('reception', id);
    else next.delete('reception');
    setParams(next, { replace: true });
  };

  const slotColumns: ColumnsType<ReceptionSlotView> = [
    { title: '日期', dataIndex: 'onDate', width: 150, render: fmt },
    { title: '时间', key: 'time', width: 110, render: (_, r) => `${r.startsAt}–${r.endsAt}` },
    { title: '接访领导', dataIndex: 'leaderName', width: 96 },
    { title: '地点', dataIndex: 'place', ellipsis: true },
    { title: '主题', dataIndex: 'topic', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={SLOT_STATE[r.state].color}>{SLOT_STATE[r.state].label}</Tag>
          {r.published ? <Tag color="blue">已公布</Tag> : <Tag>未公布</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'ops',
      width: 170,
      render: (_, r) => (
        <Space size={0} wrap>
          {r.receptionId && (
            <Button type="link" size="small" onClick={() => open(r.receptionId)}>
              接访记录
            </Button>
          )}
          {canWrite && r.state === 'planned' && (
            <Button type="link" size="small" onClick={() => setRecording(r)} data-testid={`slot-record-${r.id}`}>
              登记接访
            </Button>
          )}
          {canWrite && (
            <Button type="link" size="small" onClick={() => setEditing(r)} data-testid={`slot-edit-${r.id}`}>
              修改
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const receptionColumns: ColumnsType<ReceptionView> = [
    { title: '接访日期', dataIndex: 'receivedOn', width: 150, render: fmt },
    { title: '接访领导', dataIndex: 'leaderName', width: 96 },
    { title: '地点', dataIndex: 'place', ellipsis: true },
    { title: '来访人次', dataIndex: 'people', width: 84, align: 'right' },
    { title: '当场答复', dataIndex: 'answered', width: 84, align: 'right' },
    { title: '登记信访', dataIndex: 'petitions', width: 84, align: 'right' },
    {
      title: '操作',
      key: 'ops',
      width: 80,
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => open(r.id)} data-testid={`reception-open-${r.id}`}>
          查看
        </Button>
      ),
    },
  ];

  const move = (n: number) => setAnchor(anchor.add(n, span));
  const title =
    span === 'month'
      ? from.format('YYYY年M月')
      : `${from.format('YYYY年M月D日')} 至 ${to.format(to.year() === from.year() ? 'M月D日' : 'YYYY年M月D日')}`;

  return (
    <div data-testid="receptions-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          领导接访安排
        </h1>
        {canWrite && (
          <Space wrap>
            <Button onClick={() => setRecording('unscheduled')} data-testid="reception-unscheduled">
              登记接访（未列入安排）
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="slot-new">
              新增接访安排
            </Button>
          </Space>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Segmented<Span>
              value={span}
              onChange={setSpan}
              options={[
                { value: 'week', label: '按周' },
                { value: 'month', label: '按月' },
              ]}
            />
            <Button icon={<LeftOutlined />} onClick={() => move(-1)} aria-label="上一段" />
            <Typography.Text strong data-testid="receptions-range">
              {title}
            </Typography.Text>
            <Button icon={<RightOutlined />} onClick={() => move(1)} aria-label="下一段" />
            <Button onClick={() => setAnchor(dayjs())}>本{span === 'week' ? '周' : '月'}</Button>
          </Space>
          <Button
            type="link"
            icon={<ReloadOutlined />}
            loading={slots.isRefetching || receptions.isRefetching}
            onClick={() => {
              void slots.refetch();
              void receptions.refetch();
            }}
          >
            刷新
          </Button>
        </Space>
      </Card>
      {slots.error && !slots.data ? (
        <ErrorResult error={slots.error} onRetry={() => void slots.refetch()} />
      ) : (
        <Card size="small" title="接访安排" styles={{ body: { padding: 0 } }} style={{ marginBottom: 12 }}>
          <Table<ReceptionSlotView>
            size="small"
            rowKey="id"
            loading={slots.isPending}
            columns={slotColumns}
            dataSource={slots.data?.items ?? []}
            pagination={false}
            scroll={{ x: 860 }}
            locale={{ emptyText: '本期没有接访安排' }}
            data-testid="slots-table"
          />
        </Card>
      )}
      {receptions.error && !receptions.data ? (
        <ErrorResult error={receptions.error} onRetry={() => void receptions.refetch()} />
      ) : (
        <Card size="small" title="接访记录" styles={{ body: { padding: 0 } }}>
          <Table<ReceptionView>
            size="small"
            rowKey="id"
            loading={receptions.isPending}
            columns={receptionColumns}
            dataSource={receptions.data?.items ?? []}
            pagination={false}
            scroll={{ x: 720 }}
            locale={{ emptyText: '本期没有接访记录' }}
            data-testid="receptions-table"
          />
        </Card>
      )}
      {editing && <SlotModal slot={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {recording && (
        <ReceptionModal
          slot={recording === 'unscheduled' ? null : recording}
          onClose={() => setRecording(null)}
          onSaved={(id) => {
            setRecording(null);
            open(id);
          }}
        />
      )}
      <ReceptionDrawer id={openId} onClose={() => open(null)} />
    </div>
  );
}

// ── 新增 / 修改接访安排 ──────────────────────────────────────────────────────────────────────

interface SlotForm {
  leaderId?: string;
  onDate?: Dayjs;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  topic?: string;
  published?: boolean;
  cancelled?: boolean;
}

const TIME_RULE = { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '请按 09:00 的格式填写' };

function SlotModal({ slot, onClose }: { slot: ReceptionSlotView | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<SlotForm>();
  const [saving, setSaving] = useState(false);
  const refresh = usePetitionRefresh();
  const submit = async (v: SlotForm) => {
    setSaving(true);
    try {
      const body = {
        leaderId: v.leaderId,
        onDate: v.onDate?.format('YYYY-MM-DD'),
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        place: v.place,
        topic: v.topic ?? '',
        published: v.published ?? false,
      };
      if (slot) {
        await api.patch(`/api/petition-reception-slots/${slot.id}`, {
          ...body,
          ...(v.cancelled !== undefined ? { cancelled: v.cancelled } : {}),
          version: slot.version,
        });
      } else {
        await api.post('/api/petition-reception-slots', body);
      }
      message.success(slot ? '接访安排已修改' : '接访安排已添加');
      refresh();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['leaderId', 'onDate', 'startsAt', 'endsAt', 'place', 'topic']))
        message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={slot ? '修改接访安排' : '新增接访安排'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'slot-save' }}
      destroyOnHidden
    >
      <Form<SlotForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          slot
            ? { ...slot, topic: slot.topic ?? undefined, onDate: dayjs(slot.onDate) }
            : { startsAt: '09:00', endsAt: '11:30', place: '镇信访接待室', published: false }
        }
        data-testid="slot-form"
      >
        <Form.Item name="leaderId" label="接访领导" rules={[{ required: true, message: '请选择接访领导' }]}>
          <StaffSelect {...LEADERS} />
        </Form.Item>
        <Form.Item name="onDate" label="接访日期" rules={[{ required: true, message: '请选择接访日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="startsAt" label="开始时间" rules={[{ required: true, message: '请填写' }, TIME_RULE]}>
            <Input placeholder="09:00" />
          </Form.Item>
          <Form.Item name="endsAt" label="结束时间" rules={[{ required: true, message: '请填写' }, TIME_RULE]}>
            <Input placeholder="11:30" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="place" label="接访地点" rules={[{ required: true, message: '请填写接访地点' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="topic" label="接访主题">
          <Input maxLength={200} placeholder="如：农村人居环境整治、征地拆迁（可不填）" />
        </Form.Item>
        <Form.Item name="published" valuePropName="checked">
          <Checkbox>向群众公布（村（社区）干部可见，可对外公示）</Checkbox>
        </Form.Item>
        {slot && slot.state !== 'held' && (
          <Form.Item name="cancelled" valuePropName="checked">
            <Checkbox>取消本次接访</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

// ── 登记接访 ─────────────────────────────────────────────────────────────────────────────

interface VisitorForm {
  outcome: 'answered' | 'petition';
  name?: string;
  idNumber?: string;
  phone?: string;
  unitId?: number;
  peopleCount?: number;
  matter?: string;
  answer?: string;
  category?: string;
  field?: string;
  requests?: string;
}
interface ReceptionForm {
  leaderId?: string;
  receivedOn?: Dayjs;
  place?: string;
  note?: string;
  visitors: VisitorForm[];
}

const CATEGORY_OPTIONS = Object.entries(PETITION_CATEGORY_LABELS).map(([value, label]) => ({ value, label }));

function ReceptionModal({
  slot,
  onClose,
  onSaved,
}: {
  slot: ReceptionSlotView | null;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ReceptionForm>();
  const [saving, setSaving] = useState(false);
  const refresh = usePetitionRefresh();
  const submit = async (v: ReceptionForm) => {
    setSaving(true);
    try {
      const visitors = v.visitors.map((x): ReceptionVisitorInput => {
        const common = {
          name: x.name ?? '',
          ...(x.idNumber ? { idNumber: x.idNumber } : {}),
          ...(x.phone ? { phone: x.phone } : {}),
          ...(x.unitId ? { unitId: String(x.unitId) } : {}),
          peopleCount: x.peopleCount ?? 1,
          matter: x.matter ?? '',
        };
        return x.outcome === 'answered'
          ? { ...common, outcome: 'answered', answer: x.answer ?? '' }
          : {
              ...common,
              outcome: 'petition',
              category: (x.category ?? 'claim') as 'claim',
              field: x.field ?? '',
              requests: x.requests ?? '',
            };
      });
      const r = await api.post<ReceptionView>('/api/petition-receptions', {
        ...(slot
          ? { slotId: slot.id }
          : { leaderId: v.leaderId, receivedOn: v.receivedOn?.format('YYYY-MM-DD'), place: v.place }),
        ...(v.note ? { note: v.note } : {}),
        visitors,
      });
      message.success(r.petitions > 0 ? `接访已登记，${r.petitions} 件登记为信访事项，请按期告知受理` : '接访已登记');
      refresh({ cases: r.petitions > 0 });
      onSaved(r.id);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['leaderId', 'receivedOn', 'place', 'note', 'visitors']))
        message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={slot ? `登记接访：${slot.onDate} ${slot.leaderName}` : '登记接访（未列入安排）'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'reception-save' }}
      destroyOnHidden
    >
      <Form<ReceptionForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          receivedOn: dayjs(),
          place: '镇信访接待室',
          visitors: [{ outcome: 'answered', peopleCount: 1 }],
        }}
        data-testid="reception-form"
      >
        {slot ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="接访领导">{slot.leaderName}</Descriptions.Item>
            <Descriptions.Item label="接访日期">{fmt(slot.onDate)}</Descriptions.Item>
            <Descriptions.Item label="时间">{`${slot.startsAt}–${slot.endsAt}`}</Descriptions.Item>
            <Descriptions.Item label="地点">{slot.place}</Descriptions.Item>
          </Descriptions>
        ) : (
          <>
            <Form.Item name="leaderId" label="接访领导" rules={[{ required: true, message: '请选择接访领导' }]}>
              <StaffSelect {...LEADERS} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="receivedOn" label="接访日期" rules={[{ required: true, message: '请选择接访日期' }]}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item
                name="place"
                label="接访地点"
                rules={[{ required: true, message: '请填写接访地点' }]}
                style={{ flex: 1 }}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Space.Compact>
          </>
        )}
        <Form.List name="visitors">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <VisitorFields
                  key={f.key}
                  index={i}
                  name={f.name}
                  onRemove={fields.length > 1 ? () => remove(f.name) : undefined}
                />
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ outcome: 'answered', peopleCount: 1 })}
                data-testid="visitor-add"
              >
                再登记一位来访人
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label="备注" style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitorFields({ index, name, onRemove }: { index: number; name: number; onRemove: (() => void) | undefined }) {
  const form = Form.useFormInstance<ReceptionForm>();
  const outcome = Form.useWatch(['visitors', name, 'outcome'], form) as VisitorForm['outcome'] | undefined;
  const required = (label: string) => [{ required: true, message: `请填写${label}` }];
  return (
    <div data-testid={`visitor-${index}`}>
      <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
        <Space>
          来访人 {index + 1}
          {onRemove && (
            <Button type="link" size="small" danger onClick={onRemove}>
              删除
            </Button>
          )}
        </Space>
      </Divider>
      <Space.Compact block style={{ flexWrap: 'wrap' }}>
        <Form.Item name={[name, 'name']} label="姓名" rules={required('姓名')} style={{ minWidth: 140, flex: 1 }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name={[name, 'peopleCount']} label="人数" style={{ width: 90 }}>
          <InputNumber min={1} max={1000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name={[name, 'idNumber']} label="身份证号码" style={{ minWidth: 200, flex: 1 }}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name={[name, 'phone']} label="联系电话" style={{ minWidth: 140, flex: 1 }}>
          <Input maxLength={20} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name={[name, 'unitId']} label="所属村（社区）">
        <VillageSelect allowClear placeholder="可不填" />
      </Form.Item>
      <Form.Item name={[name, 'matter']} label="反映事项" rules={required('反映事项')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name={[name, 'outcome']} label="处理方式">
        <Radio.Group
          options={[
            { value: 'answered', label: '当场答复' },
            { value: 'petition', label: '登记为信访事项（按期告知受理、办理）' },
          ]}
        />
      </Form.Item>
      {outcome === 'petition' ? (
        <>
          <Space.Compact block>
            <Form.Item name={[name, 'category']} label="信访类别" rules={required('信访类别')} style={{ width: 160 }}>
              <Select options={CATEGORY_OPTIONS} />
            </Form.Item>
            <Form.Item
              name={[name, 'field']}
              label="问题属地/领域"
              rules={required('问题属地/领域')}
              style={{ flex: 1 }}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name={[name, 'requests']} label="诉求" rules={required('诉求')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      ) : (
        <Form.Item name={[name, 'answer']} label="答复内容" rules={required('答复内容')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      )}
    </div>
  );
}

// ── 接访记录 ─────────────────────────────────────────────────────────────────────────────

function ReceptionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const q = useQuery({
    queryKey: [PETITION_KEY, 'reception', id],
    queryFn: ({ signal }) => api.get<ReceptionView>(`/api/petition-receptions/${id}`, undefined, { signal }),
    enabled: !!id,
  });
  const r = q.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={Math.min(720, typeof window === 'undefined' ? 720 : window.innerWidth)}
      title="接访记录"
      extra={
        r && (
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            data-testid="reception-register-download"
            onClick={async () => {
              setDownloading(true);
              try {
                await download(`/api/petition-receptions/${r.id}/register.docx`, undefined, '接访登记表.docx');
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setDownloading(false);
              }
            }}
          >
            接访登记表
          </Button>
        )
      }
    >
      {q.error && <ErrorResult error={q.error} onRetry={() => void q.refetch()} />}
      {r && (
        <div data-testid="reception-detail">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label="接访领导">{r.leaderName}</Descriptions.Item>
            <Descriptions.Item label="接访日期">{fmt(r.receivedOn)}</Descriptions.Item>
            <Descriptions.Item label="地点" span={2}>
              {r.place}
            </Descriptions.Item>
            <Descriptions.Item label="来访人次">{r.people}</Descriptions.Item>
            <Descriptions.Item label="登记人">{r.createdByName}</Descriptions.Item>
            {r.note && (
              <Descriptions.Item label="备注" span={2}>
                {r.note}
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.visitors.map((v, i) => (
            <Card
              key={v.id}
              size="small"
              style={{ marginTop: 12 }}
              title={`${i + 1}. ${v.name}${v.peopleCount > 1 ? `等${v.peopleCount}人` : ''}`}
              extra={
                v.outcome === 'answered' ? (
                  <Tag color="success">当场答复</Tag>
                ) : (
                  <Tag color="orange">登记为信访事项</Tag>
                )
              }
              data-testid={`reception-visitor-${i}`}
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {[v.idMasked, v.phoneMasked, v.unitName].filter(Boolean).join(' · ') || '未登记身份信息'}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ marginBottom: 4 }}>反映事项：{v.matter}</Typography.Paragraph>
              {v.outcome === 'answered' ? (
                <>
                  <Typography.Paragraph style={{ marginBottom: v.caseId ? 4 : 0 }}>
                    答复：{v.answer}
                  </Typography.Paragraph>
                  {/* Registered as a petition too (信访工作条例 arts 21, 23), closed as answered on the spot. */}
                  {v.caseId ? (
                    <Typography.Paragraph style={{ marginBottom: 0 }}>
                      登记编号：<Link to={`/cases/${v.caseId}`}>{v.caseNumber}</Link>（{v.caseStateLabel}）
                    </Typography.Paragraph>
                  ) : null}
                </>
              ) : v.caseId ? (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  信访事项：<Link to={`/cases/${v.caseId}`}>{v.caseNumber}</Link>（{v.caseStateLabel}）
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">已登记为信访事项（不在本人查看范围内）</Typography.Text>
              )}
            </Card>
          ))}
        </div>
      )}
    </Drawer>
  );
}
