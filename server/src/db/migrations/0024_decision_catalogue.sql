-- The yearly catalogue of major administrative decisions (决策事项目录, issue 16; 重大行政决策程序
-- 暂行条例 art 3 ¶3; docs/domain.md §3): the items the town means to decide in a year, agreed by
-- the same-level Party committee and then published. An item starts a `decision` case; an
-- ad-hoc proposal starts a case and is added to the catalogue. Tenancy as everywhere: every row
-- carries town_id and every index leads with it.

create table decision_catalogue_items (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  year integer not null check (year between 2000 and 2100),
  title text not null check (length(title) between 1 and 200),
  -- art 3 ¶1 (一)–(五): public_policy / plan / resources / project / other
  -- (domain/src/decisions/decision.ts DECISION_CATEGORY_LABELS).
  category text not null check (category in ('public_policy', 'plan', 'resources', 'project', 'other')),
  lead_unit text not null check (length(lead_unit) between 1 and 100),
  planned_quarter integer check (planned_quarter between 1 and 4),
  note text check (length(note) <= 1000),
  -- draft 草拟 / approved 党委已同意 / published 已公布 (art 3 ¶3).
  status text not null default 'draft' check (status in ('draft', 'approved', 'published')),
  approved_on date,
  published_on date,
  -- Added after the catalogue was drawn up, from a proposal (art 3 ¶3 "根据实际情况调整").
  ad_hoc boolean not null default false,
  -- The decision case it started, once started.
  case_id bigint references cases(id),
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (status = 'draft' or approved_on is not null),
  check (status <> 'published' or published_on is not null)
);
create index decision_catalogue_town_year on decision_catalogue_items (town_id, year);
create unique index decision_catalogue_case on decision_catalogue_items (town_id, case_id) where case_id is not null;
