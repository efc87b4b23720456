# The request for review of a rejection (redress): the team's request, the other manager's handling.

redress-heading = Request for review of the decision
redress-open = The team may ask for a review of the decision, on procedural grounds, until
redress-filed = Filed by { $who } on { $when }.
redress-handled = Handled by { $who } on { $when }.
redress-state-pending = Awaiting a decision
redress-state-rejected = Not upheld: the decision stands
redress-state-upheld = Upheld: the evaluation was reopened
redress-statement = Grounds of the request
redress-outcome = Outcome and reasons
redress-statement-label = Procedural grounds of the request
redress-statement-hint = Say which rule of the procedure was not followed (for instance a review not taken into account, a term not kept). The request is filed once and handled by a manager other than the one who decided.
redress-file = Ask for a review
redress-handle = Outcome of the request
redress-uphold = Uphold and reopen the evaluation (a new version, new assignments)
redress-reject = Do not uphold: the decision stands
redress-reason-label = Reasons
redress-reason-hint = Required: the team receives them by email with the outcome.
redress-handle-submit = Record the outcome
redress-refused-redress-exists = A review of this decision was already requested.
redress-refused-redress-closed = The term for asking a review has ended.
redress-refused-not-rejected = The proposal is not rejected: there is no decision to review.
redress-refused-redress-handled = The request was already handled.
redress-refused-no-redress = There is no request for review to handle.
redress-refused-same-manager = The request is handled by a manager other than the one who took the decision.
proposal-notice-redress = Request for review sent. A manager other than the one who decided will handle it.
manage-done-redress-upheld = Request upheld: the proposal returns to review as a new version.
manage-done-redress-rejected = Request not upheld: the decision stands; the team received the reasons.
proposal-action-redress-filed = Request for review
proposal-action-redress-rejected = Request for review not upheld
proposal-action-reopen = Evaluation reopened
manage-challenge-redress-days = Term for a request for review (days)
manage-challenge-redress-days-hint = From 10 to 90 days after a rejection (30 by default).

# The desk: the procedure's steps awaiting a hub manager.
desk-awaiting = Procedures awaiting the hub
desk-awaiting-what = What awaits
desk-awaiting-since = Since
desk-redress = Request for review to handle
desk-redress-yours = Request for review of a decision of yours: another manager handles it
desk-notice-answered = Observations received: the decision may follow
desk-notice-lapsed = Term for observations ended: the decision may follow
