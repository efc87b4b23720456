DROP TABLE idempotency_keys;
DROP TABLE proposal_versions;
DROP TABLE proposal_history;
DROP TABLE proposal_team;
DROP TABLE proposal_tags;
DROP TABLE proposals;
DROP TABLE challenge_tags;
DROP TABLE challenges;
