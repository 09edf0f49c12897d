-- Foundation: organisations, users, roles, sessions, settings, audit.
-- PostgreSQL 15 subset (PGlite is 18). Every table of a town's data carries town_id.

create table org_units (
  id integer primary key,
  parent_id integer references org_units(id),
  -- The town this unit belongs to (itself for a town); null for units above town level.
  town_id integer references org_units(id),
  kind text not null check (kind in ('county', 'town', 'village', 'community', 'department')),
  name text not null check (length(name) between 1 and 100),
  -- 统计用区划代码 for administrative units (county, town, village, community).
  code text check (code ~ '^[0-9]{12}$'),
  -- Materialised path '/1/5/23/': subtree = path LIKE '/1/5/%'.
  path text not null,
  depth integer not null,
  sort_order integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create sequence org_units_id_seq owned by org_units.id;
alter table org_units alter column id set default nextval('org_units_id_seq');
create unique index org_units_sibling_name on org_units (coalesce(parent_id, 0), name);
create unique index org_units_code on org_units (code) where code is not null;
create index org_units_path on org_units (path text_pattern_ops);
create index org_units_parent on org_units (parent_id, sort_order, id);
create index org_units_town on org_units (town_id, kind);

create table users (
  id serial primary key,
  -- Home town for tenancy; null for county-level staff.
  town_id integer references org_units(id),
  username text not null check (username ~ '^[a-z0-9_.-]{2,32}$'),
  display_name text not null check (length(display_name) between 1 and 50),
  phone text,
  password_hash text not null,
  password_changed_at timestamptz not null default now(),
  must_change_password boolean not null default true,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  -- Seeded demo accounts skip the forced first change only while demo mode is on.
  demo_account boolean not null default false,
  last_login_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_username on users (username);
create index users_town on users (town_id, id);

create table password_history (
  id serial primary key,
  user_id integer not null references users(id) on delete cascade,
  password_hash text not null,
  created_at timestamptz not null default now()
);
create index password_history_user on password_history (user_id, id desc);

create table user_roles (
  id serial primary key,
  town_id integer references org_units(id),
  user_id integer not null references users(id) on delete cascade,
  role text not null,
  unit_id integer not null references org_units(id),
  scope text not null check (scope in ('self', 'unit', 'unit_tree', 'town', 'county')),
  created_at timestamptz not null default now()
);
create unique index user_roles_unique on user_roles (user_id, role, unit_id);
create index user_roles_unit on user_roles (unit_id);

create table sessions (
  -- sha256 of the cookie token: a leaked table does not leak usable sessions.
  id text primary key,
  user_id integer not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  ended_at timestamptz,
  end_reason text
);
create index sessions_user on sessions (user_id) where ended_at is null;

create table settings (
  key text primary key,
  value jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by integer references users(id)
);

-- Append-only, hash-chained per tenancy unit (a town, or a county for county staff;
-- 0 for events with no known actor such as a failed login with an unknown username).
create table audit_log (
  id bigserial primary key,
  chain_id integer not null,
  seq bigint not null,
  at timestamptz not null,
  actor_id integer,
  actor_name text,
  unit_id integer,
  unit_name text,
  ip text,
  action text not null,
  target text,
  outcome text not null check (outcome in ('success', 'failure', 'denied')),
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null
);
create unique index audit_log_chain_seq on audit_log (chain_id, seq);
create index audit_log_chain_at on audit_log (chain_id, at desc, id desc);
create index audit_log_actor on audit_log (actor_id, at desc);

create table audit_heads (
  chain_id integer primary key,
  seq bigint not null,
  hash text not null
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op;
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
