-- The annual plan's entries as generated from the risk rules (domain/src/safety/plan.ts) or
-- added by hand: regenerating the plan replaces only generated entries not yet fulfilled, so
-- an entry the 安监办 added for a reason of its own stays.
alter table safety_plan_items add column generated boolean not null default false;
