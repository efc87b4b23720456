-- A challenge may set what it can fund in all (euro cents): the hub then proposes the best portfolio of
-- passing proposals that fits (issue 19), and a decision's history row records whether it followed it
-- ('followed' or 'departed'; none without a budget).
ALTER TABLE challenges ADD COLUMN budget_cents BIGINT CHECK (budget_cents > 0);
ALTER TABLE proposal_history ADD COLUMN portfolio TEXT CHECK (portfolio IN ('followed', 'departed'));
