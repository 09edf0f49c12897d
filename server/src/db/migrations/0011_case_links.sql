-- Links between cases (issue 12): one generic row, case → case, with a kind. The row reads
-- as a sentence from `from_case_id`: "<from> 由 <to> 转来" (transferred_from), "<from>
-- 立案处罚 <to>" (penalty), "<from> 关联 <to>" (related). The kinds and their labels seen
-- from either end are data in domain/src/engine/links.ts; the check below names the same keys.
-- Both cases are of one town (the service refuses otherwise; town_id is the cases' town).
create table case_links (
  id bigint generated always as identity primary key,
  town_id integer not null references org_units(id),
  from_case_id bigint not null references cases(id),
  to_case_id bigint not null references cases(id),
  kind text not null check (kind in ('transferred_from', 'penalty', 'related')),
  note text check (length(note) <= 500),
  created_by integer not null references users(id),
  created_at timestamptz not null,
  unique (from_case_id, to_case_id, kind),
  check (from_case_id <> to_case_id)
);
-- A case's page lists its links both ways: one index per direction, each leading with town_id.
create index case_links_town_from on case_links (town_id, from_case_id);
create index case_links_town_to on case_links (town_id, to_case_id);
