-- Void, never delete (issue 13). Issued documents stay append-only (0003): voiding one adds a
-- row here, so its number stays in the register, marked 作废 with who, when and why. A voided
-- document unlocks nothing any more (engine/documents.ts); a corrected one is a new issue
-- with a new number that names the copy it replaces.
create table document_voids (
  document_id bigint primary key references documents(id),
  town_id integer not null references org_units(id),
  case_id bigint not null references cases(id),
  reason text not null check (length(reason) between 1 and 500),
  voided_by integer not null references users(id),
  voided_at timestamptz not null
);
create index document_voids_town_case on document_voids (town_id, case_id);
create trigger document_voids_no_update before update or delete on document_voids
  for each row execute function case_history_append_only();

-- A copy replaces at most one voided copy, and is replaced by at most one.
alter table documents add column replaces_id bigint references documents(id);
create unique index documents_replaces on documents (replaces_id) where replaces_id is not null;
