DROP TABLE review_ratings;
