/**
 * The audit log's date filter, end to end on the web side: the days the auditor picks are
 * what the server is asked for, in the form its contract (AuditQuerySchema) accepts. The
 * page used to send `startOf('day').toISOString()` instants, which the server refuses
 * (400, 应为 YYYY-MM-DD 格式的日期) and which name the day before in any time zone east of
 * UTC. The browser here is put in a zone far from Beijing to show the picked day survives.
 */
process.env.TZ = 'America/Los_Angeles';

import { AuditQuerySchema } from '@fazhi/domain/api/platform';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toAuditFilters } from '../src/modules/admin/audit/filters.ts';

describe('audit log filters', () => {
  it('sends the picked range as calendar days the server accepts', () => {
    const q = toAuditFilters({ range: [dayjs('2026-03-01'), dayjs('2026-03-31')], actor: ' 张三 ' });
    expect(q).toMatchObject({ from: '2026-03-01', to: '2026-03-31', actor: '张三' });
    const parsed = AuditQuerySchema.safeParse(q);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('sends one day as both ends, and nothing when no range is picked', () => {
    expect(toAuditFilters({ range: [dayjs('2026-12-07'), dayjs('2026-12-07')] })).toMatchObject({
      from: '2026-12-07',
      to: '2026-12-07',
    });
    const none = toAuditFilters({});
    expect(none.from).toBeUndefined();
    expect(none.to).toBeUndefined();
    expect(AuditQuerySchema.safeParse(none).success).toBe(true);
  });
});
