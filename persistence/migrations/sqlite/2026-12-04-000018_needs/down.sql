DROP TABLE challenge_sponsors;
DROP TABLE need_events;
DROP TABLE need_cosignatures;
DROP TABLE needs;
