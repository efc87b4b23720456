## The hub managers' workspace
manage-title = Hub management
manage-lead = Where the challenges stand, the reviews overdue, the proposals to discuss and those ready for a decision.
manage-proposals-title = All proposals
manage-proposals-filter = Filter the proposals
manage-tag = Tag
manage-organization = Organisation
manage-filter-organization = Only the proposals of { $name }.
manage-filter-clear = Remove the filter
manage-authors = Authors
manage-actions = Actions
manage-no-moves = In this state the proposal needs nothing from the hub's managers.
manage-assign = Assign evaluators
manage-decide = Decide
manage-decide-on = Decide on “{ $title }”
manage-ranking-link = Ranking

## Screening and revision
manage-screen-legend = Outcome of the eligibility check
manage-screen-hint = An eligible proposal moves on to evaluation; an ineligible one is rejected and its team is emailed the reason.
manage-screen-eligible = Eligible: on to evaluation
manage-screen-ineligible = Not eligible: rejected
manage-screen-reason = Why it is not eligible
manage-screen-reason-hint = Required when the proposal is not eligible; the team reads it in the email.
manage-screen-submit = Record the outcome
manage-revision-legend = Revision request
manage-revision-note = What the team must change
manage-revision-hint = Required, at most 4,000 characters. The team is emailed it; reviews in progress are cancelled.
manage-revision-submit = Request a revision

## Assignments
manage-assignments = Assignments and reviews
manage-no-assignments = No evaluator assigned yet.
manage-evaluator = Evaluator
manage-remove = Remove { $name }
manage-review-of = Review by { $name }
manage-assign-title = Assign an evaluator
manage-assign-lead = Choose who will review “{ $title }”. Anyone with a conflict of interest cannot be chosen.
manage-assign-tags = The proposal's tags: { $tags }.
manage-no-evaluators = The hub has no evaluators yet.
manage-expertise = Expertise
manage-expertise-match = matches the proposal
manage-open-reviews = Open reviews
manage-availability = Availability
manage-pick-free = Available
manage-pick-assigned = Already assigned to this version
manage-conflict-same-organization = Conflict of interest: belongs to the proposing organisation
manage-conflict-same-tax-code = Conflict of interest: their organisation has the proposing organisation's tax code
manage-conflict-on-the-team = Conflict of interest: on the proposal's team
manage-conflict-themself = You cannot assign the review to yourself
manage-due = Review due
manage-due-hint = The review is due at 23:59 (Rome time) on the day given.
manage-assign-submit = Assign
manage-back = Back to the proposal

## Automatic assignment
manage-auto-title = Automatic assignment
manage-auto-lead = Assigns evaluators to every proposal under review of “{ $challenge }”: balanced load, matching expertise first, never a conflict of interest. You see the plan first, then decide whether to apply it.
manage-auto-per = Evaluators per proposal
manage-auto-per-hint = 1 to 10; assignments already made count.
manage-auto-preview = Show the plan
manage-auto-apply = { $count ->
    [one] Apply the plan (1 assignment)
   *[other] Apply the plan ({ $count } assignments)
}
manage-auto-plan = The plan
manage-auto-plan-note = Nothing is assigned yet and nobody has been emailed: the plan takes effect only when you apply it.
manage-auto-nothing = There are no proposals under review to assign.
manage-auto-new = New evaluators
manage-auto-unassigned = What is missing
manage-auto-short = { $missing ->
    [one] 1 evaluator missing: { $reason }
   *[other] { $missing } evaluators missing: { $reason }
}
manage-short-conflicts = the other { $count } evaluators have a conflict of interest
manage-short-load = { $count } evaluators without a conflict already have the most reviews allowed ({ $cap })
manage-short-too-few = there are not enough evaluators
manage-short-own-side = you may not assign a proposal of your own organisation
manage-auto-applied = { $count ->
    [one] Plan applied: 1 assignment made; the evaluator has been emailed.
   *[other] Plan applied: { $count } assignments made; the evaluators have been emailed.
}

## Decision
manage-decide-title = Decision on the proposal
manage-basis = What the decision rests on
manage-reviews-count = Reviews submitted for the current version: { $count } (minimum: { $min }).
manage-rules-met = The proposal has the minimum of reviews and passes every threshold.
manage-rules-unmet = To accept it you must give the reason for an override, because:
manage-short-reviews = { $count } of the { $min } required reviews are submitted
manage-short-thresholds = the scores do not pass every threshold of the challenge
manage-short-consensus = the final consensus report the challenge requires is missing: without it even a rejection needs the reason for an override
manage-consensus-link = The consensus on the proposal
manage-decision = Decision
manage-decision-accept = Accept the proposal
manage-decision-reject = Reject the proposal
manage-rationale = Rationale
manage-rationale-hint = Required: the team reads it with the reviews' feedback.
manage-override = Reason for the override
manage-override-hint = Needed only to decide despite the above. It stays in the history and the audit log; the team and the evaluators do not see it.
manage-override-required = To decide so, give the reason for the override.
manage-decide-submit = Record the decision
manage-not-under-review = The proposal is not under review: there is nothing to decide.

## Ranking
manage-ranking-title = Ranking: { $challenge }
manage-exports = Exports
manage-exports-intro = Every proposal and every review you may read, for a spreadsheet (CSV) or another system (JSON). Each export is kept in the audit log.
manage-exports-proposals = Proposals
manage-exports-reviews = Reviews
manage-exports-challenge-reviews = Download the challenge's reviews (CSV)
manage-ranking-csv = Download the ranking (CSV)
manage-ranking-empty = No proposal is under review yet.
manage-ranking-caption = Proposals under review or decided, with raw and calibrated scores
manage-sort-label = Sort the ranking
manage-sort-rank = By rank
manage-sort-calibrated = By calibrated rank
manage-sort-reviews = By number of reviews
manage-sort-title = By title
manage-sort-consensus = Those to discuss first
manage-col-rank = Rank
manage-col-calibrated-rank = Calibrated rank
manage-col-reviews = Reviews
manage-col-total = Weighted total
manage-col-calibrated = Calibrated total
manage-col-passes = Thresholds
manage-col-consensus = To discuss
manage-consensus-agreed = Agreed: { $score }
manage-consensus-yes = Yes
manage-consensus-no = No
manage-ranking-chart-heading = Pillar means against the thresholds
manage-ranking-chart-title = { $count ->
    [one] Each pillar's mean over the one proposal scored, against its threshold
   *[other] Each pillar's mean over the { $count } proposals scored, against its threshold
}
manage-leniency = Evaluators' leniency
manage-leniency-hint = How far each evaluator is on average from the other evaluators of the same proposals: a positive value means more generous scores.
manage-leniency-offset = Mean offset (points)

## Desk
manage-overdue = Reviews overdue
manage-overdue-none = No review is overdue.
manage-funnel-chart = Proposals per state: { $challenge }
manage-funnel-caption = Proposals per state: { $challenge }
manage-count = Number
manage-needs-consensus = To discuss: the evaluators are far apart
manage-ready = Ready for a decision
manage-load = Evaluators' load
manage-load-chart = Open reviews of each evaluator

## Done and refused
manage-done-eligible = The proposal is eligible and has moved on to evaluation.
manage-done-ineligible = The proposal was rejected as not eligible; its team has been emailed the reason.
manage-done-revision = Revision request sent to the team.
manage-done-assigned = Evaluator assigned and emailed.
manage-done-removed = Assignment removed.
manage-done-accepted = Proposal accepted; its team has been emailed the decision.
manage-done-rejected = Proposal rejected; its team has been emailed the decision.
manage-refused-duties = You may not do this: the proposal is your organisation's or you are on it (separation of duties), or you have an open review of this version.
manage-refused-conflict = That was not possible: the proposal changed meanwhile. Reload the page and try again.
manage-refused-invalid-transition = Not possible in this state: the proposal changed meanwhile.
manage-refused-already-assigned = This evaluator is already assigned to this version.
manage-refused-conflict-of-interest = This evaluator has a conflict of interest with the proposal.
manage-refused-not-under-review = The proposal is not under review.
manage-refused-review-submitted = The review is already submitted: the assignment can no longer be removed.
manage-refused-already-decided = The proposal has already been decided.

## Challenges
manage-challenges-title = Challenges
manage-challenge-new = New challenge
manage-challenge-new-lead = The challenge starts as a draft that only the hub's managers see: it becomes public when you open it.
manage-challenge-edit = Edit the challenge
manage-challenge-title = Challenge
manage-challenge-window-col = Submission window
manage-challenge-window = from { $opens } to { $closes }
manage-challenge-from = from { $opens }, with no deadline
manage-challenge-public = Public page
manage-challenge-open = Open
manage-challenge-close = Close
manage-challenge-archive = Archive
manage-challenge-texts = Texts
manage-challenge-field-title-it = Title in Italian
manage-challenge-field-title-en = Title in English
manage-challenge-field-slug = Page address
manage-challenge-slug-hint = 3 to 80 lowercase letters, digits and single hyphens, for example mobilita-sostenibile-lecce.
manage-challenge-field-description-it = Description in Italian
manage-challenge-field-description-en = Description in English
manage-challenge-markdown-hint = Markdown can be used: headings, lists, links.
manage-challenge-optional = Optional.
manage-challenge-tags-hint = Separated by commas, for example mobilita, smart-city.
manage-challenge-sponsor-window = Sponsoring administration and window
manage-challenge-field-sponsor = Sponsoring administration
manage-challenge-field-responsible = Officer responsible for the procedure
manage-challenge-responsible-hint = The hub manager answerable for this challenge's procedure (Law 241/1990, art. 5): their name appears on the challenge's public page and in what applicants are sent.
manage-challenge-responsible-opener = Whoever opens the challenge
manage-challenge-choose = Choose…
manage-challenge-field-opens = Submissions open
manage-challenge-field-closes = Submissions close
manage-challenge-closes-hint = Proposals are accepted until 23:59 (Rome time) on the day given. Left empty, the challenge has no deadline.
manage-challenge-rubric = Evaluation settings
manage-challenge-rubric-hint = Each pillar's weight (the four add up to 100) and the minimum its mean must reach, 0 to 5 in half points.
manage-challenge-frozen = The settings are frozen: a review of a proposal of this challenge has already been submitted.
manage-challenge-weight = Weight (%)
manage-challenge-threshold = Threshold
manage-challenge-weight-of = Weight of { $pillar }
manage-challenge-threshold-of = Threshold of { $pillar }
manage-challenge-sum = Sum of the weights:
manage-challenge-overall = Threshold of the weighted total
manage-challenge-overall-hint = 0 to 5, in half points.
manage-challenge-min-reviews = Reviews needed to decide
manage-challenge-consensus = Consensus report before the decision
manage-challenge-consensus-hint = When a proposal's reviews must be reconciled by a rapporteur before the hub decides: without the final report, deciding needs the reason for an override.
manage-challenge-min-reviews-hint = 1 to 20.
manage-challenge-procedure = Procedure
manage-challenge-opinions = Ask the sponsoring administrations for their opinion
manage-challenge-opinions-hint = The administrations that sponsor or back the challenge read the proposals admitted to evaluation and give a non-binding opinion, which the hub's managers see before deciding. Evaluators and proposers do not see it.
manage-challenge-save = Save the changes
manage-challenge-create = Create the draft
manage-challenge-cancel = Cancel
manage-challenge-stale = Someone else saved the challenge meanwhile
manage-challenge-stale-help = Nothing was saved. Below is the saved version; the form still holds what you wrote: check it and save again.
manage-challenge-done-created = Draft challenge created.
manage-challenge-done-saved = Changes saved.
manage-challenge-done-open = Challenge opened: it is now public.
manage-challenge-done-close = Challenge closed: it accepts no more proposals.
manage-challenge-done-archive = Challenge archived.

## The challenge form's annexes: the files a challenge asks proposals for.
manage-annex-heading = Annexes requested
manage-annex-hint = The files you ask proposers for, one per row: for example a technical plan as a PDF or a quote as a spreadsheet. A row left empty does not count; to remove an annex, empty every field of its row and untick its boxes. If you need more rows, save: the form then shows new blank ones, up to 10 annexes.
manage-annex-row = Annex { $n }
manage-annex-key = Code
manage-annex-key-hint = The annex's technical name, used by the API: 1 to 40 lowercase letters, digits and hyphens, no spaces, for example technical-plan.
manage-annex-name = Name
manage-annex-name-hint = As proposers read it, for example Technical plan.
manage-annex-required = Required: a proposal cannot be submitted without this annex
manage-annex-types = Accepted formats
manage-annex-type-pdf = PDF
manage-annex-type-odt = OpenDocument text (.odt)
manage-annex-type-ods = OpenDocument spreadsheet (.ods)
manage-annex-type-odp = OpenDocument presentation (.odp)
manage-annex-type-docx = Word (.docx)
manage-annex-type-xlsx = Excel (.xlsx)
manage-annex-type-pptx = PowerPoint (.pptx)
manage-annex-type-png = PNG image
manage-annex-type-jpeg = JPEG image
manage-annex-max-mb = Maximum size of each file (MB)
manage-annex-max-mb-hint = Up to 100 MB, decimals allowed (for example 2.5). Left empty: 20 MB.
manage-annex-max-count = Maximum number of files
manage-annex-max-count-hint = 1 to 10. Left empty: 1.
manage-annex-max-pages = Maximum number of pages of a PDF
manage-annex-max-pages-hint = 1 to 2000, only if PDF is among the formats. Left empty: no limit.
manage-annex-error-key = The code may hold only lowercase letters, digits and hyphens (1 to 40, no spaces, not starting with a hyphen), for example technical-plan.
manage-annex-error-duplicate = Another annex already has this code: choose a different one.
manage-annex-error-types = Choose at least one of the formats offered.
manage-annex-error-max-mb = Write a number of MB above zero and at most 100, for example 5 or 2.5.
manage-annex-error-max-count = Write a number of files from 1 to 10.
manage-annex-error-max-pages = Write a number of pages from 1 to 2000, or leave the field empty.
manage-annex-error-not-pdf = A page limit applies only to PDFs: tick the PDF format or leave the field empty.

manage-open-in-desk = Open in hub management
manage-evaluators-title = Evaluators
manage-evaluators-lead = Who can evaluate proposals: the expertise each declares and the reviews each has open. Automatic assignment matches the expertise with the proposals' tags.
manage-evaluators-search = Search the evaluators
manage-evaluators-expertise = Expertise
manage-evaluators-open = Open reviews
manage-evaluators-none = No evaluator matches the search.
manage-needs-link = Needs to examine
manage-organizations-lead = The organisations registered on the hub, with their ids: the ones that assigning evaluators and sponsoring challenges ask for through the API.
manage-organization-id = Id
expertise-title = Expertise vocabulary
expertise-lead = The expertise evaluators may declare. Automatic assignment matches it with proposals' tags, so it pays to use the same words: one tag per topic, in lowercase.
expertise-terms = Terms of the vocabulary
expertise-none = The vocabulary is empty.
expertise-tag = Tag
expertise-tag-hint = Lowercase letters, digits and hyphens, at most 40 characters, like proposals' tags (for example open-data). If the tag exists, its descriptions change.
expertise-label-it = Description in Italian
expertise-label-en = Description in English
expertise-label-en-optional = Description in English (optional)
expertise-evaluators = Evaluators
expertise-retire-column = Retirement
expertise-retire = Retire { $tag }
expertise-retire-warning = { $tag } will leave the vocabulary and the expertise of { $count ->
    [0] every evaluator (none declares it now).
    [one] the one evaluator who declares it.
   *[other] the { $count } evaluators who declare it.
}
expertise-retire-confirm = Confirm: retire { $tag }
expertise-form-heading = Adding or describing a term
expertise-form-intro = A new tag joins the vocabulary; an existing one takes the new descriptions.
expertise-save = Save the term
expertise-done-saved = Term { $tag } saved.
expertise-done-retired = Term { $tag } retired from the vocabulary and from the evaluators' expertise.
manage-col-portfolio = Portfolio
manage-portfolio-heading = Proposed portfolio within the budget
manage-portfolio-hint = Of the proposals under review that have the reviews required and pass every threshold, the Innovation Hub proposes the set that fits what is left of the budget and reaches the highest total score; between equal scores, the better-ranked proposal goes first. The decisions remain the managers': each decision's history records whether it follows the proposed portfolio.
manage-portfolio-figure-budget = The challenge's budget
manage-portfolio-figure-committed = Committed (accepted proposals)
manage-portfolio-figure-proposed = Proposals in the portfolio
manage-portfolio-figure-remaining = Left
manage-portfolio-figure-score = Total score (sum of the weighted scores)
manage-portfolio-not-exact = The search stopped at its limit: this is the best portfolio found, but it is not proved the best possible.
manage-portfolio-selected = Proposed for funding
manage-portfolio-committed = Accepted already
manage-portfolio-rejected = Rejected
manage-portfolio-reviews-missing = Reviews incomplete
manage-portfolio-below-threshold = Below threshold
manage-portfolio-over-budget = Asks for more than is left
manage-portfolio-outscored = Out: the proposals selected are worth more together
manage-challenge-field-budget = Overall budget (optional)
manage-challenge-budget-hint = In euro, for example 500,000.00: what the challenge can fund in all. With a budget, the ranking proposes the best portfolio that fits.
manage-portfolio-decide = In the portfolio the Innovation Hub proposes within the budget, this proposal is:
manage-portfolio-see = See the portfolio beside the ranking

## Funnel analytics: /manage/analytics.
analytics-title = How proposals progress
analytics-link = How proposals progress
analytics-all = Every challenge.
analytics-of = Challenge: { $challenge }.
analytics-every-challenge = Every challenge
analytics-show = Show
analytics-states = Proposals per state
analytics-states-chart = Proposals per state, today
analytics-stages = Time in each stage
analytics-stages-intro = How many days proposals stayed in each state before leaving it: the median and the 90th percentile. Proposals still in a state are not counted.
analytics-stays = Proposals
analytics-median = Median (days)
analytics-p90 = 90th percentile (days)
analytics-kinds = Outcome by kind of organisation
analytics-kind = Kind of organisation
analytics-submitted = Submitted
analytics-decided = Decided after review
analytics-accepted = Accepted
analytics-rate = Acceptance rate
analytics-reviews = Timeliness of reviews
analytics-reviews-submitted = Reviews submitted
analytics-reviews-on-time = Of which by the due date
analytics-reviews-overdue = Reviews open past their due date
analytics-reviews-late = Median lateness against the due date (days; negative when early)
analytics-none = No data yet.
