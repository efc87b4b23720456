DROP TABLE review_responses;
ALTER TABLE challenges DROP COLUMN response_scores;
ALTER TABLE challenges DROP COLUMN response_days;
ALTER TABLE challenges DROP COLUMN response_allowed;
