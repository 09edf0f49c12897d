-- The day a mediation ended (fields.endedOn, Asia/Shanghai), which the action ending it now
-- writes (domain/src/cases/mediation.ts): 调结天数 then reads it from the case instead of
-- looking for the first ending event of every concluded case (≈ 400,000 index probes for a
-- county, bench/README.md). Filled in here for the cases ended before, from that same event:
-- the first agreement, termination or withdrawal.
update cases c
set fields = c.fields || jsonb_build_object('endedOn', to_char(x.ended_on, 'YYYY-MM-DD'))
from (
  select e.case_id, min(((e.at at time zone 'UTC') + interval '8 hours')::date) as ended_on
  from case_events e
  join cases k on k.id = e.case_id and k.type = 'mediation'
  where e.action in ('agree_written', 'agree_oral', 'terminate', 'withdraw')
  group by e.case_id
) x
where c.id = x.case_id and c.type = 'mediation' and c.fields->>'endedOn' is null;
