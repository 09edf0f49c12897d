-- Meetings, what 0022 left out (issue 16): why a planned meeting was called off (取消原因),
-- minuted with the cancellation so the calendar says why a date fell through.
alter table meetings add column cancel_reason text check (length(cancel_reason) <= 200);

-- Reordering the agenda renumbers its items in one UPDATE: a permutation of seq passes only when
-- uniqueness is checked at the end of the statement, which needs a deferrable constraint
-- (still checked immediately, per statement, unless a transaction defers it).
alter table meeting_items drop constraint meeting_items_meeting_id_seq_key;
alter table meeting_items add constraint meeting_items_meeting_id_seq_key
  unique (meeting_id, seq) deferrable initially immediate;
