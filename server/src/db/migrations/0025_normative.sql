-- Normative documents (规范性文件, issue 16; docs/domain.md §4): the county's filing period. A
-- town files each published document with its county (备案), within the days the county sets
-- (docs/domain.md §4: 15–30 d, set locally; 15 when unset, domain/src/decisions/normative.ts
-- DEFAULT_FILING_DAYS). One row per county; the documents themselves are `normative` cases.

create table normative_filing_settings (
  county_id integer primary key references org_units(id),
  filing_days integer not null check (filing_days between 1 and 90),
  version integer not null default 1,
  updated_by integer references users(id),
  updated_at timestamptz not null
);
