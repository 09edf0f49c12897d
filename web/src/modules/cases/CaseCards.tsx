import { EyeOutlined } from '@ant-design/icons';
import type { CaseDetail, CaseEventView, CaseTypeView, ClockView } from '@fazhi/domain';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Row,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api.ts';
import { useLookups } from '../../app/lookups.tsx';
import { fmtInstant } from '../../components/format.ts';
import { inputSchemaFor } from './CaseActions.tsx';
import {
  CLOCK_STATE_COLORS,
  CLOCK_STATE_LABELS,
  DueLevelTag,
  daysText,
  PARTY_KIND_LABELS,
  UNIT_LABELS,
} from './caseUi.tsx';
import {
  type JsonSchema,
  kindOf,
  type LookupLabels,
  lookupsIn,
  objectProps,
  SchemaValue,
  summarize,
} from './SchemaForm.tsx';
import { useUserNames } from './StaffSelect.tsx';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/**
 * 基本信息: the type's fields in schema order, labelled from the schema. Records of later
 * steps (调解记录, 回访记录, 司法确认) follow as blocks of their own: a table inside a
 * Descriptions cell cannot shrink, and would push a phone's page sideways.
 */
export function FieldsCard({ c, type }: { c: CaseDetail; type: CaseTypeView | undefined }) {
  const schema = (type?.fieldsSchema ?? {}) as JsonSchema;
  const props = objectProps(schema);
  const known = new Set(props.map((p) => p.key));
  // Most of a type's fields are filled step by step: show what is recorded (and what must be).
  const shown = props.filter((p) => p.required || !isEmptyValue(c.fields[p.key]));
  const isRecord = (p: (typeof props)[number]) => {
    const k = kindOf(p.schema, p.label, p.key);
    return k === 'list' || k === 'object';
  };
  const items = [
    ...(c.summary && !Object.values(c.fields).includes(c.summary)
      ? [{ key: '__summary', label: '摘要', span: 'filled' as const, children: <span>{c.summary}</span> }]
      : []),
    ...shown
      .filter((p) => !isRecord(p))
      .map((p) => ({
        key: p.key,
        label: p.label,
        span: kindOf(p.schema, p.label, p.key) === 'textarea' ? ('filled' as const) : undefined,
        children: <SchemaValue schema={p.schema} value={c.fields[p.key]} root={schema} fieldKey={p.key} />,
      })),
    // Fields the current schema no longer lists (an older case): shown rather than hidden.
    ...Object.entries(c.fields)
      .filter(([k, v]) => !known.has(k) && !isEmptyValue(v))
      .map(([k, v]) => ({
        key: k,
        label: k,
        children: <SchemaValue schema={{}} value={v} fieldKey={k} />,
      })),
  ];
  const records = shown.filter(isRecord);
  return (
    <Card title="基本信息" size="small">
      {items.length === 0 && records.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
      ) : (
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} />
      )}
      {records.map((p) => (
        <div key={p.key} style={{ marginTop: 12, minWidth: 0 }} data-testid={`field-${p.key}`}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {p.label}
          </Typography.Text>
          <div style={{ overflowX: 'auto' }}>
            <SchemaValue schema={p.schema} value={c.fields[p.key]} root={schema} fieldKey={p.key} />
          </div>
        </div>
      ))}
    </Card>
  );
}

interface Revealed {
  idNumber: string;
  phone: string | null;
}

/** 当事人, masked; a user with case:unmask may reveal one party's numbers (the server audits it). */
export function PartiesCard({ c }: { c: CaseDetail }) {
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({});
  const unmask = useMutation({
    mutationFn: (id: string) => api.post<Revealed>(`/api/parties/${encodeURIComponent(id)}/unmask`),
    onSuccess: (r, id) => {
      setRevealed((prev) => ({ ...prev, [id]: r }));
      void message.info('已显示完整号码，本次查看已记入审计日志');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  return (
    <Card title={`当事人（${c.parties.length}）`} size="small">
      {c.parties.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未登记当事人" />
      ) : (
        // Cards rather than a table: seven columns do not fit beside the clocks, nor on a phone.
        <Row gutter={[8, 8]} data-testid="party-list">
          {c.parties.map((p) => {
            const r = revealed[p.id];
            const maskable = c.canUnmask && !r && (p.idMasked || p.phoneMasked);
            return (
              <Col key={p.id} xs={24} md={12}>
                <div
                  data-testid={`party-${p.id}`}
                  style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: '8px 12px', height: '100%' }}
                >
                  <Space size={6} wrap style={{ marginBottom: 4 }}>
                    <Typography.Text strong>{p.name}</Typography.Text>
                    <Tag color="blue">{p.roleLabel}</Tag>
                    <Tag>{PARTY_KIND_LABELS[p.kind] ?? p.kind}</Tag>
                  </Space>
                  <Descriptions
                    size="small"
                    column={1}
                    styles={{ label: { width: 70 } }}
                    items={[
                      {
                        key: 'id',
                        label: '证件号码',
                        children: r ? <Typography.Text copyable>{r.idNumber}</Typography.Text> : (p.idMasked ?? dash),
                      },
                      { key: 'phone', label: '联系电话', children: r ? (r.phone ?? dash) : (p.phoneMasked ?? dash) },
                      { key: 'addr', label: '住址', children: p.address ?? dash },
                      ...(p.ethnicity ? [{ key: 'ethnicity', label: '民族', children: p.ethnicity }] : []),
                      ...(p.occupation ? [{ key: 'occupation', label: '职业', children: p.occupation }] : []),
                    ]}
                  />
                  {maskable && (
                    <Tooltip title="查看完整证件号码和电话将记入审计日志">
                      <Button
                        size="small"
                        icon={<EyeOutlined />}
                        loading={unmask.isPending && unmask.variables === p.id}
                        onClick={() => unmask.mutate(p.id)}
                        data-testid={`party-unmask-${p.id}`}
                      >
                        显示完整号码
                      </Button>
                    </Tooltip>
                  )}
                  {r && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      本次查看已记入审计日志
                    </Typography.Text>
                  )}
                </div>
              </Col>
            );
          })}
        </Row>
      )}
      {c.canUnmask && c.parties.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          证件号码和电话默认隐去中间部分。查看完整号码会记入审计日志，请仅在办案需要时查看。
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function clockLength(k: ClockView): string {
  const ext = k.extendedBy > 0 ? `，已延长 ${k.extendedBy}` : '';
  return `${k.length} ${UNIT_LABELS[k.unit]}${ext}${k.extendedBy > 0 ? ` ${UNIT_LABELS[k.unit]}` : ''}`;
}

function leftText(k: ClockView): string | null {
  if (k.unit === 'hour') {
    if (k.hoursLeft == null) return null;
    return k.hoursLeft >= 0 ? `剩 ${k.hoursLeft} 小时` : `超时 ${-k.hoursLeft} 小时`;
  }
  if (k.daysLeft == null) return null;
  const wd = k.workdaysLeft != null && k.daysLeft > 0 ? `（${k.workdaysLeft} 个工作日）` : '';
  return `${daysText(k.daysLeft)}${wd}`;
}

const LEVEL_TONE = { breached: 'danger', warn: 'warning', ok: undefined } as const;

const blockStyle = { border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: '10px 12px' } as const;

/** A clock that has not started says only what it will be: seven full blocks would bury the running one. */
function PendingClock({ k }: { k: ClockView }) {
  return (
    <div data-testid={`clock-${k.key}`} style={{ ...blockStyle, padding: '6px 12px' }}>
      <Space size={6} wrap>
        <Typography.Text>{k.label}</Typography.Text>
        <Tag>{CLOCK_STATE_LABELS[k.state] ?? k.state}</Tag>
        {k.kind === 'window' && <Tag>当事人期限</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {k.length} {UNIT_LABELS[k.unit]} · {k.basis}
        </Typography.Text>
      </Space>
    </div>
  );
}

function ClockBlock({ k }: { k: ClockView }) {
  if (k.state === 'not_started') return <PendingClock k={k} />;
  const left = leftText(k);
  const due = k.due ? (k.unit === 'hour' ? fmtInstant(k.due) : k.due) : null;
  const items = [
    {
      key: 'due',
      label: '到期',
      children: due ? (
        <Space size={6} wrap>
          <Typography.Text strong type={LEVEL_TONE[k.level]}>
            {due}
          </Typography.Text>
          {left && <Typography.Text type={LEVEL_TONE[k.level] ?? 'secondary'}>{left}</Typography.Text>}
        </Space>
      ) : (
        // A paused clock has no due date until it resumes.
        <Typography.Text type="secondary">{k.paused ? '暂停中' : '—'}</Typography.Text>
      ),
    },
    {
      key: 'start',
      label: '起算',
      children: k.startedOn ? (k.unit === 'hour' ? fmtInstant(k.startedOn) : k.startedOn) : dash,
    },
    {
      key: 'len',
      label: '期间',
      children: (
        <span>
          {clockLength(k)}
          {k.extensionMax != null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              （最多可延长 {k.extensionMax} {UNIT_LABELS[k.unit]}）
            </Typography.Text>
          )}
        </span>
      ),
    },
    ...(k.paused || k.pausedDays > 0
      ? [
          {
            key: 'pause',
            label: '暂停',
            children: `${k.paused ? '暂停中，' : ''}不计入 ${k.pausedDays} 日`,
          },
        ]
      : []),
    ...(k.stoppedOn
      ? [{ key: 'stop', label: '停止', children: k.unit === 'hour' ? fmtInstant(k.stoppedOn) : k.stoppedOn }]
      : []),
    { key: 'basis', label: '依据', children: k.basis },
  ];
  return (
    <div data-testid={`clock-${k.key}`} style={blockStyle}>
      <Space size={6} wrap style={{ marginBottom: 6 }}>
        <Typography.Text strong>{k.label}</Typography.Text>
        <Tag color={CLOCK_STATE_COLORS[k.state]}>{CLOCK_STATE_LABELS[k.state] ?? k.state}</Tag>
        {k.state === 'running' && <DueLevelTag level={k.level === 'breached' ? null : k.level} />}
        {k.kind === 'window' && <Tag>当事人期限</Tag>}
        {k.provisional && (
          <Tooltip title="涉及年份的国务院放假通知尚未发布，按法定节假日推算，通知发布后可能调整">
            <Tag color="gold">暂定</Tag>
          </Tooltip>
        )}
      </Space>
      <Descriptions size="small" column={1} items={items} styles={{ label: { width: 56 } }} />
      {(k.steps.length > 0 || k.periodBasis.length > 0) && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'steps',
              label: '计算过程',
              children: (
                <>
                  <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                    {k.steps.map((s, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed, ordered text.
                      <li key={i} style={{ marginBottom: 4 }}>
                        {s}
                      </li>
                    ))}
                  </ol>
                  {k.periodBasis.length > 0 && (
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                      {k.periodBasis.join('；')}
                    </Typography.Paragraph>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

/** 期限: every clock of the case, with how its due date was worked out. */
export function ClocksCard({ c }: { c: CaseDetail }) {
  return (
    <Card title="期限" size="small">
      {c.clocks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本类案件无法定期限" />
      ) : (
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>
          {/* Started clocks first (their order kept), then the ones still to come. */}
          {[
            ...c.clocks.filter((k) => k.state !== 'not_started'),
            ...c.clocks.filter((k) => k.state === 'not_started'),
          ].map((k) => (
            <ClockBlock key={k.key} k={k} />
          ))}
        </Space>
      )}
    </Card>
  );
}

function eventColor(e: CaseEventView): string {
  if (e.action.startsWith('reject:')) return 'red';
  if (e.action.startsWith('approve:')) return 'green';
  if (e.action.startsWith('request_approval:')) return 'orange';
  if (e.action === 'create') return 'blue';
  if (e.from !== e.to) return 'blue';
  return 'gray';
}

/** The schema of the input an event recorded (its action's, or the approved action's). */
function eventInputSchema(e: CaseEventView, type: CaseTypeView | undefined): JsonSchema | null {
  const base = e.action.includes(':') ? e.action.slice(e.action.indexOf(':') + 1) : e.action;
  return inputSchemaFor(
    { key: e.action, action: base, kind: 'action', label: '', enabled: true, hasInput: true },
    type,
  );
}

/**
 * Loads the labels of the lookups `keys` (each module's list, app/lookups.tsx) and hands them
 * to `children`: one component per lookup, so each calls its source's hook exactly once.
 */
function WithLookupLabels({
  keys,
  acc = new Map(),
  children,
}: {
  keys: readonly string[];
  acc?: Map<string, ReadonlyMap<string, string>>;
  children: (labels: LookupLabels) => ReactNode;
}) {
  const sources = useLookups();
  const [first, ...rest] = keys;
  const source = first ? sources[first] : undefined;
  if (!first) return <>{children(acc)}</>;
  if (!source)
    return (
      <WithLookupLabels keys={rest} acc={acc}>
        {children}
      </WithLookupLabels>
    );
  return (
    <OneLookup lookup={first} source={source}>
      {(labels) => (
        <WithLookupLabels keys={rest} acc={new Map([...acc, [first, labels]])}>
          {children}
        </WithLookupLabels>
      )}
    </OneLookup>
  );
}

function OneLookup({
  source,
  children,
}: {
  lookup: string;
  source: { useOptions(): { options: readonly { value: string | number; label: string }[] } };
  children: (labels: ReadonlyMap<string, string>) => ReactNode;
}) {
  const { options } = source.useOptions();
  const labels = useMemo(() => new Map(options.map((o) => [String(o.value), o.label])), [options]);
  return <>{children(labels)}</>;
}

function EventContent({
  e,
  type,
  lookups,
}: {
  e: CaseEventView;
  type: CaseTypeView | undefined;
  lookups: LookupLabels;
}) {
  const names = useUserNames();
  const data = e.data ?? {};
  const opinion = typeof data.opinion === 'string' && data.opinion ? data.opinion : null;
  const input = data.input && typeof data.input === 'object' ? (data.input as Record<string, unknown>) : null;
  const schema = input ? eventInputSchema(e, type) : null;
  const inputText = input ? summarize(schema ?? {}, input, names, lookups) : '';
  return (
    <div style={{ wordBreak: 'break-word' }}>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fmtInstant(e.at)}
        </Typography.Text>
      </div>
      <Space size={6} wrap>
        <Typography.Text strong>{e.actionLabel}</Typography.Text>
        <Typography.Text type="secondary">{e.actorName}</Typography.Text>
      </Space>
      {e.from !== e.to && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.fromLabel ? `${e.fromLabel} → ${e.toLabel}` : `→ ${e.toLabel}`}
          </Typography.Text>
        </div>
      )}
      {(e.action.startsWith('issue:') || e.action.startsWith('void:')) &&
        typeof data.number === 'string' &&
        data.number && (
          <div>
            <Typography.Text type="secondary">文号：{data.number}</Typography.Text>
          </div>
        )}
      {e.action.startsWith('issue:') && typeof data.replacesNumber === 'string' && (
        <div>
          <Typography.Text type="secondary">更正并替换：{data.replacesNumber}</Typography.Text>
        </div>
      )}
      {e.action.startsWith('void:') && typeof data.reason === 'string' && (
        <div data-testid="void-reason">作废原因：{data.reason}</div>
      )}
      {opinion && <div>意见：{opinion}</div>}
      {inputText && (
        <div>
          <Typography.Text type="secondary">{inputText}</Typography.Text>
        </div>
      )}
      {e.note && <div>备注：{e.note}</div>}
    </div>
  );
}

/** 办理记录: the case's append-only history, oldest first like a paper file. */
export function TimelineCard({ c, type }: { c: CaseDetail; type: CaseTypeView | undefined }) {
  const events = [...c.events].sort((a, b) => a.seq - b.seq);
  // The lists the recorded inputs pick from (the officers who acted…), named instead of their ids.
  const lookupKeys = [
    ...new Set(events.filter((e) => e.data?.input).flatMap((e) => lookupsIn(eventInputSchema(e, type)))),
  ].sort();
  return (
    <Card title="办理记录" size="small">
      <div data-testid="timeline">
        {events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
        ) : (
          <WithLookupLabels key={lookupKeys.join('|')} keys={lookupKeys}>
            {(lookups) => (
              <Timeline
                items={events.map((e) => ({
                  key: e.seq,
                  color: eventColor(e),
                  // The time goes in the content: a title would switch the timeline to two columns, too wide on a phone.
                  content: <EventContent e={e} type={type} lookups={lookups} />,
                }))}
              />
            )}
          </WithLookupLabels>
        )}
      </div>
    </Card>
  );
}
