-- Administrative enforcement (行政执法): the officers who may act, the town's powers, and the
-- challenges brought against any of the town's decisions. Tenancy as everywhere
-- (architecture.md §4): every row carries town_id and every index leads with it.

-- 执法人员 and their 执法证: an action that needs officers needs two with a certificate valid
-- for the field on that day (行政处罚法 arts 42, 55). 法制审核人员 are flagged here too; one
-- reviewing for the first time needs the 法律职业资格 (art 58 ¶2).
create table enforcement_officers (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  -- The officer's account, when they use the platform.
  user_id integer references users(id),
  name text not null check (length(name) between 1 and 50),
  -- 执法证号, unique within the town.
  cert_no text not null check (length(cert_no) between 1 and 40),
  -- 发证机关
  cert_issuer text not null check (length(cert_issuer) between 1 and 100),
  -- 执法领域: the fields the certificate covers (codes of the town's powers list fields).
  cert_fields text[] not null,
  valid_from date,
  valid_until date not null,
  -- 法制审核人员
  reviewer boolean not null default false,
  -- 法律职业资格 (国家统一法律职业资格考试): required of a first-time reviewer, art 58 ¶2.
  legal_qualification boolean not null default false,
  active boolean not null default true,
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (valid_from is null or valid_from <= valid_until)
);
create unique index enforcement_officers_cert on enforcement_officers (town_id, cert_no);
create index enforcement_officers_town on enforcement_officers (town_id, active, valid_until);

-- 权责清单: each matter the town may punish, its legal basis and range, whether the county
-- handed it down (行政处罚法 art 24), and the discretion benchmark (裁量基准) for the amount.
create table enforcement_powers (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  -- The list's own item code (事项编码), unique within the town.
  code text not null check (length(code) between 1 and 40),
  -- 执法领域 (e.g. 'planning', 'land', 'safety'): matched against certificates' fields.
  field text not null,
  matter text not null check (length(matter) between 1 and 200),
  -- 违法依据 (the provision broken) and 处罚依据 (the provision that punishes).
  violated_basis text not null,
  penalty_basis text not null,
  -- The range in words as the list states it.
  penalty_range text not null,
  fine_min numeric(14, 2),
  fine_max numeric(14, 2),
  delegated boolean not null default false,
  -- The county decision that handed the power down (art 24), when delegated.
  delegated_by text,
  -- 裁量基准: [{ level, circumstances, fineMin, fineMax }] in order of gravity.
  discretion jsonb not null default '[]',
  active boolean not null default true,
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (fine_min is null or fine_max is null or fine_min <= fine_max),
  check ((not delegated) or delegated_by is not null)
);
create unique index enforcement_powers_code on enforcement_powers (town_id, code);

-- 行政复议 and 行政诉讼 against a case's decision (any case type): the report's 复议/诉讼
-- figures, their correction and loss rates, and the head's court appearance (负责人出庭应诉).
create table case_challenges (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  case_id bigint not null references cases(id),
  kind text not null check (kind in ('reconsideration', 'litigation')),
  received_on date not null,
  -- 复议机关 or the court.
  body text not null check (length(body) between 1 and 100),
  -- The body's own case number.
  body_case_no text,
  -- upheld 维持 / changed 变更 / revoked 撤销 / unlawful 确认违法 / withdrawn 撤回 /
  -- dismissed 驳回 (litigation: 驳回诉讼请求) / other; null while pending.
  result text check (result in ('upheld', 'changed', 'revoked', 'unlawful', 'withdrawn', 'dismissed', 'other')),
  closed_on date,
  -- Litigation only: whether the head (or a deputy head) appeared in court.
  head_appeared boolean,
  note text,
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((result is null) = (closed_on is null)),
  check (closed_on is null or closed_on >= received_on),
  check (kind = 'litigation' or head_appeared is null)
);
create index case_challenges_case on case_challenges (case_id, id);
create index case_challenges_town on case_challenges (town_id, received_on, id);
