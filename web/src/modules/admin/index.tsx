import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

// Admin pages most users never open: they load on demand.
const OrgPage = lazy(() => import('./org/OrgPage.tsx').then((m) => ({ default: m.OrgPage })));
const UsersPage = lazy(() => import('./users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const SecurityPage = lazy(() => import('./security/SecurityPage.tsx').then((m) => ({ default: m.SecurityPage })));
const AuditPage = lazy(() => import('./audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

/** 组织机构, 用户管理, 安全策略 and 审计日志. */
export const adminModule: WebModule = {
  name: 'admin',
  routes: [
    { path: 'admin/org', element: guarded('/admin/org', <OrgPage />) },
    { path: 'admin/users', element: guarded('/admin/users', <UsersPage />) },
    { path: 'admin/security', element: guarded('/admin/security', <SecurityPage />) },
    { path: 'admin/audit', element: guarded('/admin/audit', <AuditPage />) },
  ],
};
