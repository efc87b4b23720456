-- A member leaves their organisation, or its owner (or an admin) removes them: the account is closed
-- (no role, no session, no token; logging in is refused) and keeps what it wrote, attributed as before.
-- An invitation to the same address reopens it in the inviting organisation.
ALTER TABLE users ADD COLUMN left_at TIMESTAMP;
