/**
 * The application menu is computed from permissions on the server and sent with
 * /api/me, so a user never sees an entry the server would refuse (the web hides
 * nothing by itself; the server enforces every route anyway).
 */
import type { Permission } from './roles.ts';

export interface MenuItem {
  key: string;
  label: string;
  path: string;
  group: string;
  needs: Permission[];
}

export const MENU: MenuItem[] = [
  { key: 'home', label: '工作台', path: '/', group: '工作台', needs: [] },
  // Every role with report:read also holds dashboard:read, so needing the latter admits both (needs is AND).
  { key: 'dashboard', label: '数据驾驶舱', path: '/dashboard', group: '工作台', needs: ['dashboard:read'] },
  { key: 'org', label: '我的单位', path: '/my-unit', group: '工作台', needs: ['org:read'] },
  { key: 'cases', label: '全部案件', path: '/cases', group: '案件办理', needs: ['case:read'] },
  { key: 'case-import', label: '批量导入', path: '/cases/import', group: '案件办理', needs: ['case:write'] },
  { key: 'campaigns', label: '矛盾纠纷排查', path: '/mediation/campaigns', group: '矛调中心', needs: ['case:read'] },
  { key: 'mediation-stats', label: '调解统计', path: '/mediation/stats', group: '矛调中心', needs: ['case:read'] },
  { key: 'receptions', label: '接访安排', path: '/petition/receptions', group: '信访', needs: ['case:read'] },
  { key: 'visits', label: '下访记录', path: '/petition/visits', group: '信访', needs: ['case:read'] },
  { key: 'petition-stats', label: '信访统计', path: '/petition/stats', group: '信访', needs: ['dashboard:read'] },
  { key: 'reports', label: '年度报告', path: '/reports', group: '法治建设', needs: ['report:read'] },
  { key: 'org-manage', label: '组织机构', path: '/admin/org', group: '系统管理', needs: ['org:manage'] },
  { key: 'users', label: '用户管理', path: '/admin/users', group: '系统管理', needs: ['user:manage'] },
  { key: 'security', label: '安全策略', path: '/admin/security', group: '安全管理', needs: ['security:manage'] },
  { key: 'audit', label: '审计日志', path: '/admin/audit', group: '审计管理', needs: ['audit:read'] },
  { key: 'deadline', label: '期限计算器', path: '/tools/deadline', group: '工具', needs: [] },
];

export function menuFor(perms: readonly Permission[]): MenuItem[] {
  return MENU.filter((m) => m.needs.every((n) => perms.includes(n)));
}
