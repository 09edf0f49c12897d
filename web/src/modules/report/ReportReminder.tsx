/**
 * The workbench reminder for the annual report that is due now (last year's: to the county
 * by 1 March, public by 1 April; docs/domain.md §Annual report), for the offices that write
 * or approve it. It says nothing once both deadlines are met.
 */
import { useReports } from './reportsApi.ts';
import { DueReminder } from './reportUi.tsx';

export function ReportReminder() {
  const list = useReports(undefined);
  const data = list.data;
  if (!data) return null;
  return (
    <DueReminder
      year={data.currentYear}
      item={data.items.find((i) => i.year === data.currentYear)}
      canCreate={data.createTowns.length > 0}
      link
    />
  );
}
