/**
 * The meetings area's pages (issue 16), merged by ../index.tsx: the meetings' calendar and list,
 * the meeting form and page, and the 集体讨论 card on the pages of the cases a meeting decides.
 */
import { lazy, Suspense } from 'react';
import { guarded } from '../../../app/guards.tsx';
import type { CaseCardProps } from '../../../app/module.ts';
import type { DecisionsWebPart } from '../part.ts';
import { meetingLookups } from './lookups.ts';

const MeetingsPage = lazy(() => import('./MeetingsPage.tsx').then((m) => ({ default: m.MeetingsPage })));
const MeetingPage = lazy(() => import('./MeetingPage.tsx').then((m) => ({ default: m.MeetingPage })));
const MeetingFormPage = lazy(() => import('./MeetingFormPage.tsx').then((m) => ({ default: m.MeetingFormPage })));
const Card = lazy(() => import('./CaseMeetingsCard.tsx').then((m) => ({ default: m.CaseMeetingsCard })));

function CaseMeetings(props: CaseCardProps) {
  return (
    <Suspense fallback={null}>
      <Card {...props} />
    </Suspense>
  );
}

// The card reads /api/cases/:id/meetings, open to whoever reads the case: no menuPath.
const slot = { detailCards: [CaseMeetings] };

export const meetingsWebPart: DecisionsWebPart = {
  routes: [
    { path: 'meetings', element: guarded('/meetings', <MeetingsPage />) },
    { path: 'meetings/new', element: guarded('/meetings', <MeetingFormPage />) },
    { path: 'meetings/:id', element: guarded('/meetings', <MeetingPage />) },
    { path: 'meetings/:id/edit', element: guarded('/meetings', <MeetingFormPage />) },
  ],
  caseSlots: { decision: slot, normative: slot, contract: slot },
  lookups: meetingLookups,
};
