# The reuse check (CAD art. 68) and the similar proposals at screening.
similarity-figure = { $percent }% similar
similar-services-heading = Before you submit: similar services already in the catalogue
similar-services-lead = The Italian Digital Administration Code (art. 68) asks that existing solutions be considered for reuse first. These catalogue services resemble your proposal: if one already meets the need, adopting it is the better course; otherwise, explain in the description how your proposal differs.
similar-services-none = No catalogue service resembles your proposal.
similar-proposals-heading = Similar proposals from other organisations
similar-proposals-lead = Proposals submitted before this one or alongside it, in any challenge, the most similar first: check whether they are duplicates or proposals to compare.
similar-proposals-none = No proposal from another organisation resembles this one.
similar-title = Proposal
similar-organization = Organisation
similar-challenge = Challenge
similar-state = State
similar-figure = Similarity
