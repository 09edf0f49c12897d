-- Local policy a town sets for itself, one row per town and key (e.g. 'mediation.risk': the
-- early-warning thresholds and sensitive periods of 矛盾纠纷预警). Versioned like `settings`
-- so two editors cannot overwrite each other unseen; the value is validated by its owner.
create table town_settings (
  town_id integer not null references org_units(id),
  key text not null check (length(key) between 1 and 100),
  value jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by integer references users(id),
  primary key (town_id, key)
);
