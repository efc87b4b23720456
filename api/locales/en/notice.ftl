# The notice of the grounds before a refusal (L. 241/1990 art. 10-bis): the team's panel and form, the manager's.

notice-heading = Notice of the grounds against acceptance (art. 10-bis, Law 241/1990)
notice-notified = Given by { $who } on { $when }.
notice-stage-running = Term for observations running
notice-stage-answered = Observations sent
notice-stage-lapsed = Term ended without observations
notice-grounds = Grounds against accepting the proposal
notice-due = Term for observations:
notice-observations = The team's observations
notice-observed = Sent by { $who } on { $when }.
notice-reply = Why the observations were not accepted
notice-observations-label = Your observations
notice-observations-hint = They are sent once, within the term. If the decision is a rejection, its rationale must say why the observations are not accepted.
notice-observations-send = Send the observations
notice-refused-observations-sent = The observations were already sent: they are sent once.
notice-refused-notice-lapsed = The term for observations has ended.
notice-refused-no-notice = No grounds were notified on this version of the proposal.
notice-refused-invalid-transition = The proposal no longer awaits a decision.
proposal-notice-observed = Observations sent. The officer responsible for the procedure has been told.
proposal-action-notice-of-grounds = Notice of the grounds
proposal-action-observations = The team's observations

# The manager's side, on the decision's page.
notice-give-heading = Before a rejection: the grounds
notice-give-required = Before this challenge's proposals are rejected, their team receives the grounds against accepting them and may send observations within { $days } days.
notice-give-optional = This challenge does not require notice of the grounds before a rejection (it is a comparative procedure), but you may still give it: the rejection will then wait for the observations or for the { $days }-day term to end.
notice-grounds-label = Grounds against accepting the proposal
notice-grounds-hint = The team receives them by email and on the proposal's page. A rejection must rest on these grounds.
notice-give-submit = Send the grounds to the team
notice-running-decide = The team may send observations until { $due }: until then the proposal may be accepted but not rejected.
notice-reply-label = Why the observations are not accepted
notice-reply-hint = Required to reject the proposal (art. 10-bis): the team reads it with the decision.
manage-done-notified = Grounds sent to the team.
manage-refused-notice-required = Before rejecting the proposal, send the team the grounds (art. 10-bis): use the form below.
manage-refused-notice-running = The team's term for observations is still running: the rejection must wait for the observations or for the term to end.
manage-refused-notice-exists = The grounds were already notified for this version of the proposal.

# The challenge's form.
manage-challenge-notice = Give notice of the grounds before a rejection (art. 10-bis, Law 241/1990)
manage-challenge-notice-hint = Before a reviewed proposal is rejected, its team receives the grounds and may send observations. The article does not apply to comparative procedures: for challenges it is optional; the open call has it on.
manage-challenge-notice-days = Term for observations (days)
manage-challenge-notice-days-hint = From 10 (the law's term) to 60 days.
