-- 民族 and 职业 of a party (issue 13): 人民调解协议书 states them among 当事人的基本情况
-- (人民调解法 art 29(1)); optional, so documents leave a blank for what was not recorded.
alter table parties add column ethnicity text check (length(ethnicity) <= 20);
alter table parties add column occupation text check (length(occupation) <= 50);
