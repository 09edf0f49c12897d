import { describe, expect, it } from 'vitest';
import { fmtDateTime, fmtDateTimeSec, fmtDay } from '../src/components/format.ts';

// A clerk's browser may be set to any zone (headless Chromium in CI runs in UTC); the town's
// records read in Asia/Shanghai everywhere.
describe('instants read in Asia/Shanghai whatever the browser’s zone', () => {
  it('shows 16:30 UTC on 1 January as 00:30 on 2 January', () => {
    expect(fmtDateTime('2026-01-01T16:30:05.000Z')).toBe('2026-01-02 00:30');
    expect(fmtDateTimeSec('2026-01-01T16:30:05.000Z')).toBe('2026-01-02 00:30:05');
    expect(fmtDay('2026-01-01T16:30:05.000Z')).toBe('2026-01-02');
  });
  it('passes what is not an instant through and shows a dash for nothing', () => {
    expect(fmtDateTime(null)).toBe('—');
    expect(fmtDateTime('not a date')).toBe('not a date');
  });
});
