-- 矛盾纠纷排查 (集中排查 / 经常性排查): a campaign, one return per village or community,
-- and the disputes each return reports. Tenancy as everywhere (architecture.md §4):
-- every row carries town_id and every index leads with it.

create table screening_campaigns (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  kind text not null check (kind in ('concentrated', 'regular')),
  title text not null,
  period_start date not null,
  period_end date not null,
  -- Returns still pending after this day are overdue (computed, never stored).
  due_on date not null,
  note text,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by integer not null references users(id),
  closed_by integer references users(id),
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (period_end >= period_start)
);
create index screening_campaigns_town_period on screening_campaigns (town_id, period_start desc, id desc);

create table campaign_returns (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  campaign_id bigint not null references screening_campaigns(id),
  unit_id integer not null references org_units(id),
  -- The unit's path at the campaign's start, for the same scope filter cases use.
  unit_path text not null,
  status text not null default 'pending' check (status in ('pending', 'returned')),
  -- 零报告: returned with no dispute found.
  nil_return boolean not null default false,
  note text,
  returned_by integer references users(id),
  returned_at timestamptz,
  version integer not null default 1,
  unique (campaign_id, unit_id)
);
create index campaign_returns_town_campaign on campaign_returns (town_id, campaign_id);
create index campaign_returns_town_unit on campaign_returns (town_id, unit_id);

create table campaign_entries (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  campaign_id bigint not null references screening_campaigns(id),
  return_id bigint not null references campaign_returns(id),
  unit_id integer not null references org_units(id),
  found_on date not null,
  dispute_type text not null,
  summary text not null,
  requests text not null,
  people_count integer not null check (people_count >= 1),
  amount numeric(14, 2),
  risk_hint text,
  -- [{ref, role, name, idEnc, idHash, idMasked, phoneEnc, phoneMasked}]: ID and phone
  -- numbers only as ciphertext (platform/crypto.ts), as in the parties table.
  parties jsonb not null default '[]'::jsonb,
  party_names text not null default '',
  status text not null default 'new' check (status in ('new', 'converted', 'dismissed')),
  dismiss_reason text,
  case_id bigint references cases(id),
  created_by integer not null references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((status = 'converted') = (case_id is not null))
);
create index campaign_entries_town_campaign on campaign_entries (town_id, campaign_id, status);
create index campaign_entries_town_return on campaign_entries (town_id, return_id);
-- Statistics count disputes found per period: by town and the day found.
create index campaign_entries_town_found on campaign_entries (town_id, found_on);
create index campaign_entries_town_case on campaign_entries (town_id, case_id) where case_id is not null;
