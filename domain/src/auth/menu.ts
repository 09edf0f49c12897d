/**
 * The application menu is computed from permissions on the server and sent with
 * /api/me, so a user never sees an entry the server would refuse (the web hides
 * nothing by itself; the server enforces every route anyway).
 *
 * Only the core entries are listed here; each module brings its own (the server's module
 * manifests, server/src/modules/<name>/index.ts), which go after the core 案件办理 entries.
 */
import type { Permission } from './roles.ts';

export interface MenuItem {
  key: string;
  label: string;
  path: string;
  group: string;
  needs: Permission[];
  /**
   * The case types the entry serves: the user must hold `typeAccess` on one of them (a list of
   * type keys) or on some type (`'any'`), as the types' own `access` grants it. Absent: the
   * permissions in `needs` alone decide (a page about no case type, or one about every case the
   * user can see, assigned ones included).
   */
  caseTypes?: 'any' | readonly string[];
  /** What the user must hold on those types; `read` unless stated. */
  typeAccess?: 'read' | 'write';
  /**
   * For a page about no case type but kept for certain roles (the enforcement register): the
   * user must hold one of them. Absent: any role with the permissions.
   */
  roles?: readonly string[];
}

/** The case type keys a user reads and writes somewhere (server cases/access.ts `typeAccessOf`). */
export interface UserTypeAccess {
  read: readonly string[];
  write: readonly string[];
}

export const CORE_MENU: readonly MenuItem[] = [
  { key: 'home', label: '工作台', path: '/', group: '工作台', needs: [] },
  // Every role with report:read also holds dashboard:read, so needing the latter admits both (needs is AND).
  { key: 'dashboard', label: '数据驾驶舱', path: '/dashboard', group: '工作台', needs: ['dashboard:read'] },
  { key: 'org', label: '我的单位', path: '/my-unit', group: '工作台', needs: ['org:read'] },
  { key: 'cases', label: '全部案件', path: '/cases', group: '案件办理', needs: ['case:read'] },
  // Importing creates cases: useless to a role that writes no case type (执法队 until its module comes).
  {
    key: 'case-import',
    label: '批量导入',
    path: '/cases/import',
    group: '案件办理',
    needs: ['case:write'],
    caseTypes: 'any',
    typeAccess: 'write',
  },
  { key: 'reports', label: '年度报告', path: '/reports', group: '法治建设', needs: ['report:read'] },
  { key: 'org-manage', label: '组织机构', path: '/admin/org', group: '系统管理', needs: ['org:manage'] },
  { key: 'users', label: '用户管理', path: '/admin/users', group: '系统管理', needs: ['user:manage'] },
  { key: 'security', label: '安全策略', path: '/admin/security', group: '安全管理', needs: ['security:manage'] },
  { key: 'audit', label: '审计日志', path: '/admin/audit', group: '审计管理', needs: ['audit:read'] },
  { key: 'deadline', label: '期限计算器', path: '/tools/deadline', group: '工具', needs: [] },
];

/** The core group the modules' entries follow. */
const MODULES_AFTER_GROUP = '案件办理';

/** Does the user hold the access on the case types an entry serves? */
export function menuTypeAllows(item: MenuItem, types: UserTypeAccess): boolean {
  if (!item.caseTypes) return true;
  const held = item.typeAccess === 'write' ? types.write : types.read;
  return item.caseTypes === 'any' ? held.length > 0 : item.caseTypes.some((t) => held.includes(t));
}

/**
 * The entries a user may open: the core ones with the modules' entries (in module order) spliced
 * in, each kept when the user holds its permissions and its access on the case types it serves.
 */
export function menuFor(
  perms: readonly Permission[],
  moduleItems: readonly MenuItem[],
  types: UserTypeAccess,
  /** The roles the user holds (an entry naming `roles` needs one of them). */
  heldRoles: readonly string[] = [],
): MenuItem[] {
  const cut = CORE_MENU.findLastIndex((m) => m.group === MODULES_AFTER_GROUP) + 1;
  const all = [...CORE_MENU.slice(0, cut), ...moduleItems, ...CORE_MENU.slice(cut)];
  return all.filter(
    (m) =>
      m.needs.every((n) => perms.includes(n)) &&
      menuTypeAllows(m, types) &&
      (!m.roles || m.roles.some((r) => heldRoles.includes(r))),
  );
}
