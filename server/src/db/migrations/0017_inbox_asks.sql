-- The inbox's 「待办事项」 (cases/repository.ts inboxPage, issue 13): what a case asks of the user
-- (待审批, 待受理, 待分派, 待包案) is a test over its type and state, which the case types' actions
-- declare (domain engine/inbox.ts inboxAskRules). The covering index of migration 0012 carries
-- `state` too, so the inbox, its ask counts and its ask filter stay one index-only pass.
drop index cases_open_work;

create index cases_open_work on cases (town_id, (coalesce(next_due, 'infinity'::date)), id)
  include (next_due, assignee_id, owner_leader_id, approval_pending, risk, actor_roles, type, state, unit_id,
           unit_path, created_by, confidential)
  where not terminal;

analyze cases;
