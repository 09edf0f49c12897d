-- Work safety (安全生产检查, docs/domain.md §6, 安全生产法 arts 9, 62, 65, 68, 70, 75, 113):
-- the town's register of production and business units, its checklists, its annual
-- inspection plan, the inspection records and their photos. A hazard found is a case
-- (type `hazard`, its fields name `unitId` and `inspectionId`), so its states, clocks,
-- documents and link to a `penalty` case are the case engine's. Tenancy as everywhere
-- (architecture.md §4): every row carries town_id and every index leads with it.

-- 生产经营单位: the units the town inspects.
create table safety_units (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  -- The village (村/社区) the unit lies in, for the village's scope and the ranking.
  village_id integer references org_units(id),
  name text not null check (length(name) between 1 and 100),
  -- 统一社会信用代码 (GB 32100-2015, validators/uscc.ts), unique within the town.
  credit_code text not null check (length(credit_code) = 18),
  address text not null check (length(address) between 1 and 200),
  -- Industry code (domain/src/api/safety.ts SAFETY_INDUSTRY_LABELS): picks the checklist.
  industry text not null,
  -- 规模: large / medium / small / micro.
  size text not null,
  -- 风险等级: key 重点 / general 一般; the plan's frequency follows it.
  risk_class text not null check (risk_class in ('key', 'general')),
  principal_name text not null check (length(principal_name) between 1 and 50),
  -- Contacts as parties' are kept (platform/crypto.ts): AES-GCM ciphertext + masked copy.
  principal_phone_enc text,
  principal_phone_masked text,
  safety_officer_name text,
  safety_officer_phone_enc text,
  safety_officer_phone_masked text,
  -- 许可证照: [{ name, no, validUntil }]; an expiring one is a warning.
  licences jsonb not null default '[]',
  active boolean not null default true,
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index safety_units_credit_code on safety_units (town_id, credit_code);
create index safety_units_town on safety_units (town_id, active, village_id);

-- 检查表: per industry, the items an inspector ticks, each with its legal basis. Data, so the
-- town edits them and adds its own.
create table safety_checklists (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  industry text not null,
  title text not null check (length(title) between 1 and 100),
  -- [{ code, text, basis }], codes unique within the list.
  items jsonb not null,
  active boolean not null default true,
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index safety_checklists_title on safety_checklists (town_id, title);
create index safety_checklists_industry on safety_checklists (town_id, industry, active);

-- 年度监督检查计划 (art 62): units × months × kind of inspection, generated from the risk
-- class rules and then edited. An inspection done for an entry fulfils it.
create table safety_plan_items (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  year integer not null check (year between 2000 and 2100),
  month integer not null check (month between 1 and 12),
  unit_id bigint not null references safety_units(id),
  -- comprehensive 综合 / special 专项 / holiday 节前 / recheck 复查
  kind text not null check (kind in ('comprehensive', 'special', 'holiday', 'recheck')),
  note text,
  created_by integer not null references users(id),
  created_at timestamptz not null
);
create unique index safety_plan_items_entry on safety_plan_items (town_id, year, unit_id, month, kind);
create index safety_plan_items_unit on safety_plan_items (town_id, unit_id);

-- 现场检查记录 (art 68): who inspected what, when, what was found and done, and the
-- principal's signature or the noted refusal.
create table safety_inspections (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  unit_id bigint not null references safety_units(id),
  -- The plan entry the inspection fulfils, if any.
  plan_item_id bigint references safety_plan_items(id),
  kind text not null check (kind in ('comprehensive', 'special', 'holiday', 'recheck')),
  inspected_on date not null,
  place text not null check (length(place) between 1 and 200),
  -- The checklist used and its items as they stood (a later edit does not rewrite a record).
  checklist_id bigint references safety_checklists(id),
  -- [{ code, text, basis, result: 'ok' | 'problem' | 'na', note }]
  results jsonb not null default '[]',
  findings text not null default '',
  action_taken text not null default '',
  -- The inspectors: enforcement_officers ids, at least two (domain/src/safety).
  officer_ids bigint[] not null check (cardinality(officer_ids) >= 2),
  -- 被检查单位负责人签字, or the refusal noted (art 68 ¶2: refusal is recorded and reported).
  principal_signed boolean not null,
  refusal_note text,
  -- The phone's id for the draft: a submission replayed after a dead zone is the same record.
  client_id uuid not null,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  check (principal_signed or refusal_note is not null)
);
create unique index safety_inspections_client on safety_inspections (town_id, client_id);
create index safety_inspections_unit on safety_inspections (town_id, unit_id, inspected_on);
create index safety_inspections_day on safety_inspections (town_id, inspected_on);

-- Photos taken at an inspection, with the time and place the camera wrote into the file.
-- Bytes in the blob store (platform/blobs.ts, content-addressed); a hazard case's photos are
-- attachments pointing at the same storage key.
create table safety_photos (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  -- Null while the inspection is a draft on the phone; set when it is submitted.
  inspection_id bigint references safety_inspections(id),
  name text not null,
  size bigint not null,
  mime text not null,
  sha256 text not null,
  storage_key text not null,
  -- From the file's EXIF (DateTimeOriginal, GPS), when present.
  taken_at timestamptz,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  uploaded_by integer not null references users(id),
  uploaded_at timestamptz not null
);
create index safety_photos_inspection on safety_photos (town_id, inspection_id);
