ALTER TABLE proposal_history DROP COLUMN portfolio;
ALTER TABLE challenges DROP COLUMN budget_cents;
