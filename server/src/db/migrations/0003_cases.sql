-- The case engine's storage (architecture.md §2, §4). Every table carries town_id and
-- every index on a town's data leads with it. Events, issued documents and breach
-- markers are append-only.

-- GIN indexes that lead with town_id need btree_gin (PGlite loads it in db/index.ts).
create extension if not exists btree_gin;

-- 简称 for 文号: 湾头桥镇 → 湾.
alter table org_units add column short_name text;

-- Gap-free numbers per town, numbering scope (case type or document kind) and year:
-- the row lock taken by the upsert serialises allocation inside the creating
-- transaction, and a rolled-back transaction gives its number back.
create table number_sequences (
  town_id integer not null references org_units(id),
  scope text not null,
  year integer not null,
  last_seq integer not null,
  primary key (town_id, scope, year)
);

create table cases (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  type text not null,
  number text not null,
  year integer not null,
  seq integer not null,
  title text not null,
  summary text,
  state text not null,
  terminal boolean not null default false,
  -- The village, community or department the case belongs to, and its path for scope
  -- checks (the town's path when the case has no unit).
  unit_id integer references org_units(id),
  unit_path text not null,
  assignee_id integer references users(id),
  owner_leader_id integer references users(id),
  created_by integer not null references users(id),
  risk text check (risk in ('low', 'medium', 'high')),
  fields jsonb not null default '{}'::jsonb,
  -- Inbox facts derived from the type and the events (engine/inbox.ts), rewritten on
  -- every change so the inbox is one indexed query.
  actor_roles text[] not null default '{}',
  approval_pending boolean not null default false,
  next_due date,
  next_clock text,
  party_names text not null default '',
  -- The day the deadline sweep last looked at this case (jobs/sweep.ts).
  swept_on date,
  -- Bigram tokens of number, title, summary and party names (domain/search/tokens.ts).
  search_vec tsvector not null default ''::tsvector,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (town_id, type, year, seq)
);
create index cases_town_updated on cases (town_id, updated_at desc, id desc);
create index cases_town_type_updated on cases (town_id, type, updated_at desc, id desc);
create index cases_town_unit on cases (town_id, unit_id);
create index cases_open_due on cases (town_id, next_due, id) where not terminal;
create index cases_open_assignee on cases (assignee_id, next_due) where not terminal;
create index cases_open_owner on cases (owner_leader_id, next_due) where not terminal;
create index cases_search on cases using gin (town_id, search_vec);

create table case_events (
  case_id bigint not null references cases(id),
  seq integer not null,
  town_id integer not null references org_units(id),
  at timestamptz not null,
  -- null for the system (the deadline sweep).
  actor_id integer references users(id),
  actor_name text not null,
  action text not null,
  from_state text,
  to_state text not null,
  note text,
  data jsonb,
  primary key (case_id, seq)
);
create index case_events_town_at on case_events (town_id, at);

create function case_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger case_events_no_update before update or delete on case_events
  for each row execute function case_history_append_only();

-- People and organisations, one row per identity per town, so one person's cases
-- across modules can be found (by id_hash) without decrypting anything.
create table parties (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  kind text not null check (kind in ('person', 'org')),
  name text not null,
  -- AES-256-GCM ciphertext (platform/crypto.ts); hash = HMAC for equality lookups.
  id_enc text,
  id_hash text,
  id_masked text,
  phone_enc text,
  phone_hash text,
  phone_masked text,
  address text,
  unit_id integer references org_units(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index parties_town_id_hash on parties (town_id, id_hash);
create index parties_town_phone_hash on parties (town_id, phone_hash);
create index parties_town_name on parties (town_id, name);

create table case_parties (
  case_id bigint not null references cases(id),
  party_id bigint not null references parties(id),
  town_id integer not null references org_units(id),
  role text not null,
  -- The name as recorded on this case: a later case may correct the person's name in
  -- the index without rewriting what an earlier case (and its documents) said.
  name text not null,
  sort integer not null,
  primary key (case_id, party_id, role)
);
create index case_parties_town_party on case_parties (town_id, party_id);

create table attachments (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  case_id bigint not null references cases(id),
  name text not null,
  size bigint not null,
  mime text not null,
  sha256 text not null,
  storage_key text not null,
  uploaded_by integer not null references users(id),
  uploaded_at timestamptz not null
);
create index attachments_case on attachments (case_id);

create table documents (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  case_id bigint references cases(id),
  kind text not null,
  title text not null,
  number text,
  template_version text not null,
  sha256 text not null,
  size bigint not null,
  storage_key text not null,
  input jsonb,
  issued_by integer not null references users(id),
  issued_at timestamptz not null
);
create index documents_case on documents (case_id);
create index documents_town_kind on documents (town_id, kind, issued_at);
create trigger documents_no_update before update or delete on documents
  for each row execute function case_history_append_only();

-- One row per clock breach: the sweep's idempotency marker (documenso-style), so a
-- breach is recorded once however many processes sweep.
create table case_clock_breaches (
  case_id bigint not null references cases(id),
  clock text not null,
  due date not null,
  town_id integer not null references org_units(id),
  recorded_at timestamptz not null,
  primary key (case_id, clock, due)
);
