/**
 * The workbench's report reminder (issue 13) goes to the offices asked for the report's next step
 * (法治政府建设督察工作规定 arts 23–24: approved and sent to the county by 1 March, public by
 * 1 April), and to nobody once that year's report is approved or published.
 */
import { describe, expect, it } from 'vitest';
import { reportReminderShown } from '../src/api/reports.ts';

const fazhiban = { create: true, write: true, approve: false };
const drafter = { create: false, write: true, approve: false };
const approver = { create: false, write: false, approve: true };
const reader = { create: false, write: false, approve: false };

describe('reportReminderShown (督察工作规定 第23–24条)', () => {
  it.each([
    ['none', fazhiban, true],
    ['none', drafter, false],
    ['none', approver, false],
    ['drafting', fazhiban, true],
    ['drafting', drafter, true],
    ['drafting', approver, false],
    ['submitted', drafter, false],
    ['submitted', approver, true],
    ['approved', drafter, false],
    ['approved', approver, false],
    ['published', approver, false],
    ['none', reader, false],
    ['submitted', reader, false],
  ] as const)('a %s report, %o → %s', (state, can, shown) => {
    expect(reportReminderShown(state, can)).toBe(shown);
  });
});
