-- 法治政府建设年度报告 (issue 6; domain.md §11): one report per town and year, its sections
-- (each drafted by one office), and the approved version frozen with its figures.
-- Tenancy as everywhere (architecture.md §4): every row carries town_id, indexes lead with it.

create table reports (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  year integer not null check (year between 2000 and 2100),
  template text not null check (template in ('standard', 'seed')),
  title text not null,
  -- 起草中 → 待审定 → 已审定 → 已公开; a return goes back to drafting with a note.
  state text not null default 'drafting' check (state in ('drafting', 'submitted', 'approved', 'published')),
  return_note text,
  submitted_at timestamptz,
  submitted_by integer references users(id),
  approved_at timestamptz,
  approved_by integer references users(id),
  -- The rendered sections and every fact value they use, as they stood at approval: the
  -- approved report never changes when the records behind a figure are edited later.
  frozen jsonb,
  published_on date,
  published_where text,
  published_by integer references users(id),
  created_by integer not null references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (town_id, year),
  check ((state in ('approved', 'published')) = (frozen is not null)),
  check ((state = 'published') = (published_on is not null))
);
create index reports_year on reports (year, town_id);

create table report_sections (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  report_id bigint not null references reports(id),
  key text not null,
  title text not null,
  level smallint not null check (level in (1, 2)),
  sort_order integer not null,
  -- The office that drafts it (a department of the town).
  unit_id integer not null references org_units(id),
  -- {"type":"doc","content":[…]}: paragraphs, headings, text and fact tokens (domain/api/reports.ts).
  narrative jsonb not null default '{"type":"doc","content":[]}'::jsonb,
  submitted boolean not null default false,
  updated_by integer references users(id),
  updated_at timestamptz,
  version integer not null default 1,
  unique (report_id, key)
);
create index report_sections_town_report on report_sections (town_id, report_id, sort_order);
create index report_sections_town_unit on report_sections (town_id, unit_id);
