UPDATE proposal_history SET note = coalesce(note, '') || E'\n\nOverride: ' || override_reason
WHERE override_reason IS NOT NULL;
ALTER TABLE proposal_history DROP COLUMN override_reason;

-- A cancelled review had stopped: it goes back as declined, with its reason.
UPDATE assignments SET state = 'declined', declined_reason = coalesce(declined_reason, cancelled_reason)
WHERE state = 'cancelled';
ALTER TABLE assignments DROP COLUMN cancelled_reason;
ALTER TABLE assignments DROP CONSTRAINT assignments_state_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_state_check
    CHECK (state IN ('assigned', 'in_progress', 'submitted', 'declined'));
