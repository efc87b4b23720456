# The public pages to browse: challenges, the four pillars, the catalogue and its services.
search-words = Words to search for
search-submit = Search
search-results = Results
filter-any = Any
page-next = Next page
pillar = Pillar

# Challenges.
challenges-title = Challenges
challenges-lead = Challenges gather the needs of public administrations. Each one says who sponsors it, until when proposals can be submitted and how they will be assessed.
challenges-search-label = Search the challenges
challenges-state-filter = State
challenges-none = No challenge matches the search.
challenge-state-draft = In preparation
challenge-state-in_review = Awaiting the hub
challenge-state-open = Open
challenge-state-closed = Closed
challenge-state-archived = Archived
challenge-sponsor = Sponsoring administration
challenge-co-sponsors = Co-sponsors
challenge-responsible = Officer responsible for the procedure
challenge-state = State
challenge-opens = Opens
challenge-closes-at = Deadline for proposals
challenge-no-deadline = No deadline
challenge-description = Description
challenge-tags = Topics
challenge-evaluation = How proposals will be assessed
challenge-evaluation-lead = Independent evaluators score every proposal from 0 to 5 on each pillar. The table gives each pillar's weight and the minimum score it must reach.
challenge-weight = Weight
challenge-threshold = Minimum score
challenge-overall = The weighted overall score must reach at least { $score }.
challenge-min-reviews = A decision needs at least { $count } { $count ->
    [one] review
   *[other] reviews
}.
challenge-opinions = The administrations behind this challenge read the proposals admitted to evaluation and give a non-binding opinion, which the hub considers before deciding.
challenge-take-part = How to take part
challenge-take-part-signed-in = You can submit a proposal to this challenge on behalf of your organisation.
challenge-take-part-anonymous = To submit a proposal, register your organisation or log in with your account.
challenge-new-proposal = Submit a proposal
challenge-not-open = This challenge does not accept proposals at the moment.

# The four pillars.
pillars-title = The four pillars
pillars-lead = Every proposal is assessed against four pillars, with a score from 0 to 5 (half points allowed). What each level of the scale means is given below. Version of the rubric: { $version }.
pillars-scale-of = Assessment scale: { $name }
pillars-score = Score
pillars-meaning = Meaning

# The catalogue.
catalogue-title = Service catalogue
catalogue-lead = The services born of accepted proposals, published in the catalogue of Italy's national strategic cloud so that any administration can adopt and reuse them (Italian Digital Administration Code, art. 68 and 69).
catalogue-search-label = Search the catalogue
catalogue-model = Service model
catalogue-pillar = Pillar of the score
catalogue-pillar-mean = Mean of the four pillars
catalogue-min-score = Minimum score
catalogue-sort = Sort by
catalogue-sort-name = Name
catalogue-sort-newest = Newest
catalogue-sort-score = Score
catalogue-none = No service matches the search.
development-status-concept = Concept
development-status-development = In development
development-status-beta = Beta
development-status-stable = Stable
development-status-obsolete = Obsolete
service-deprecated = Deprecated service
service-successor = It is replaced by:
service-provider = Provider
service-licence = Licence
service-version = Version
service-status = Maturity
service-description = Description
service-features = Features
service-scores = Scores at assessment
service-scores-lead = The mean scores the proposal this service comes from obtained on each pillar, on a scale from 0 to 5.
service-scores-chart-title = Scores per pillar of { $name }
service-score = Score (0–5)
service-reuse = Reuse
service-publiccode = Download the publiccode.yml file
service-repository = Source code
service-landing = Service website
service-platforms = Platforms:
service-contacts = Contacts
provider-lead = The services this organisation offers in the catalogue of the Polo Strategico Nazionale.
