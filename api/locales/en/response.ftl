# The team's response to the reviews before the consensus and the decision: the team's panel and form, the panel's and the manager's view.

response-heading = Response to the reviews
response-opened = The reviews came in on { $when }: before the evaluators' consensus and the decision, the team may read them, anonymised, and answer once.
response-stage-running = Term for the response running
response-stage-answered = Response sent
response-stage-lapsed = Term ended without a response
response-due = Term for the response:
response-comments-only = This challenge shows the team the evaluators' comments, not their scores.
response-reviews = The reviews, anonymised
response-answer = The team's response
response-answered = Sent by { $who } on { $when }.
response-none = The team did not answer.
response-label = Your response
response-hint = It is sent once, within the term. The evaluators read it before the consensus; the decision waits for it or for the term to end.
response-send = Send the response
response-refused-response-sent = The response was already sent: it is sent once.
response-refused-response-lapsed = The term for answering the reviews has ended.
response-refused-no-response-window = The reviews of this version are not open to the team's response.
response-refused-invalid-transition = The proposal is no longer under review.
proposal-notice-responded = Response sent. The evaluators and the officer responsible for the procedure have been told.
proposal-action-response-opened = Reviews open to the team's response
proposal-action-response = The team's response to the reviews
manage-refused-response-running = The team may still answer the reviews: the decision waits for its response or for the term to end.
consensus-refused-response-running = The team may still answer the reviews: the consensus is finalised after its response or once the term ends.
# The consensus page.
consensus-refused-response-pending = The challenge lets the team answer the reviews before the consensus: the consensus is finalised once the reviews it needs are in and the team has answered, or the term has ended.
response-stage-closed = Proposal no longer under review
response-running-decide = The team may answer the reviews until { $due }: until then the decision waits.

# The challenge's form.
manage-challenge-response = Let the team answer the reviews before the decision
manage-challenge-response-hint = Once the minimum of reviews is in, the team reads them anonymised and may answer once; the evaluators read the response before the consensus, and the decision waits for it until the term ends.
manage-challenge-response-days = Term for the response (days)
manage-challenge-response-days-hint = 3 to 30 days.
manage-challenge-response-scores = Show the team the reviews' scores too
manage-challenge-response-scores-hint = If not ticked, the team reads only the evaluators' comments.
