/**
 * The workbench reminder for the annual report that is due now (last year's: to the county
 * by 1 March, public by 1 April; docs/domain.md §Annual report), shown only to the offices asked
 * for its next step (reportReminderShown): the 法治办 until it is started, the drafting offices
 * until it is submitted for approval, the approvers while it waits for them, nobody once it is
 * approved or published.
 */
import { reportReminderShown } from '@fazhi/domain/api/reports';
import { hasPermission, useCurrentUser } from '../../app/auth.ts';
import { useReports } from './reportsApi.ts';
import { DueReminder } from './reportUi.tsx';

export function ReportReminder() {
  const me = useCurrentUser();
  const list = useReports(undefined);
  const data = list.data;
  if (!data) return null;
  const item = data.items.find((i) => i.year === data.currentYear);
  const can = {
    create: data.createTowns.length > 0,
    write: hasPermission(me, 'report:write'),
    approve: hasPermission(me, 'report:approve'),
  };
  if (!reportReminderShown(item?.state ?? 'none', can)) return null;
  return <DueReminder year={data.currentYear} item={item} canCreate={data.createTowns.length > 0} link />;
}
