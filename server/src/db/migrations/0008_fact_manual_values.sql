-- Hand-entered report facts (issue 6): figures of modules that do not exist yet, or of
-- other organs (the police station's), and hand corrections of computed figures. Every
-- value names its source (来源). A new entry supersedes the current one instead of
-- overwriting it, so the history of a figure is kept; one current value per town, year, key.
create table fact_manual_values (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  year integer not null check (year between 2000 and 2100),
  key text not null,
  value numeric(16, 2) not null,
  source text not null check (length(btrim(source)) > 0),
  note text,
  entered_by integer not null references users(id),
  entered_at timestamptz not null,
  -- Set when a later entry replaces this one (superseded_by) or the value is withdrawn (the
  -- computed figure applies again; who withdrew it is in the audit log).
  superseded_at timestamptz,
  superseded_by bigint references fact_manual_values(id)
);
create unique index fact_manual_values_current on fact_manual_values (town_id, year, key) where superseded_at is null;
create index fact_manual_values_history on fact_manual_values (town_id, year, key, entered_at desc);
