UPDATE challenges SET state = 'draft' WHERE state = 'in_review';
ALTER TABLE challenges DROP CONSTRAINT challenges_state_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_state_check CHECK (state IN ('draft', 'open', 'closed', 'archived'));
ALTER TABLE challenges DROP COLUMN review_note;
