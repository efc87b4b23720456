-- The reuse check's answer (CAD art. 68): how a proposal differs from the catalogue services most like
-- it, written by its team and kept with every submitted version (in the version's snapshot).
ALTER TABLE proposals ADD COLUMN reuse_assessment TEXT;
