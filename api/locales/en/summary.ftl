# The evaluation summary (access to the records, L. 241/1990 art. 22): /proposals/{id}/summary.
summary-title = Evaluation summary report
summary-intro = The record of how the proposal was evaluated, which the applicant team may read, print and keep once the hub has decided (access to the records, art. 22 of Law 241/1990). The reviews are anonymous and leave out the notes meant for the hub only.
summary-link = Evaluation summary report, to print or download
summary-download-json = Download as JSON
summary-print = Print
summary-identity = The proposal
summary-proposal = Proposal
summary-organization = Applicant organisation
summary-challenge = Challenge
summary-version = Version
summary-submitted-on = submitted on { $date }
summary-decision = The decision
summary-decided-by = decided by { $name }
summary-override = Why the decision departed from the rules:
summary-scores = Scores and the challenge's rules
summary-rules = { $n ->
    [one] To accept a proposal the challenge needs at least one review.
   *[other] To accept a proposal the challenge needs at least { $n } reviews.
}
summary-consensus-when-needed = A consensus report is needed when a pillar's scores are 2 points or more apart.
summary-consensus-always = A consensus report is always needed before the decision.
summary-no-scores = No review scored every pillar: the decision did not rest on scores.
summary-basis-consensus = The decision rested on the scores agreed in the consensus report; beside each, the mean of the individual reviews.
summary-basis-reviews = The decision rested on the mean of the submitted reviews.
summary-scores-caption = Scores per pillar, with the challenge's thresholds and weights
summary-score = Score of the decision
summary-reviews-mean = Mean of the reviews
summary-consensus = The consensus report
summary-consensus-finalised = Report finalised on { $date }. For each pillar, the agreed score and why.
summary-positions = The evaluators' positions on the final text
summary-stance-concur = concurs
summary-stance-dissent = dissents
summary-review-submitted = Submitted on { $date }
summary-timeline = The steps of the procedure
summary-timeline-caption = The steps of the procedure, in order of time
summary-generated = Drawn up on { $date }.
proposal-action-review-submitted = Review submitted
proposal-action-consensus-finalised = Consensus report finalised
