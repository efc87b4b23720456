DROP TABLE expertise_terms;
