-- The inbox (cases/repository.ts inboxPage) of a town reader in one pass over the town's open
-- work, read from the index alone: the key is the inbox's order (the nearest deadline first,
-- undated last, then id, so a page continues after the last one's key), and it carries every
-- column the visibility rule (cases/access.ts visibleCase) and the inbox test read. The counts
-- over thousands of open cases then no longer visit the table, and a page reads from the table
-- only the rows it returns (bench/README.md, issue 19).
create index cases_open_work on cases (town_id, (coalesce(next_due, 'infinity'::date)), id)
  include (next_due, assignee_id, owner_leader_id, approval_pending, risk, actor_roles, type, unit_id, unit_path,
           created_by, confidential)
  where not terminal;

-- Its key is the old index's, with the undated cases ordered the same way (nulls last).
drop index cases_open_due;

-- Statistics for the key's expression.
analyze cases;
