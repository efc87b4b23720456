-- Challenges drafted by their administration: a new state, `in_review` (proposed to the hub), and a
-- hub manager's note when returning one.
ALTER TABLE challenges DROP CONSTRAINT challenges_state_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_state_check
    CHECK (state IN ('draft', 'in_review', 'open', 'closed', 'archived'));
ALTER TABLE challenges ADD COLUMN review_note TEXT;
