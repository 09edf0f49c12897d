import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CaseListResponse } from '@fazhi/domain';
import type { VisitView } from '@fazhi/domain/cases/petition-receptions';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, download, errorMessage } from '../../api.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { applyFieldErrors } from '../../components/forms.ts';
import { StaffSelect } from '../cases/StaffSelect.tsx';
import { PETITION_KEY, usePetitionRefresh, useVisits } from './petitionApi.ts';
import { VillageSelect } from './VillageSelect.tsx';

/** Only the town's leaders receive and go down to the villages (信访工作条例 art 18). */
const LEADERS = { role: 'leader' } as const;

const YEARS = Array.from({ length: 6 }, (_, i) => dayjs().year() - i);

/**
 * 下访记录: leaders taking petitions and disputes down to the villages (信访工作条例 art 18 ¶1,
 * 带案下访), with the cases taken, the people met and what came of it. A village officer sees
 * the visits to their village.
 */
export function VisitsPage() {
  const [params, setParams] = useSearchParams();
  const [year, setYear] = useState(dayjs().year());
  const visits = useVisits({ from: `${year}-01-01`, to: `${year}-12-31` });
  const [creating, setCreating] = useState(false);
  const openId = params.get('visit');
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('visit', id);
    else next.delete('visit');
    setParams(next, { replace: true });
  };
  const columns: ColumnsType<VisitView> = [
    { title: '下访日期', dataIndex: 'visitedOn', width: 104 },
    { title: '下访领导', dataIndex: 'leaderName', width: 96 },
    { title: '村（社区）', dataIndex: 'unitName', width: 150, ellipsis: true },
    {
      title: '所带案件',
      key: 'cases',
      render: (_, r) =>
        r.cases.length + r.otherCases === 0 ? (
          '—'
        ) : (
          <Space size={[4, 4]} wrap>
            {r.cases.map((c) => (
              <Link key={c.id} to={`/cases/${c.id}`}>
                <Tag>{c.number}</Tag>
              </Link>
            ))}
            {r.otherCases > 0 && <Tag>另 {r.otherCases} 件</Tag>}
          </Space>
        ),
    },
    { title: '化解情况', dataIndex: 'outcome', ellipsis: true },
    {
      title: '操作',
      key: 'ops',
      width: 72,
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => open(r.id)} data-testid={`visit-open-${r.id}`}>
          查看
        </Button>
      ),
    },
  ];
  return (
    <div data-testid="visits-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <h1 className="fz-page-title" style={{ margin: 0 }}>
          领导带案下访
        </h1>
        {visits.data?.canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="visit-new">
            登记下访
          </Button>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Select
            aria-label="年度"
            value={year}
            onChange={setYear}
            options={YEARS.map((y) => ({ value: y, label: `${y}年` }))}
            style={{ width: 120 }}
          />
          <Button
            type="link"
            icon={<ReloadOutlined />}
            loading={visits.isRefetching}
            onClick={() => void visits.refetch()}
          >
            刷新
          </Button>
        </Space>
      </Card>
      {visits.error && !visits.data ? (
        <ErrorResult error={visits.error} onRetry={() => void visits.refetch()} />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<VisitView>
            size="small"
            rowKey="id"
            loading={visits.isPending}
            columns={columns}
            dataSource={visits.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 860 }}
            locale={{ emptyText: '本年度没有下访记录' }}
            data-testid="visits-table"
          />
        </Card>
      )}
      {creating && (
        <VisitModal
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            open(id);
          }}
        />
      )}
      <VisitDrawer id={openId} onClose={() => open(null)} />
    </div>
  );
}

interface VisitForm {
  leaderId?: string;
  visitedOn?: Dayjs;
  unitId?: number;
  caseIds?: string[];
  peopleMet?: string;
  outcome?: string;
  followUp?: string;
}

/** Petitions and disputes the user can see, found by number, title or party as they type. */
export function CasePicker({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const [q, setQ] = useState('');
  const search = (type: string) =>
    api.get<CaseListResponse>('/api/cases', { type, ...(q.trim() ? { q: q.trim() } : {}), limit: 20 });
  const found = useQuery({
    queryKey: [PETITION_KEY, 'case-picker', q],
    queryFn: async () => {
      const [p, m] = await Promise.all([search('petition'), search('mediation').catch(() => ({ items: [] }))]);
      return [...p.items, ...m.items];
    },
    staleTime: 30_000,
  });
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const options = useMemo(() => {
    const list = (found.data ?? []).map((c) => ({
      value: c.id,
      label: `${c.number} ${c.title}`,
      type: c.typeLabel,
      state: c.stateLabel,
    }));
    for (const id of value ?? []) {
      if (!list.some((o) => o.value === id)) list.push({ value: id, label: known.get(id) ?? id, type: '', state: '' });
    }
    return list;
  }, [found.data, value, known]);
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v, opts) => {
        const next = new Map(known);
        for (const o of (Array.isArray(opts) ? opts : []) as { value: string; label: string }[])
          next.set(o.value, o.label);
        setKnown(next);
        onChange?.(v);
      }}
      filterOption={false}
      onSearch={setQ}
      showSearch
      loading={found.isFetching}
      placeholder="输入案件编号、标题或当事人查找信访事项、矛盾纠纷案件"
      options={options}
      optionRender={(o) => (
        <div style={{ lineHeight: 1.35 }}>
          <div>{o.data.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[o.data.type, o.data.state].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      )}
      notFoundContent={found.isFetching ? '正在查找…' : '没有找到案件'}
      data-testid="case-picker"
    />
  );
}

function VisitModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<VisitForm>();
  const [saving, setSaving] = useState(false);
  const refresh = usePetitionRefresh();
  const submit = async (v: VisitForm) => {
    setSaving(true);
    try {
      const r = await api.post<VisitView>('/api/petition-visits', {
        leaderId: v.leaderId,
        visitedOn: v.visitedOn?.format('YYYY-MM-DD'),
        unitId: v.unitId == null ? undefined : String(v.unitId),
        caseIds: v.caseIds ?? [],
        peopleMet: v.peopleMet,
        outcome: v.outcome,
        ...(v.followUp ? { followUp: v.followUp } : {}),
      });
      message.success('下访记录已登记');
      refresh();
      onSaved(r.id);
    } catch (e) {
      if (
        !applyFieldErrors(form, e, ['leaderId', 'visitedOn', 'unitId', 'caseIds', 'peopleMet', 'outcome', 'followUp'])
      )
        message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={680}
      title="登记带案下访"
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'visit-save' }}
      destroyOnHidden
    >
      <Form<VisitForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ visitedOn: dayjs() }}
        data-testid="visit-form"
      >
        <Space.Compact block>
          <Form.Item
            name="leaderId"
            label="下访领导"
            rules={[{ required: true, message: '请选择下访领导' }]}
            style={{ flex: 1 }}
          >
            <StaffSelect {...LEADERS} />
          </Form.Item>
          <Form.Item name="visitedOn" label="下访日期" rules={[{ required: true, message: '请选择下访日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="unitId" label="下访村（社区）" rules={[{ required: true, message: '请选择下访的村（社区）' }]}>
          <VillageSelect />
        </Form.Item>
        <Form.Item name="caseIds" label="所带案件">
          <CasePicker />
        </Form.Item>
        <Form.Item name="peopleMet" label="接谈群众" rules={[{ required: true, message: '请填写接谈群众' }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：信访人张某及其家属、村两委成员" />
        </Form.Item>
        <Form.Item name="outcome" label="化解情况" rules={[{ required: true, message: '请填写化解情况' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="followUp" label="后续措施">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const q = useQuery({
    queryKey: [PETITION_KEY, 'visit', id],
    queryFn: ({ signal }) => api.get<VisitView>(`/api/petition-visits/${id}`, undefined, { signal }),
    enabled: !!id,
  });
  const v = q.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)}
      title="下访记录"
      extra={
        v && (
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            data-testid="visit-record-download"
            onClick={async () => {
              setDownloading(true);
              try {
                await download(`/api/petition-visits/${v.id}/record.docx`, undefined, '下访记录.docx');
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setDownloading(false);
              }
            }}
          >
            下访记录
          </Button>
        )
      }
    >
      {q.error && <ErrorResult error={q.error} onRetry={() => void q.refetch()} />}
      {v && (
        <div data-testid="visit-detail">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="下访领导">{v.leaderName}</Descriptions.Item>
            <Descriptions.Item label="下访日期">{v.visitedOn}</Descriptions.Item>
            <Descriptions.Item label="村（社区）">{v.unitName}</Descriptions.Item>
            <Descriptions.Item label="接谈群众">{v.peopleMet}</Descriptions.Item>
            <Descriptions.Item label="化解情况">{v.outcome}</Descriptions.Item>
            <Descriptions.Item label="后续措施">{v.followUp ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="登记人">{v.createdByName}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            所带案件
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={v.cases}
            locale={{ emptyText: '未带具体案件' }}
            renderItem={(c) => (
              <List.Item extra={<Tag>{c.stateLabel}</Tag>}>
                <Space orientation="vertical" size={0}>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <Typography.Text type="secondary">
                    {c.typeLabel} · {c.title}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {v.otherCases > 0 && (
            <Typography.Text type="secondary">另有 {v.otherCases} 件案件不在本人查看范围内。</Typography.Text>
          )}
        </div>
      )}
    </Drawer>
  );
}
