-- Every challenge names its responsible officer (responsabile del procedimento, L. 241/1990 art. 5),
-- a hub manager: named by a hub manager, or whoever opens the challenge. Challenges already past their
-- draft get the hub's longest-serving hub manager, whom a hub manager may replace.
ALTER TABLE challenges ADD COLUMN responsible_id TEXT REFERENCES users (id);
UPDATE challenges SET responsible_id = (
    SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE r.role = 'hub_manager' AND u.left_at IS NULL
    ORDER BY r.granted_at, u.id LIMIT 1
) WHERE state IN ('open', 'closed', 'archived');
