-- Local working-day adjustments (a day declared off by the county, a make-up day) entered
-- by an admin without a deploy. town_id null = applies to every town of the installation.
create table calendar_overrides (
  id serial primary key,
  town_id integer references org_units(id),
  day date not null,
  workday boolean not null,
  reason text not null check (length(reason) between 1 and 200),
  created_by integer references users(id),
  created_at timestamptz not null default now()
);
create unique index calendar_overrides_day on calendar_overrides (coalesce(town_id, 0), day);
