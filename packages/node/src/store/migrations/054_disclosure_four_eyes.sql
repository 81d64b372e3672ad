-- 054 federation_disclosures.four_eyes: whether a partner's disclosure request needs two people on the owning side.
--
-- An agreement's `approvalRequired` names the disclosures that need four eyes (a reviewer, then a different
-- supervisor); the others are decided by one supervisor. Set when the request arrives, from the agreement it came
-- under and what its reference stands for. Requests stored before this migration keep four eyes.
alter table federation_disclosures add column four_eyes boolean not null default true;
