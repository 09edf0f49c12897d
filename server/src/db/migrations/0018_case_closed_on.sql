-- The day a case was closed (办结: it entered a terminal state), Asia/Shanghai, for the case
-- list's 办结日期 filter and column. Written with the case's other derived columns on every
-- change (server/src/cases/service.ts factColumns); filled in here, for the cases closed before,
-- from the latest event that moved each terminal case into its present state.
alter table cases add column closed_on date;

update cases c
set closed_on = x.closed_on
from (
  select e.case_id, max(((e.at at time zone 'UTC') + interval '8 hours')::date) as closed_on
  from case_events e
  join cases k on k.id = e.case_id and k.terminal
  where e.to_state = k.state and e.from_state is distinct from e.to_state
  group by e.case_id
) x
where c.id = x.case_id;

-- The list sorted by 登记日期 walks this index per town, as the default sort walks cases_town_updated.
create index cases_town_created on cases (town_id, created_at desc, id desc);
create index cases_town_closed on cases (town_id, closed_on, id) where closed_on is not null;
