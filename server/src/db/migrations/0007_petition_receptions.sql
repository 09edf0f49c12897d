-- Leaders' duties under 信访工作条例 art 18: receiving petitioners on set days (开门接访)
-- and going down to the villages with cases (带案下访). Tenancy as everywhere
-- (architecture.md §4): every row carries town_id and every index leads with it.

-- 接访安排: which leader receives on which day, when, where and on what; published to
-- residents once `published` is set.
create table reception_slots (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  leader_id integer not null references users(id),
  on_date date not null,
  -- 'HH:MM', Asia/Shanghai wall-clock time.
  starts_at text not null,
  ends_at text not null,
  place text not null,
  topic text,
  published boolean not null default false,
  cancelled boolean not null default false,
  created_by integer not null references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at)
);
create index reception_slots_town_date on reception_slots (town_id, on_date, id);

-- 接访记录: a reception held (on a slot or without one).
create table receptions (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  slot_id bigint references reception_slots(id),
  leader_id integer not null references users(id),
  received_on date not null,
  place text not null,
  note text,
  created_by integer not null references users(id),
  created_at timestamptz not null
);
create index receptions_town_date on receptions (town_id, received_on, id);
create unique index receptions_slot on receptions (slot_id) where slot_id is not null;

-- Each visitor's matter, answered on the spot or registered as a petition (a case).
-- The person is a row of the party index (parties): ID and phone numbers only as
-- ciphertext, hash and masked form, and one person across modules.
create table reception_visitors (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  reception_id bigint not null references receptions(id),
  sort integer not null,
  party_id bigint not null references parties(id),
  -- The name as recorded here (as case_parties.name).
  name text not null,
  people_count integer not null check (people_count >= 1),
  -- The visitor's village or community, if given.
  unit_id integer references org_units(id),
  matter text not null,
  outcome text not null check (outcome in ('answered', 'petition')),
  answer text,
  case_id bigint references cases(id),
  check ((outcome = 'petition') = (case_id is not null)),
  check ((outcome = 'answered') = (answer is not null))
);
create index reception_visitors_town_reception on reception_visitors (town_id, reception_id, sort);
create index reception_visitors_town_case on reception_visitors (town_id, case_id) where case_id is not null;

-- 下访记录: a leader goes to a village with cases.
create table leader_visits (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  leader_id integer not null references users(id),
  visited_on date not null,
  unit_id integer not null references org_units(id),
  -- The village's path when recorded, for the scope filter cases use.
  unit_path text not null,
  people_met text not null,
  outcome text not null,
  follow_up text,
  created_by integer not null references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index leader_visits_town_date on leader_visits (town_id, visited_on, id);
create index leader_visits_town_unit on leader_visits (town_id, unit_id);

create table leader_visit_cases (
  visit_id bigint not null references leader_visits(id),
  case_id bigint not null references cases(id),
  town_id integer not null references org_units(id),
  primary key (visit_id, case_id)
);
create index leader_visit_cases_town_case on leader_visit_cases (town_id, case_id);
