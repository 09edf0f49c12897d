-- Whether a case is withheld from its accused (信访工作条例 art 30 ¶3), kept as a column
-- beside the case (like the other derived facts) so the visibility rule tests a boolean
-- instead of reading every row's jsonb. The module decides (CaseModule.confidential).
alter table cases add column confidential boolean not null default false;
update cases set confidential = true
  where fields->>'confidential' = 'true' or (type = 'petition' and fields->>'category' = 'accusation');
analyze cases;
