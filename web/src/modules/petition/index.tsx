import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { CaseCardProps, WebModule } from '../../app/module.ts';

const ReceptionsPage = lazy(() => import('./ReceptionsPage.tsx').then((m) => ({ default: m.ReceptionsPage })));
const VisitsPage = lazy(() => import('./VisitsPage.tsx').then((m) => ({ default: m.VisitsPage })));
const PetitionStatsPage = lazy(() => import('./PetitionStatsPage.tsx').then((m) => ({ default: m.PetitionStatsPage })));

const leaderOwnedCases = () => import('./LeaderOwnedCases.tsx');
const LeaderOwnedCases = lazy(() => leaderOwnedCases().then((m) => ({ default: m.LeaderOwnedCases })));

const PetitionHistoryCard = lazy(() =>
  import('./PetitionHistoryCard.tsx').then(({ PetitionHistoryCard: Card }) => ({
    default: ({ c }: CaseCardProps) => <Card caseId={c.id} />,
  })),
);
const CaseVisitsCard = lazy(() =>
  import('./CaseVisitsCard.tsx').then(({ CaseVisitsCard: Card }) => ({
    default: ({ c }: CaseCardProps) => <Card caseId={c.id} />,
  })),
);

/** 信访: the leaders' receptions and visits, the statistics, and the petitioner's history on a petition. */
export const petitionModule: WebModule = {
  name: 'petition',
  routes: [
    { path: 'petition/receptions', element: guarded('/petition/receptions', <ReceptionsPage />) },
    { path: 'petition/visits', element: guarded('/petition/visits', <VisitsPage />) },
    { path: 'petition/stats', element: guarded('/petition/stats', <PetitionStatsPage />) },
  ],
  caseSlots: {
    // History first: a repeat petition is what the desk must spot first.
    // The cards read the petition routes: only for users the petition type admits (an office
    // assigned a petition as 承办 opens the case, not the 信访办's records).
    petition: { detailCards: [PetitionHistoryCard, CaseVisitsCard], menuPath: '/petition/visits' },
    // 领导带案下访 takes petitions and disputes (VISIT_CASE_TYPES in the domain; not imported
    // here: that file brings zod into the first load).
    mediation: { detailCards: [CaseVisitsCard], menuPath: '/petition/visits' },
  },
  // The cases the leaders own, in 需要关注: a figure to know (not red) and the list. For every user
  // of the dashboard, as the figures of /api/facts are; no menuPath.
  dashboard: {
    keyFacts: [
      { key: 'petition.received', order: 20 },
      { key: 'petition.handled_on_time_rate', order: 21 },
      { key: 'petition.satisfaction_rate', order: 22 },
    ],
    attention: { facts: [{ key: 'petition.owned_cases', alert: false }], below: LeaderOwnedCases },
    preload: leaderOwnedCases,
  },
};
