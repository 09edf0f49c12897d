/**
 * The HTTP contract of the platform: sign-in and the current user (/api/auth/*, /api/me),
 * health, roles, the organisation tree (/api/org-units), user management (/api/users,
 * /api/security/admins), the security policy (/api/settings/security) and the audit log
 * (/api/audit). The server declares these schemas on its routes; the web imports the inferred
 * types. Ids are numbers, instants ISO 8601 strings, dates 'YYYY-MM-DD' in Beijing time.
 */
import { z } from 'zod';
import { PermissionSchema, RoleKeySchema, ScopeSchema } from '../auth/roles.ts';
import { ORG_KIND_LABELS, type OrgKind } from '../org.ts';
import { INT4_MAX, int4Id, isoDateSchema, versionSchema } from '../validators/schemas.ts';

const id = (label: string) => z.number().int().describe(label);
const idParam = (label: string) => z.coerce.number().int().positive().max(INT4_MAX).describe(label);
const instant = (label: string) => z.string().describe(label);

/** A keyset page: `nextCursor` is sent back as `cursor` for the next one. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item).describe('本页条目'),
    nextCursor: z.string().nullable().describe('下一页游标（无更多时为空）'),
  });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ── GET /api/health ──────────────────────────────────────────────────────────────────────

export const HealthSchema = z.object({
  status: z.string().describe('状态'),
  db: z.string().describe('数据库类型'),
  version: z.string().describe('版本'),
  starting: z
    .object({
      percent: z.number().int().min(0).max(100).describe('进度（%）'),
      phase: z.string().describe('正在进行的步骤'),
    })
    .nullable()
    .describe('首次启动时正在生成演示数据（其间其他接口返回 503）；就绪后为 null'),
});
export type Health = z.infer<typeof HealthSchema>;

// ── Roles and assignments ────────────────────────────────────────────────────────────────

export const RoleAssignmentSchema = z.object({
  role: z.string().describe('角色'),
  roleLabel: z.string().describe('角色名称'),
  unitId: id('任职单位'),
  unitName: z.string().describe('任职单位名称'),
  scope: ScopeSchema.describe('数据范围'),
  scopeLabel: z.string().describe('数据范围名称'),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

/** GET /api/roles: the role definitions. */
export const RoleInfoSchema = z.object({
  key: z.string().describe('角色'),
  label: z.string().describe('名称'),
  description: z.string().describe('说明'),
  permissions: z.array(z.string()).describe('权限'),
  defaultScope: ScopeSchema.describe('默认数据范围'),
  admin: z.enum(['system', 'security', 'audit']).optional().describe('三员之一'),
});
export type RoleInfo = z.infer<typeof RoleInfoSchema>;
export const RoleListSchema = z.array(RoleInfoSchema);

// ── /api/auth/*, GET /api/me ─────────────────────────────────────────────────────────────

export const LoginBodySchema = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64).describe('用户名'),
  password: z.string().min(1, '请输入密码').max(256).describe('密码'),
});
export type LoginBody = z.input<typeof LoginBodySchema>;

export const ChangePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1, '请输入当前密码').max(256).describe('当前密码'),
  newPassword: z.string().min(1, '请输入新密码').max(256).describe('新密码'),
});
export type ChangePasswordBody = z.input<typeof ChangePasswordBodySchema>;

const MenuItemSchema = z.object({
  key: z.string().describe('菜单项'),
  label: z.string().describe('名称'),
  path: z.string().describe('页面路径'),
  group: z.string().describe('分组'),
  needs: z.array(PermissionSchema).describe('所需权限'),
});

export const MeSchema = z.object({
  id: id('用户编号'),
  username: z.string().describe('用户名'),
  displayName: z.string().describe('姓名'),
  mustChangePassword: z.boolean().describe('须修改密码'),
  demo: z.boolean().describe('演示模式'),
  roles: z.array(RoleAssignmentSchema).describe('角色'),
  permissions: z.array(PermissionSchema).describe('权限'),
  menu: z.array(MenuItemSchema).describe('菜单'),
  csrfToken: z.string().describe('CSRF 令牌'),
  idleTimeoutMinutes: z.number().int().describe('空闲超时（分钟）'),
  /** The password policy the 安全管理员 configured; the forms check it before the server does. */
  passwordPolicy: z
    .object({
      minLength: z.number().int(),
      minClasses: z.number().int(),
      historyCount: z.number().int(),
      maxLength: z.number().int(),
    })
    .describe('密码策略'),
});
export type Me = z.infer<typeof MeSchema>;

// ── /api/org-units ───────────────────────────────────────────────────────────────────────

const ORG_KINDS = Object.keys(ORG_KIND_LABELS) as [OrgKind, ...OrgKind[]];

export const OrgUnitIdParamsSchema = z.strictObject({ id: idParam('单位编号') });
export const OrgUnitListQuerySchema = z.strictObject({
  parentId: idParam('上级单位').optional(),
});
const CodeField = z
  .string()
  .trim()
  .regex(/^\d{12}$/, '应为 12 位数字')
  .nullable()
  .optional()
  .describe('统计用区划代码');
export const OrgUnitCreateSchema = z.strictObject({
  parentId: int4Id().describe('上级单位'),
  kind: z.enum(['town', 'village', 'community', 'department']).describe('单位类型'),
  name: z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字').describe('单位名称'),
  code: CodeField,
  sortOrder: z.number().int().min(0).max(100000).optional().describe('排序号'),
});
export type OrgUnitCreate = z.input<typeof OrgUnitCreateSchema>;
export const OrgUnitUpdateSchema = z.strictObject({
  name: z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字').optional().describe('单位名称'),
  code: CodeField,
  sortOrder: z.number().int().min(0).max(100000).optional().describe('排序号'),
  version: versionSchema(),
});
export type OrgUnitUpdate = z.input<typeof OrgUnitUpdateSchema>;

export const OrgUnitSchema = z.object({
  id: id('单位编号'),
  parentId: id('上级单位').nullable(),
  townId: id('所属镇').nullable(),
  kind: z.enum(ORG_KINDS).describe('单位类型'),
  kindLabel: z.string().describe('单位类型名称'),
  name: z.string().describe('单位名称'),
  code: z.string().nullable().describe('统计用区划代码'),
  path: z.string().describe('路径'),
  sortOrder: z.number().int().describe('排序号'),
  version: z.number().int().describe('版本号'),
  hasChildren: z.boolean().describe('有下级单位'),
});
export type OrgUnit = z.infer<typeof OrgUnitSchema>;
export const OrgUnitListSchema = z.array(OrgUnitSchema);

export const OrgUnitDetailSchema = OrgUnitSchema.extend({
  childCount: z.number().int().describe('下级单位数'),
  userCount: z.number().int().describe('任职用户数'),
  parentName: z.string().nullable().describe('上级单位名称'),
});
export type OrgUnitDetail = z.infer<typeof OrgUnitDetailSchema>;

// ── /api/users, /api/security/admins ─────────────────────────────────────────────────────

export const UserIdParamsSchema = z.strictObject({ id: idParam('用户编号') });
export const UserListQuerySchema = z.strictObject({
  q: z.string().trim().max(50).optional().describe('关键词'),
  unitId: idParam('单位').optional(),
  cursor: z.coerce.number().int().min(0).max(INT4_MAX).optional().describe('分页游标'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数'),
});

export const RoleInputSchema = z.strictObject({
  role: RoleKeySchema.describe('角色'),
  unitId: int4Id().describe('任职单位'),
  scope: ScopeSchema.optional().describe('数据范围'),
});
export type RoleInput = z.output<typeof RoleInputSchema>;
const PhoneField = z.string().trim().max(20).nullable().optional().describe('联系电话');

export const UserCreateSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_.-]{2,32}$/, '应为 2–32 位小写字母、数字、下划线、点或连字符')
    .describe('用户名'),
  displayName: z.string().trim().min(1, '不能为空').max(50, '不能超过 50 个字').describe('姓名'),
  phone: PhoneField,
  initialPassword: z.string().min(1, '不能为空').max(128).describe('初始密码'),
  roles: z.array(RoleInputSchema).min(1, '至少分配一个角色').max(20).describe('角色'),
});
export type UserCreate = z.output<typeof UserCreateSchema>;
export type UserCreateBody = z.input<typeof UserCreateSchema>;

export const UserUpdateSchema = z.strictObject({
  displayName: z.string().trim().min(1, '不能为空').max(50, '不能超过 50 个字').optional().describe('姓名'),
  phone: PhoneField,
  disabled: z.boolean().optional().describe('停用'),
  roles: z.array(RoleInputSchema).max(20).optional().describe('角色'),
  version: versionSchema(),
});
export type UserUpdate = z.output<typeof UserUpdateSchema>;
export type UserUpdateBody = z.input<typeof UserUpdateSchema>;

export const ResetPasswordBodySchema = z.strictObject({
  password: z.string().min(1, '不能为空').max(128).describe('新密码'),
});
export type ResetPasswordBody = z.input<typeof ResetPasswordBodySchema>;

/** PATCH /api/security/admins/:id: the 安全管理员 disables or enables an admin account. */
export const AdminDisableBodySchema = z.strictObject({
  disabled: z.boolean().describe('停用'),
  version: z.number().int().positive().describe('版本号'),
});
export type AdminDisableBody = z.input<typeof AdminDisableBodySchema>;

export const UserSchema = z.object({
  id: id('用户编号'),
  username: z.string().describe('用户名'),
  displayName: z.string().describe('姓名'),
  phone: z.string().nullable().describe('联系电话'),
  disabled: z.boolean().describe('停用'),
  lockedUntil: instant('锁定至').nullable(),
  mustChangePassword: z.boolean().describe('须修改密码'),
  lastLoginAt: instant('最近登录').nullable(),
  createdAt: instant('创建时间'),
  version: z.number().int().describe('版本号'),
  roles: z.array(RoleAssignmentSchema).describe('角色'),
});
export type User = z.infer<typeof UserSchema>;
export const UserPageSchema = pageSchema(UserSchema);
export const AdminListSchema = z.object({ items: z.array(UserSchema).describe('管理员账户') });

// ── /api/settings/security ───────────────────────────────────────────────────────────────

export const SecuritySettingsSchema = z.strictObject({
  passwordMinLength: z.number().int().min(8, '密码最小长度不能低于 8').max(64).describe('密码最小长度'),
  passwordMinClasses: z.number().int().min(2).max(4).describe('密码字符类别数'),
  passwordHistory: z.number().int().min(0).max(24).describe('不得重复使用的历史密码个数'),
  lockThreshold: z.number().int().min(3).max(20).describe('连续登录失败锁定次数'),
  lockMinutes: z.number().int().min(1).max(1440).describe('锁定时长（分钟）'),
  idleTimeoutMinutes: z.number().int().min(5).max(240).describe('空闲超时（分钟）'),
  absoluteTimeoutHours: z.number().int().min(1).max(72).describe('会话最长时长（小时）'),
});
export type SecuritySettingsValues = z.infer<typeof SecuritySettingsSchema>;
/** PUT body: the policy with the version it was read at (0 before the first save). */
export const SecuritySettingsPutSchema = SecuritySettingsSchema.extend({ version: versionSchema(0) });
/** GET and PUT answer: the policy in force with its version. */
export const SecuritySettingsViewSchema = z.object({
  ...SecuritySettingsSchema.shape,
  version: z.number().int().describe('版本号'),
});
export type SecuritySettings = z.infer<typeof SecuritySettingsViewSchema>;

// ── /api/audit ───────────────────────────────────────────────────────────────────────────

export const AuditOutcomeSchema = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

/**
 * The filters of the list and the export. `from` and `to` are calendar days in Beijing time,
 * both included: the server reads `from` 00:00 to the end of `to` at +08:00.
 */
export const AuditQuerySchema = z.strictObject({
  from: isoDateSchema('应为 YYYY-MM-DD 格式的日期').optional().describe('开始日期'),
  to: isoDateSchema('应为 YYYY-MM-DD 格式的日期').optional().describe('结束日期'),
  actor: z.string().trim().max(50).optional().describe('操作人'),
  action: z.string().trim().max(50).optional().describe('操作类型'),
  outcome: AuditOutcomeSchema.optional().describe('结果'),
  cursor: z.coerce.number().int().min(1).optional().describe('分页游标'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数'),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: id('编号'),
  chainId: id('链'),
  seq: z.number().int().describe('序号'),
  at: instant('时间'),
  actorId: id('操作人编号').nullable(),
  actorName: z.string().nullable().describe('操作人'),
  unitName: z.string().nullable().describe('所属单位'),
  ip: z.string().nullable().describe('IP 地址'),
  action: z.string().describe('操作'),
  actionLabel: z.string().describe('操作名称'),
  target: z.string().nullable().describe('对象（记录原文）'),
  targetLabel: z.string().nullable().describe('对象'),
  outcome: AuditOutcomeSchema.describe('结果'),
  details: z.unknown().describe('详情（记录原文）'),
  detailsText: z.string().nullable().describe('详情'),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = pageSchema(AuditEntrySchema);

export const AuditActionSchema = z.object({
  action: z.string().describe('操作'),
  label: z.string().describe('名称'),
});
export type AuditAction = z.infer<typeof AuditActionSchema>;
export const AuditActionListSchema = z.array(AuditActionSchema);

export const AuditVerifySchema = z.object({
  ok: z.boolean().describe('校验通过'),
  checked: z.number().int().describe('已校验条数'),
  chains: z.number().int().describe('已校验链数'),
  firstBroken: z
    .object({ id: z.number().int(), chainId: z.number().int(), seq: z.number().int(), reason: z.string() })
    .optional()
    .describe('第一条未通过校验的记录'),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;
