DROP TABLE services_fts;
DROP TABLE service_history;
DROP TABLE service_tags;
DROP TABLE services;
