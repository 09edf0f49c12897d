/**
 * The agenda items a case's 集体讨论 step picks from (lookup 'meeting-items', domain
 * decisions/meetings.ts `meetingItemIdInput`): the items of held meetings that concluded on the
 * case whose page the form is on (`/cases/:id`), named by day, meeting and subject, so nobody types
 * an item's number. The server still checks the choice.
 */
import { MEETING_CONCLUSION_LABELS } from '@fazhi/domain/decisions/meetings';
import { useParams } from 'react-router';
import type { Lookups } from '../../../app/lookups.tsx';
import { useCaseMeetings } from './meetingsApi.ts';

export const meetingLookups: Lookups = {
  'meeting-items': {
    useOptions() {
      const { id } = useParams<{ id: string }>();
      const q = useCaseMeetings(id ?? '', !!id);
      const options = (q.data?.items ?? [])
        .filter((i) => i.status === 'held' && i.conclusion !== null)
        .map((i) => ({
          value: Number(i.itemId),
          label: `${i.heldOn} ${i.title}：${i.subject}（${MEETING_CONCLUSION_LABELS[i.conclusion!]}）`,
        }));
      return { options, loading: !!id && q.isLoading };
    },
  },
};
