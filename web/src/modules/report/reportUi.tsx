/** Small pieces the report pages share: state and deadline tags, and a narrative rendered with live figures. */
import {
  type DeadlineStatus,
  type Narrative,
  type NarrativeInline,
  REPORT_STATE_LABELS,
  type ReportFact,
  type ReportListItem,
  type ReportState,
  reportDeadlineStatus,
} from '@fazhi/domain/api/reports';
import { Alert, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { factHref } from '../facts/factsApi.ts';

const STATE_COLORS: Record<ReportState | 'none', string> = {
  none: 'default',
  drafting: 'processing',
  submitted: 'gold',
  approved: 'success',
  published: 'green',
};

export function ReportStateTag({ state }: { state: ReportState | 'none' }) {
  return <Tag color={STATE_COLORS[state]}>{state === 'none' ? '未开始' : REPORT_STATE_LABELS[state]}</Tag>;
}

const md = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** 「3月1日前报送 · 还剩 12 天」 and the like, coloured by urgency. */
export function DeadlineTag({ d, what }: { d: DeadlineStatus; what: string }) {
  switch (d.state) {
    case 'done':
      return <Tag color="success">{`${what}：${md(d.doneOn!)}按时完成`}</Tag>;
    case 'late':
      return <Tag color="warning">{`${what}：${md(d.doneOn!)}完成（逾期，期限${md(d.due)}）`}</Tag>;
    case 'overdue':
      return <Tag color="error">{`${what}：已逾期 ${-d.daysLeft!} 天（期限${md(d.due)}）`}</Tag>;
    case 'soon':
      return <Tag color="warning">{`${what}：${md(d.due)}前，还剩 ${d.daysLeft} 天`}</Tag>;
    default:
      return <Tag>{`${what}：${d.due.slice(0, 4)}年${md(d.due)}前`}</Tag>;
  }
}

/** A figure in running text: its value, a mark when entered by hand, and a link to the records. */
export function FactToken({
  fact,
  factKey,
  year,
  townId,
}: {
  fact: ReportFact | undefined;
  factKey: string;
  year: number;
  townId?: string | undefined;
}) {
  if (!fact) return <Tag color="error">{`未知数据 ${factKey}`}</Tag>;
  const body = (
    <span className={`fz-fact${fact.origin === 'manual' ? ' fz-fact-manual' : ''}`} data-fact={fact.key}>
      {fact.display}
      {fact.origin === 'manual' && <sup style={{ color: '#d46b08' }}>手填</sup>}
    </span>
  );
  const tip = `${fact.moduleLabel} · ${fact.label}${fact.origin === 'manual' ? `（人工填报${fact.source ? `：${fact.source}` : ''}）` : ''}`;
  return (
    <Tooltip title={tip}>
      <Link to={factHref(fact.key, year, townId)} style={{ borderBottom: '1px dashed #1677ff', padding: '0 1px' }}>
        {body}
      </Link>
    </Tooltip>
  );
}

export function InlineView({
  content,
  facts,
  year,
  townId,
}: {
  content: readonly NarrativeInline[] | undefined;
  facts: Record<string, ReportFact>;
  year: number;
  townId?: string | undefined;
}) {
  return (
    <>
      {(content ?? []).map((n, i) =>
        n.type === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: inline runs have no identity of their own
          <span key={i}>{n.text}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: inline runs have no identity of their own
          <FactToken key={i} fact={facts[n.attrs.key]} factKey={n.attrs.key} year={year} townId={townId} />
        ),
      )}
    </>
  );
}

/** A section's narrative as a reader sees it, figures live (or frozen once approved). */
export function NarrativeView({
  narrative,
  facts,
  year,
  townId,
  empty,
}: {
  narrative: Narrative;
  facts: Record<string, ReportFact>;
  year: number;
  townId?: string | undefined;
  empty?: ReactNode;
}) {
  if (narrative.content.length === 0) return <Typography.Text type="secondary">{empty ?? '尚未撰写'}</Typography.Text>;
  return (
    <div className="fz-narrative" style={{ lineHeight: 1.9 }}>
      {narrative.content.map((b, i) =>
        b.type === 'heading' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional
          <div key={i} style={{ fontWeight: b.attrs.level === 2 ? 600 : 500, margin: '6px 0 2px' }}>
            <InlineView content={b.content} facts={facts} year={year} townId={townId} />
          </div>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional
          <p key={i} style={{ textIndent: '2em', margin: '0 0 4px' }}>
            <InlineView content={b.content} facts={facts} year={year} townId={townId} />
          </p>
        ),
      )}
    </div>
  );
}

/** The reminder for last year's report, which is due now. */
export function DueReminder({
  year,
  item,
  canCreate,
  link = false,
}: {
  year: number;
  item?: ReportListItem | undefined;
  canCreate: boolean;
  /** On the workbench: a link to the report (or the list) instead of the button hint. */
  link?: boolean;
}) {
  const today = dayjs().format('YYYY-MM-DD');
  const d = item?.deadlines ?? reportDeadlineStatus(year, null, null, today);
  if (d.submit.state === 'done' && (d.publish.state === 'done' || d.publish.state === 'late')) return null;
  if (d.publish.state === 'done') return null;
  const urgent = d.submit.state === 'overdue' || d.publish.state === 'overdue';
  const soon = d.submit.state === 'soon' || d.publish.state === 'soon';
  return (
    <Alert
      style={{ marginBottom: 12 }}
      type={urgent ? 'error' : soon ? 'warning' : 'info'}
      showIcon
      data-testid="report-reminder"
      title={`${year}年度法治政府建设报告：${year + 1}年3月1日前报送县委、县政府，4月1日前向社会公开`}
      description={
        <Space size={4} wrap>
          {item ? <ReportStateTag state={item.state} /> : <ReportStateTag state="none" />}
          <DeadlineTag d={d.submit} what="报送" />
          <DeadlineTag d={d.publish} what="公开" />
          {!item && canCreate && !link && <span>尚未建立，请点击“新建年度报告”。</span>}
          {link && <Link to={item ? `/reports/${item.id}` : '/reports'}>{item ? '打开报告' : '前往年度报告'}</Link>}
        </Space>
      }
    />
  );
}
