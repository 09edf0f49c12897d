/**
 * Roles are data. Each grants permissions and a default data scope; an assignment
 * places a role in an org unit (a user may hold several: 兼职). Admin roles follow
 * the 三员 separation of GB/T 22239-2019 8.1.4.2 (system, security and audit
 * administrators) and deliberately hold no case permission: they do not see case content.
 */
import { z } from 'zod';

export const PERMISSIONS = {
  'case:read': '查看案件',
  'case:write': '办理案件',
  'case:unmask': '查看完整身份信息',
  'dashboard:read': '查看数据驾驶舱',
  'report:read': '查看年度报告',
  'report:write': '起草年度报告',
  'report:approve': '审定年度报告',
  'org:read': '查看组织机构',
  'org:manage': '管理组织机构',
  'user:manage': '管理用户',
  'security:manage': '管理安全策略',
  'audit:read': '查看审计日志',
  'audit:export': '导出审计日志',
  'calendar:manage': '维护工作日历',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PermissionSchema = z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]);

/**
 * Data scope of an assignment, relative to its org unit:
 * self = records the user created or owns; unit = the unit itself;
 * unit_tree = the unit and everything below; town = the town containing the unit;
 * county = the county containing the unit.
 */
export const SCOPES = ['self', 'unit', 'unit_tree', 'town', 'county'] as const;
export type Scope = (typeof SCOPES)[number];
export const ScopeSchema = z.enum(SCOPES);

export const SCOPE_LABELS: Record<Scope, string> = {
  self: '本人',
  unit: '本单位',
  unit_tree: '本单位及下级',
  town: '全镇',
  county: '全县',
};

export interface RoleDef {
  key: string;
  label: string;
  description: string;
  permissions: Permission[];
  defaultScope: Scope;
  /** Admin roles of the 三员 separation; a user should not combine two of them. */
  admin?: 'system' | 'security' | 'audit';
}

const CASE_WORKER: Permission[] = ['case:read', 'case:write', 'org:read', 'dashboard:read'];

export const ROLES = [
  {
    key: 'leader',
    label: '镇领导',
    description: '镇党委、政府领导班子成员：审批、包案、审定年度报告',
    permissions: [...CASE_WORKER, 'case:unmask', 'report:read', 'report:approve'],
    defaultScope: 'town',
  },
  {
    key: 'fazhiban',
    label: '法治办',
    description: '党政办（法治办）：统筹法治政府建设、汇编年度报告',
    permissions: [...CASE_WORKER, 'report:read', 'report:write', 'calendar:manage'],
    defaultScope: 'town',
  },
  {
    key: 'sifasuo',
    label: '司法所',
    description: '司法所：人民调解指导、合法性审查、普法',
    permissions: [...CASE_WORKER, 'case:unmask', 'report:read', 'report:write'],
    defaultScope: 'town',
  },
  {
    key: 'tiaojie',
    label: '矛调中心',
    description: '综治中心（一站式矛调中心）：受理、分流、调解',
    permissions: [...CASE_WORKER, 'case:unmask', 'report:read', 'report:write'],
    defaultScope: 'town',
  },
  {
    key: 'xinfang',
    label: '信访办',
    description: '信访办：信访事项登记、受理、办理、答复',
    permissions: [...CASE_WORKER, 'case:unmask', 'report:read', 'report:write'],
    defaultScope: 'town',
  },
  {
    key: 'zhifa',
    label: '执法队',
    description: '综合行政执法队：违法建设、卫片图斑执法',
    permissions: [...CASE_WORKER, 'report:read', 'report:write'],
    defaultScope: 'town',
  },
  {
    key: 'anjian',
    label: '安监办',
    description: '安监办（应急办）：安全生产检查与隐患整改',
    permissions: [...CASE_WORKER, 'report:read', 'report:write'],
    defaultScope: 'town',
  },
  {
    key: 'ziran',
    label: '自然资源办',
    description: '自然资源和规划办：卫片图斑核查、土地执法',
    permissions: [...CASE_WORKER, 'report:read', 'report:write'],
    defaultScope: 'town',
  },
  {
    key: 'village',
    label: '村居干部',
    description: '村（居）委会干部：本村矛盾排查、上报与协助办理',
    permissions: ['case:read', 'case:write', 'org:read'],
    defaultScope: 'unit',
  },
  {
    key: 'county',
    label: '县级督查',
    description: '县委依法治县办等：查看各镇报告与统计，只读',
    permissions: ['case:read', 'org:read', 'dashboard:read', 'report:read'],
    defaultScope: 'county',
  },
  {
    // The county's 备案审查 of town normative documents (issue 16; docs/decisions/0010-county-filing.md):
    // case:write only so the case engine lets it take the three filing actions of `normative`,
    // the one case type that lists it. Every other type leaves it out, so it writes nothing else.
    key: 'beian',
    label: '县司法局备案审查',
    description: '县司法局：乡镇行政规范性文件的备案审查（予以备案、责令纠正），不办理其他案件',
    permissions: ['case:read', 'case:write', 'org:read'],
    defaultScope: 'county',
  },
  {
    key: 'sysadmin',
    label: '系统管理员',
    description: '三员之一：管理用户与组织机构，不接触案件内容',
    permissions: ['org:read', 'org:manage', 'user:manage'],
    defaultScope: 'unit_tree',
    admin: 'system',
  },
  {
    key: 'secadmin',
    label: '安全管理员',
    description: '三员之一：管理密码、锁定、会话等安全策略',
    permissions: ['security:manage'],
    defaultScope: 'unit_tree',
    admin: 'security',
  },
  {
    key: 'auditor',
    label: '审计管理员',
    description: '三员之一：只查看和导出审计日志',
    permissions: ['audit:read', 'audit:export'],
    defaultScope: 'unit_tree',
    admin: 'audit',
  },
] as const satisfies readonly RoleDef[];

export type RoleKey = (typeof ROLES)[number]['key'];
export const ROLE_KEYS = ROLES.map((r) => r.key) as [RoleKey, ...RoleKey[]];
export const RoleKeySchema = z.enum(ROLE_KEYS);

const BY_KEY = new Map<string, RoleDef>(ROLES.map((r) => [r.key, r]));

export function roleDef(key: string): RoleDef | undefined {
  return BY_KEY.get(key);
}

/** True for the three admin roles of the 三员 separation (系统管理员, 安全管理员, 审计管理员). */
export function isAdminRole(key: string): boolean {
  return !!roleDef(key)?.admin;
}

/**
 * Two admin roles of the 三员 separation must not meet in one user: the auditor
 * would audit themself. Returns a Chinese message when the set is refused.
 */
export function checkRoleSeparation(roleKeys: string[]): string | null {
  const kinds = new Set<string>();
  for (const k of roleKeys) {
    const a = roleDef(k)?.admin;
    if (a) kinds.add(a);
  }
  if (kinds.size > 1) return '系统管理员、安全管理员、审计管理员须由不同人员担任（三员分立）';
  const admin = roleKeys.some((k) => roleDef(k)?.admin);
  const business = roleKeys.some((k) => !roleDef(k)?.admin);
  if (admin && business) return '管理员角色不能与业务角色兼任（管理员不接触案件内容）';
  return null;
}
