-- Legal advisers (政府法律顾问, issue 16; docs/domain.md §4) and their written opinions. The
-- contracts themselves are cases of type `contract` (domain/src/cases/contract.ts): they need no
-- table of their own. Tenancy as everywhere: every row carries town_id and every index leads
-- with it.

create table advisers (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  -- lawyer 律师 / firm 律师事务所 (domain/src/api/decisions-advisers.ts ADVISER_KIND_LABELS).
  kind text not null check (kind in ('lawyer', 'firm')),
  name text not null check (length(name) between 1 and 100),
  -- 律师执业证号 or the firm's 执业许可证号.
  licence_no text not null check (length(licence_no) between 1 and 40),
  firm text not null check (length(firm) between 1 and 100),
  phone text check (length(phone) <= 30),
  term_from date not null,
  term_to date not null,
  -- The service contract (法律顾问服务合同): its number or where the signed copy is kept.
  contract_ref text check (length(contract_ref) <= 200),
  active boolean not null default true,
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (term_from <= term_to)
);
create unique index advisers_licence on advisers (town_id, licence_no);

create table adviser_opinions (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  adviser_id bigint not null references advisers(id),
  given_on date not null,
  subject text not null check (length(subject) between 1 and 200),
  -- decision / normative / contract / petition / enforcement / litigation / other.
  kind text not null check (kind in ('decision', 'normative', 'contract', 'petition', 'enforcement', 'litigation', 'other')),
  -- The case the opinion is about, a case of the same town.
  case_id bigint references cases(id),
  hours numeric(6, 1) check (hours >= 0),
  summary text not null check (length(summary) between 1 and 4000),
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index adviser_opinions_town_day on adviser_opinions (town_id, given_on);
create index adviser_opinions_case on adviser_opinions (town_id, case_id) where case_id is not null;
