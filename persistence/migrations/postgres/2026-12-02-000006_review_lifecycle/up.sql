-- The review lifecycle: an open review closes (`cancelled`, with its reason) when its proposal leaves
-- review at its version; a decision's override reason gets a column of its own, for the hub only.

ALTER TABLE assignments DROP CONSTRAINT assignments_state_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_state_check
    CHECK (state IN ('assigned', 'in_progress', 'submitted', 'declined', 'cancelled'));
ALTER TABLE assignments ADD COLUMN cancelled_reason TEXT
    CHECK (cancelled_reason IN ('proposal_decided', 'proposal_withdrawn', 'revision_requested', 'new_version'));

-- Open reviews of proposals no longer under review at their version close now.
UPDATE assignments a SET
    state = 'cancelled',
    cancelled_reason = CASE
        WHEN p.state IN ('accepted', 'rejected', 'promoted') THEN 'proposal_decided'
        WHEN p.state = 'withdrawn' THEN 'proposal_withdrawn'
        WHEN p.state = 'revision_requested' THEN 'revision_requested'
        ELSE 'new_version' END
FROM proposals p
WHERE p.id = a.proposal_id AND a.state IN ('assigned', 'in_progress')
  AND (p.state <> 'under_review' OR p.version <> a.proposal_version);

ALTER TABLE proposal_history ADD COLUMN override_reason TEXT;
-- Decisions recorded before this column kept the reason in the note, after "\n\nOverride: ".
UPDATE proposal_history SET
    override_reason = btrim(substr(note, strpos(note, E'\n\nOverride:') + 11)),
    note = rtrim(substr(note, 1, strpos(note, E'\n\nOverride:') - 1))
WHERE strpos(note, E'\n\nOverride:') > 0;
