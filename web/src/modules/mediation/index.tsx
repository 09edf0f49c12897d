import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const CampaignsPage = lazy(() => import('./CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })));
const CampaignDetailPage = lazy(() =>
  import('./CampaignDetailPage.tsx').then((m) => ({ default: m.CampaignDetailPage })),
);
const MediationStatsPage = lazy(() =>
  import('./MediationStatsPage.tsx').then((m) => ({ default: m.MediationStatsPage })),
);
const dashboardCards = () => import('./DashboardCards.tsx');
const MediationTrendCard = lazy(() => dashboardCards().then((m) => ({ default: m.MediationTrendCard })));
const MediationVillageRankingCard = lazy(() =>
  dashboardCards().then((m) => ({ default: m.MediationVillageRankingCard })),
);
// The server offers the duplicate lookup for mediation cases only.
const DuplicateHint = lazy(() => import('./DuplicateHint.tsx').then((m) => ({ default: m.DuplicateHint })));

/** 矛盾纠纷调解: 排查 campaigns, the statistics, the 疑似重复 hint on the registration form and the dashboard's charts. */
export const mediationModule: WebModule = {
  name: 'mediation',
  routes: [
    { path: 'mediation/campaigns', element: guarded('/mediation/campaigns', <CampaignsPage />) },
    { path: 'mediation/campaigns/:id', element: guarded('/mediation/campaigns', <CampaignDetailPage />) },
    { path: 'mediation/stats', element: guarded('/mediation/stats', <MediationStatsPage />) },
  ],
  caseSlots: {
    mediation: { createHints: [DuplicateHint] },
  },
  // The charts read /api/stats/mediation: for the users the mediation type admits (its menu entry).
  // The figures show to every dashboard user /api/facts sends them to; the disputes found by
  // screening come after the petition office's headline figures.
  dashboard: {
    keyFacts: [
      { key: 'mediation.accepted', order: 10 },
      { key: 'mediation.success_rate', order: 11 },
      { key: 'mediation.amount', order: 12 },
      { key: 'campaigns.disputes_found', order: 30 },
    ],
    attention: { facts: [{ key: 'mediation.overdue' }, { key: 'mediation.high_risk' }] },
    main: MediationTrendCard,
    wide: [MediationVillageRankingCard],
    preload: dashboardCards,
    menuPath: '/mediation/stats',
  },
};
