# Review quality: ratings of a review, the hub's flags, an evaluator's record.

rating-label-helpful = Helpful
rating-label-too-short = Too short
rating-label-vague = Vague
rating-label-narrow = Narrow
rating-label-inconsistent = Scores and comments inconsistent
rating-label-disrespectful = Disrespectful
rating-flag-short = Far shorter than the challenge's norm
rating-flag-far-from-consensus = Far from the consensus
rating-flag-recommendation-at-odds = Recommendation at odds with its scores
rating-by = { $who }, { $when }
rating-flags = Flagged by the hub:
rating-heading = Ratings of the review
rating-legend = Your rating of the review
rating-note = Note to the evaluator (optional)
rating-note-hint = The evaluator reads the rating and the note without knowing who gave them.
rating-submit = Save the rating
rating-refused-not-submitted = Only a submitted review is rated.
field-error-contradictory = A helpful review does not also have faults: choose labels that agree.
field-error-unknown-label = Not one of the labels.
manage-done-rated = Rating saved: the evaluator has been told.
review-ratings-heading = Ratings of this review
review-ratings-hint = Given by the hub's managers or the consensus rapporteur; who gave them is not shown.

# An evaluator's record.
quality-title = Review quality of { $name }
quality-lead = A summary of the reviews submitted: timeliness, ratings received, the hub's flags, leniency against the other evaluators and distance from the consensus. Automatic assignment may use it to choose between equivalent candidates.
quality-submitted = Reviews submitted
quality-on-time = Submitted by the due date
quality-labels = Ratings received
quality-flags = Flagged by the hub
quality-leniency = Leniency (points against the other evaluators)
quality-distance = Mean distance from the consensus (points per pillar)
quality-merit = Quality index
quality-none = —
quality-count = Count
quality-what = Label

# Automatic assignment.
manage-auto-quality = Between candidates equal in expertise and load, prefer the better review record
manage-auto-quality-hint = Timeliness, ratings received and the hub's flags: see each evaluator's page in the evaluators' directory.
