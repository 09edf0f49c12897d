-- Collective decision meetings (集体讨论, issue 16; 重大行政决策程序暂行条例 art 30; docs/domain.md
-- §3): the town's 党委会, 党政联席会, 镇长办公会 and 班子会 with their attendance and agenda. An
-- agenda item may name the case it decides (a major decision, a normative document, a contract,
-- a complex penalty): a case's "collective discussion" step is satisfied only by an item of a
-- held meeting (server/src/modules/decisions/meetings/gate.ts). Tenancy as everywhere: every row
-- carries town_id and every index leads with it.

create table meetings (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  -- party_committee 党委会 / joint 党政联席会 / mayor_office 镇长办公会 / team 班子会
  -- (domain/src/decisions/meetings.ts MEETING_KIND_LABELS).
  kind text not null check (kind in ('party_committee', 'joint', 'mayor_office', 'team')),
  title text not null check (length(title) between 1 and 100),
  -- The day it is (or was) held, Asia/Shanghai.
  held_on date not null,
  place text check (length(place) <= 100),
  -- planned 已安排 / held 已召开 / cancelled 已取消.
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  -- The chair (主持人) and the chief (行政首长, who speaks last, art 30), by name as minuted.
  chair_name text check (length(chair_name) <= 50),
  chief_name text check (length(chief_name) <= 50),
  -- 应出席 / 列席 with their attendance: [{ name, post, role: 'member' | 'observer',
  -- present: boolean, absenceReason?: string }]; the quorum counts members.
  attendees jsonb not null default '[]',
  -- 纪要 number once minuted (e.g. 〔2023〕3号).
  minutes_no text check (length(minutes_no) <= 40),
  recorder_name text check (length(recorder_name) <= 50),
  version integer not null default 1,
  created_by integer not null references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index meetings_town_day on meetings (town_id, held_on);

create table meeting_items (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  meeting_id bigint not null references meetings(id) on delete cascade,
  seq integer not null check (seq between 1 and 99),
  subject text not null check (length(subject) between 1 and 200),
  -- The case the item decides, when it decides one (议题关联案件).
  case_id bigint references cases(id),
  -- Each attendee's view as said: [{ name, view: 'agree' | 'disagree' | 'abstain' | 'other',
  -- words }], in the order spoken; the chief's last (art 30).
  views jsonb not null default '[]',
  chief_view text check (length(chief_view) <= 2000),
  -- adopted 通过 / amended 修改后通过 / rejected 不予通过 / deferred 暂缓; null until concluded.
  conclusion text check (conclusion in ('adopted', 'amended', 'rejected', 'deferred')),
  conclusion_text text check (length(conclusion_text) <= 2000),
  -- 不同意见, recorded as said (art 30); and the reason when the chief's decision differs from
  -- the majority (art 30).
  dissent text check (length(dissent) <= 2000),
  chief_differs_reason text check (length(chief_differs_reason) <= 2000),
  unique (meeting_id, seq)
);
create index meeting_items_case on meeting_items (town_id, case_id) where case_id is not null;
