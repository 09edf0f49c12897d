/**
 * Shapes of the JSON the server sends (see the API contract in web/README.md).
 * The web never imports from server/; these are kept in step by hand.
 */
import type { MenuItem, OrgKind, PasswordPolicy, Scope } from '@fazhi/domain';

export interface RoleAssignment {
  role: string;
  roleLabel: string;
  unitId: number;
  unitName: string;
  scope: Scope;
  scopeLabel: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  demo: boolean;
  roles: RoleAssignment[];
  permissions: string[];
  menu: MenuItem[];
  csrfToken: string;
  idleTimeoutMinutes: number;
  /** The password policy the 安全管理员 configured; the forms check it before the server does. */
  passwordPolicy: PasswordPolicy;
}

export interface Health {
  status: string;
  db: string;
  version: string;
}

export interface RoleInfo {
  key: string;
  label: string;
  description: string;
  permissions: string[];
  defaultScope: Scope;
  admin?: 'system' | 'security' | 'audit';
}

export type { OrgKind };

export interface OrgUnit {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  kindLabel: string;
  name: string;
  code: string | null;
  path: string;
  hasChildren: boolean;
  sortOrder: number;
  version: number;
}

export interface OrgUnitDetail extends OrgUnit {
  userCount: number;
  childCount: number;
  parentName: string | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
  roles: RoleAssignment[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SecuritySettings {
  passwordMinLength: number;
  passwordMinClasses: number;
  passwordHistory: number;
  lockThreshold: number;
  lockMinutes: number;
  idleTimeoutMinutes: number;
  absoluteTimeoutHours: number;
  version: number;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  id: number | string;
  seq: number | string;
  at: string;
  actorId: number | null;
  actorName: string | null;
  unitName: string | null;
  ip: string | null;
  action: string;
  /** Sent by the server beside `action`; the filter list from /api/audit/actions is the fallback. */
  actionLabel?: string;
  target: string | null;
  outcome: AuditOutcome;
  details: unknown;
}

export interface AuditAction {
  action: string;
  label: string;
}
