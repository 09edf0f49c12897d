/**
 * Small pieces every case page shows the same way: risk, state and deadline tags.
 * Labels are kept here rather than imported from @fazhi/domain: the package root
 * would pull zod into the first-load bundle for three short maps.
 */
import type { CaseListItem, ClockView, DueLevel, RiskLevel } from '@fazhi/domain';
import { Space, Tag, Typography } from 'antd';

export const RISK: Record<RiskLevel, { label: string; color: string }> = {
  low: { label: '低', color: 'green' },
  medium: { label: '中', color: 'orange' },
  high: { label: '高', color: 'red' },
};

export const CLOCK_STATE_LABELS: Record<ClockView['state'], string> = {
  not_started: '未开始',
  running: '进行中',
  paused: '已暂停',
  stopped: '已停止',
  stopped_late: '逾期办结',
  breached: '已超期',
  expired: '已届满',
};

export const CLOCK_STATE_COLORS: Record<ClockView['state'], string> = {
  not_started: 'default',
  running: 'processing',
  paused: 'warning',
  stopped: 'success',
  stopped_late: 'error',
  breached: 'error',
  expired: 'default',
};

export const UNIT_LABELS: Record<ClockView['unit'], string> = { d: '日', wd: '个工作日', month: '个月', hour: '小时' };

export const PARTY_KIND_LABELS = { person: '自然人', org: '单位' } as const;

export const DUE_FILTERS = [
  { value: 'breached', label: '已超期' },
  { value: 'warn', label: '即将到期' },
  { value: 'open', label: '未办结' },
] as const;

/**
 * A village committee as people say it in a list: 桥东村 for 桥东村村民委员会, 湾桥社区 for
 * 湾桥社区居民委员会, so a narrow column shows the whole name; the full name is the tooltip.
 */
export function UnitName({ name }: { name: string | null | undefined }) {
  if (!name) return <>—</>;
  // 村民委员会 / 居民委员会 is the same for every village: the short name, in full, wrapping in a narrow cell.
  const short = name.replace(/(村民|居民)委员会$/, '');
  return (
    <span title={name} style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>
      {short || name}
    </span>
  );
}

export function RiskTag({ risk }: { risk: RiskLevel | null | undefined }) {
  if (!risk) return <Typography.Text type="secondary">—</Typography.Text>;
  const r = RISK[risk];
  return <Tag color={r?.color}>{r ? `${r.label}风险` : risk}</Tag>;
}

export function StateTag({ label, terminal }: { label: string; terminal?: boolean }) {
  // Some states have long labels (已达成书面协议（履行监督中）): wrap inside the cell rather than spill over the next column.
  return (
    <Tag color={terminal ? 'default' : 'blue'} style={{ whiteSpace: 'normal', maxWidth: '100%', marginInlineEnd: 0 }}>
      {label}
    </Tag>
  );
}

/** '剩 3 天' / '今日到期' / '超期 2 天' for a count of calendar days. */
export function daysText(days: number | null | undefined): string {
  if (days == null) return '';
  if (days > 0) return `剩 ${days} 天`;
  if (days === 0) return '今日到期';
  return `超期 ${-days} 天`;
}

export function DueLevelTag({ level }: { level: DueLevel | null | undefined }) {
  if (level === 'breached') return <Tag color="red">已超期</Tag>;
  if (level === 'warn') return <Tag color="orange">即将到期</Tag>;
  return null;
}

const LEVEL_TEXT: Record<DueLevel, 'danger' | 'warning' | undefined> = {
  breached: 'danger',
  warn: 'warning',
  ok: undefined,
};

/** The nearest deadline of a list row: date, days left in its colour, and the clock's name. */
export function DueCell({
  item,
  showTag = true,
}: {
  item: Pick<CaseListItem, 'nextDue' | 'nextClock' | 'dueLevel' | 'daysLeft' | 'terminal'>;
  showTag?: boolean;
}) {
  if (!item.nextDue) {
    return <Typography.Text type="secondary">{item.terminal ? '已办结' : '—'}</Typography.Text>;
  }
  const tone = item.dueLevel ? LEVEL_TEXT[item.dueLevel] : undefined;
  return (
    <Space size={4} wrap={false} style={{ whiteSpace: 'nowrap' }}>
      {showTag && <DueLevelTag level={item.dueLevel} />}
      <span title={item.nextClock ?? undefined}>
        <Typography.Text type={tone}>{item.nextDue}</Typography.Text>
        {item.daysLeft != null && (
          <Typography.Text type={tone ?? 'secondary'} style={{ marginInlineStart: 6, fontSize: 12 }}>
            {daysText(item.daysLeft)}
          </Typography.Text>
        )}
      </span>
    </Space>
  );
}
