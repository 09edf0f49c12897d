/**
 * Fields that hold a user: 承办人 / 主办调解员 (`assigneeId`), 包案领导 (`ownerLeaderId`), and any
 * string with `format: 'user'`. The case types store the user's id as a string, which means
 * nothing to a clerk: forms pick from the town's staff (GET /api/staff) and pages show names.
 */
import type { StaffMember } from '@fazhi/domain';
import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { createContext, useContext, useMemo } from 'react';
import { api } from '../../api.ts';

type JsonSchema = Record<string, unknown>;

export interface UserField {
  /** Only people holding this role are offered (e.g. 'leader' for 包案领导). */
  role?: string;
}

/**
 * The keys the server reads to assign a case (assigneeId, ownerLeaderId) and mediation's
 * record of the mediator it assigned (mediatorId, a copy of assigneeId), wherever they sit.
 */
const USER_KEYS: Record<string, UserField> = {
  assigneeId: {},
  ownerLeaderId: { role: 'leader' },
  mediatorId: {},
};

/** Whether a string field holds a user id, and whom it may name; null for any other field. */
export function userFieldOf(key: string | undefined, schema: JsonSchema): UserField | null {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type !== 'string' || Array.isArray(schema.enum)) return null;
  if (schema.format === 'user') {
    const role = schema.role ?? schema['x-role'];
    return typeof role === 'string' && role ? { role } : {};
  }
  return key !== undefined && Object.hasOwn(USER_KEYS, key) ? (USER_KEYS[key] ?? null) : null;
}

export const staffKey = (role?: string) => ['staff', role ?? ''] as const;

/** The town's people a case may be put on; changes rarely within a session. */
export function useStaff(role?: string, enabled = true) {
  return useQuery({
    queryKey: staffKey(role),
    queryFn: ({ signal }) => api.get<StaffMember[]>('/api/staff', { role }, { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** '调解员 · 综治中心（一站式矛调中心）；…': which of a person's posts is which. */
export function staffPosts(m: StaffMember, role?: string): string {
  const posts = role ? m.roles.filter((r) => r.role === role) : m.roles;
  return (posts.length > 0 ? posts : m.roles).map((r) => `${r.roleLabel} · ${r.unitName}`).join('；');
}

interface StaffOption {
  value: string;
  label: string;
  posts: string;
}

/** A Select of staff, showing each person's posts so two people of the same name can be told apart. */
export function StaffSelect({
  role,
  value,
  onChange,
  disabled,
  allowClear,
  id,
}: UserField & {
  value?: string;
  onChange?: (v: string | undefined) => void;
  disabled?: boolean;
  allowClear?: boolean;
  id?: string;
}) {
  const staff = useStaff(role);
  const options = useMemo<StaffOption[]>(
    () => (staff.data ?? []).map((m) => ({ value: m.id, label: m.name, posts: staffPosts(m, role) })),
    [staff.data, role],
  );
  // A value from before (someone since moved away) still shows, rather than a bare id.
  const names = useUserNames();
  const known = value === undefined || options.some((o) => o.value === value);
  const shown = known
    ? options
    : [...options, { value, label: names.get(value) ?? `用户（编号 ${value}）`, posts: '不在本镇可选人员中' }];
  return (
    <Select<string, StaffOption>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      disabled={disabled}
      allowClear={allowClear}
      loading={staff.isPending}
      placeholder={role === 'leader' ? '请选择领导' : '请选择人员'}
      options={shown}
      showSearch={{ optionFilterProp: ['label', 'posts'] }}
      notFoundContent={
        staff.isError ? (
          <Typography.Text type="danger">人员名单加载失败，请刷新重试</Typography.Text>
        ) : staff.isPending ? (
          '正在加载…'
        ) : (
          '没有可选的人员'
        )
      }
      optionRender={(o) => (
        <div style={{ lineHeight: 1.35, padding: '2px 0' }}>
          <div>{o.data.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
            {o.data.posts}
          </Typography.Text>
        </div>
      )}
      data-testid="staff-select"
    />
  );
}

const UserNamesContext = createContext<ReadonlyMap<string, string>>(new Map());

/** Names for user ids a page already knows (the case's people, its event actors, the staff list). */
export const UserNamesProvider = UserNamesContext.Provider;

export function useUserNames(): ReadonlyMap<string, string> {
  return useContext(UserNamesContext);
}

/** A user id as a name, or a plain fallback when this page cannot know who it is. */
export function userName(names: ReadonlyMap<string, string>, id: unknown): string {
  const key = typeof id === 'number' ? String(id) : typeof id === 'string' ? id : '';
  return names.get(key) ?? (key ? `用户（编号 ${key}）` : '');
}
