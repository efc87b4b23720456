DROP TABLE community_messages;
DROP TABLE adoptions;
