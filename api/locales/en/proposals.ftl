# The proposers' pages: their organisation's proposals, the form, submission, history, revision, withdrawal, feedback.

# List.
proposals-title = Proposals
proposals-lead = Your organisation's proposals, grouped by state.
proposals-new = New proposal
proposals-filter-label = Filter by state
proposals-all = All
proposals-none = There are no proposals to show.
proposals-next-page = More proposals

# States.
proposal-state-draft = Draft
proposal-state-submitted = Submitted
proposal-state-under-review = Under review
proposal-state-revision-requested = Revision requested
proposal-state-accepted = Accepted
proposal-state-rejected = Rejected
proposal-state-withdrawn = Withdrawn
proposal-state-promoted = In the catalogue

# The proposal's page.
proposal-state = State
proposal-version = Version
proposal-version-n = Version { $version }
proposal-version-submitted = submitted on { $date }
proposal-created = Created on
proposal-updated = Last changed
proposal-submitted = Submitted on
proposal-content = The proposal
proposal-not-given = Not given
proposal-no-team = No co-authors named
proposal-euro = € { $amount }
proposal-actions = Actions
proposal-back = Back to the proposal
proposal-edit = Edit
proposal-submit = Submit the proposal
proposal-resubmit = Resubmit the proposal
proposal-withdraw = Withdraw the proposal
proposal-history = History and versions
proposal-feedback = Evaluation feedback
proposal-revision-heading = Revision requested by the hub
proposal-revision-help = Edit the proposal with the note in mind and resubmit it: it will be evaluated as a new version.
proposal-notice-created = Draft saved. You can complete it and submit it when it is ready.
proposal-notice-saved = Changes saved.
proposal-notice-submitted = Proposal submitted. The team will receive a confirmation by email.
proposal-notice-resubmitted = Proposal resubmitted as a new version.
proposal-notice-withdrawn = Proposal withdrawn.
proposal-submit-missing = The proposal cannot be submitted yet: complete the following fields.
proposal-submit-unverified = Before submitting a proposal you need to confirm your email address, with the link we sent you.
proposal-submit-closed = The challenge does not accept proposals at the moment.

# History.
proposal-history-of = History of “{ $title }”
proposal-history-when = When
proposal-history-what = What
proposal-history-who = Who
proposal-history-note = Note
proposal-history-someone = Deleted account
proposal-versions = Submitted versions
proposal-versions-none = The proposal has not been submitted yet.
proposal-action-create = Created
proposal-action-edit = Edited
proposal-action-submit = Submitted
proposal-action-screen-eligible = Admitted to evaluation
proposal-action-screen-ineligible = Found ineligible
proposal-action-request-revision = Revision requested
proposal-action-resubmit = Resubmitted
proposal-action-decide-accept = Accepted
proposal-action-decide-reject = Rejected
proposal-action-withdraw = Withdrawn
proposal-action-promote = Added to the catalogue
proposal-action-reviews-cancelled = Open reviews cancelled

# The form.
proposal-new-title = New proposal
proposal-edit-title = Edit the proposal
proposal-form-intro = You can save the draft at any time: submitting needs every field except the budget.
proposal-field-challenge = Challenge
proposal-field-title = Title
proposal-field-summary = Summary
proposal-field-description = Description
proposal-field-team = Team
proposal-field-trl = Technology readiness level (TRL)
proposal-field-budget = Requested budget
proposal-field-tags = Tags
proposal-field-self-assessment-of = Self-assessment: { $pillar }
proposal-field-reuse-assessment = How it differs from the catalogue's services
proposal-choose-challenge = Choose an open challenge
proposal-choose-trl = Choose a level
proposal-hint-title = 5 to 200 characters.
proposal-hint-summary = At most 500 characters.
proposal-hint-description = You can use Markdown: # for headings, *italics*, **bold**, lists with -, links [text](https://…).
proposal-hint-team = The colleagues of your organisation who sign the proposal with you.
proposal-no-colleagues = No other colleague of your organisation is registered.
proposal-hint-trl = From 1 (basic principles observed) to 9 (system proven in an operational environment).
proposal-hint-budget = In euro, for example 25,000.00.
proposal-hint-tags = Separated by commas, for example: cloud, security.
proposal-self-assessment = Self-assessment on the four pillars
proposal-hint-self-assessment = For each pillar, describe how the proposal meets its criteria, shown beside it.
proposal-pillar-levels = The score levels, 0 to 5
proposal-save-draft = Save the draft
proposal-conflict-heading = Someone else changed the proposal
proposal-conflict-text = While you were writing, a colleague saved another version. Your changes have not been saved: compare the two versions, bring what you want to keep into the form and save again.
proposal-conflict-theirs = The version saved meanwhile
proposal-conflict-yours = Your changes (not saved yet)


# Withdrawal.
proposal-withdraw-title = Withdraw the proposal
proposal-withdraw-heading = Withdraw “{ $title }”?
proposal-withdraw-warning = Withdrawing is final: the proposal can no longer be edited or evaluated, and open reviews are cancelled.
proposal-withdraw-note = Why you withdraw it (optional)
proposal-withdraw-note-hint = Kept in the proposal's history.
proposal-withdraw-confirm = Yes, withdraw the proposal
proposal-withdraw-cancel = No, back to the proposal

# Feedback.
proposal-feedback-of = Evaluation feedback on “{ $title }”
proposal-feedback-accepted = The proposal was accepted
proposal-feedback-rejected = The proposal was not accepted
proposal-feedback-decided = Decided on { $date }
proposal-feedback-rationale = Rationale:
proposal-feedback-scores = Scores by pillar
proposal-feedback-chart-title = Mean score by pillar, against the challenge's thresholds
proposal-feedback-chart-desc = { $pillar }: mean { $score }, threshold { $threshold }.
proposal-feedback-chart-caption = Each bar is the mean score (0 to 5); the dashed line is the challenge's threshold. The table gives the same figures.
proposal-feedback-table-caption = Means, thresholds and weights by pillar
proposal-feedback-pillar = Pillar
proposal-feedback-mean = Mean
proposal-feedback-threshold = Threshold
proposal-feedback-weight = Weight
proposal-feedback-result = Result
proposal-feedback-passes = Threshold reached
proposal-feedback-fails = Below the threshold
proposal-feedback-total = Weighted total
proposal-feedback-reviews = The reviews
proposal-feedback-no-reviews = No review was submitted.
proposal-feedback-evaluator = Evaluator { $n }
proposal-feedback-overall = Overall comment:
proposal-feedback-agreed = The scores below are those the evaluators agreed in their consensus report, on which the decision rested; the individual reviews follow as they were written.
proposal-feedback-consensus-comment = The evaluators' comment to the team:
