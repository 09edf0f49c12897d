-- Every visitor at a leader's reception is registered as a petition (信访工作条例 arts 21, 23 ¶1;
-- issue 13, decision 0003 amendment): a visitor answered on the spot now has a case too, closed
-- as answered on the spot. A 'petition' outcome still needs its case; an 'answered' one may have
-- one (rows recorded before this migration have none).
alter table reception_visitors drop constraint reception_visitors_check;
alter table reception_visitors
  add constraint reception_visitors_petition_case check (outcome <> 'petition' or case_id is not null);
