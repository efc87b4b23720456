# The frame of every page.
site-name = Innovation Hub
site-owner = National Strategic Hub (PSN)
site-tagline = The open-innovation platform of Italy's national cloud
skip-to-content = Skip to main content
nav-label = Main menu
nav-home = Home
nav-needs = Needs
nav-challenges = Challenges
nav-catalogue = Service catalogue
nav-pillars = The four pillars
nav-proposals = My proposals
nav-reviews = My reviews
nav-administration = My administration's challenges
nav-manage = Hub management
nav-editor = Catalogue desk
nav-admin = Administration
nav-account = My account
nav-login = Log in
nav-logout = Log out
nav-register = Register
signed-in-as = Logged in as { $name }
footer-accessibility = Accessibility statement
footer-privacy = Privacy notice
footer-terms = Terms of use
footer-api = API documentation
footer-problems = API error codes
form-error-heading = There is a problem
field-email = Email address
field-current-password = Current password
field-new-password = New password
field-password = Password

# Error pages.
error-status = HTTP error code: { $status }
error-request-id = If the problem persists, quote this request id to the operators:
error-home = Back to the home page
error-400-title = Bad request
error-400-text = The request could not be read. Go back to the previous page, reload it and try again.
error-403-title = Not allowed
error-403-text = Your account may not open this page or do this. If your administration awaits verification, the functions for administrations start once a hub administrator has verified it.
error-403-csrf-title = Form expired
error-403-csrf-text = The form sent had expired or was not recognised, and nothing was saved. Reload the page and try again.
error-404-title = Page not found
error-404-text = The page you asked for does not exist, has moved, or is not visible to your account.
error-409-title = Not possible right now
error-409-text = The resource has changed in the meantime or its state does not allow this. Reload the page to see where things stand.
error-413-title = Too large
error-413-text = What you sent is larger than the limit. Make it smaller and try again.
error-422-title = Invalid data
error-422-text = Some of the data you sent is not valid. Go back to the previous page and correct it.
error-429-title = Too many requests
error-429-text = Too many requests arrived in a short time. Wait a few minutes and try again.
error-500-title = Something went wrong
error-500-text = An unexpected error occurred. Try again in a few minutes.
error-503-title = Service temporarily unavailable
error-503-text = The service is temporarily unavailable. Try again in a few minutes.

# Log in.
login-title = Log in
login-submit = Log in
login-forgot = Forgotten your password?
login-no-account = No account yet? Register
login-refused = Wrong email address or password.
login-closed = This account left its organisation and is closed. If an organisation invites you, accepting the invitation with this address reopens it.
login-too-many = Too many login attempts. Try again in { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}.

# Home page.
home-title = Home
home-heading = Open innovation for the public administration
home-lead = Public administrations state their needs and sponsor challenges; startups, universities, research centres and companies submit proposals; independent evaluators assess them against four pillars. Accepted proposals become services in the catalogue of Italy's national strategic cloud, which any administration can adopt and reuse.
home-cta-challenges = See the open challenges
home-cta-catalogue = Search the catalogue
home-pillars = The four pillars of evaluation
home-pillars-more = How each pillar is assessed
home-open-challenges = Open challenges
home-no-challenges = There are no open challenges at the moment.
home-all-challenges = All challenges
home-newest-services = Newest services in the catalogue
home-no-services = The catalogue has no published services yet.
home-all-services = The whole catalogue
home-logged-out = You have logged out of the Innovation Hub.
home-left = You have left the organisation: your account is closed and we have sent you a confirming email.
home-erased = Your account has been erased. Thank you for taking part in the Innovation Hub.
figures-heading = The Innovation Hub in figures
figures-open-challenges = Open challenges
figures-public-services = Services in the catalogue
figures-submitted-proposals = Proposals submitted
figures-organizations = Registered organisations
challenge-closes = Proposals until { $date }
challenge-always-open = Proposals always open

# Accessibility statement.
a11y-title = Accessibility statement
a11y-intro = The National Strategic Hub is committed to making the Innovation Hub accessible, in accordance with Italian Law no. 4 of 9 January 2004 and Directive (EU) 2016/2102. This statement applies to the Innovation Hub's web pages.
a11y-status-heading = Compliance status
a11y-status = The pages are designed to comply with the requirements of standard EN 301 549 and with the Web Content Accessibility Guidelines (WCAG) 2.1, level AA.
a11y-how-heading = How it was checked
a11y-how-semantic = The pages use semantic HTML: headings in order, labels tied to their fields, tables with headers.
a11y-how-keyboard = Everything can be done with the keyboard alone, with the focus always visible.
a11y-how-contrast = Colours and text meet the required contrast ratios.
a11y-how-nojs = Every page works with JavaScript turned off.
a11y-how-tested = On every change, a real browser checks the pages with the automated tool axe-core and goes through the main forms with the keyboard alone.
a11y-limits-heading = Content that is not accessible
a11y-limits = No content is known not to be accessible. Text written by users (descriptions of proposals and services) is the responsibility of its authors.
a11y-feedback-heading = Feedback
a11y-feedback = To report an accessibility problem or ask for content in an accessible format, write to:
a11y-enforcement-heading = Enforcement procedure
a11y-enforcement = If the answer is unsatisfactory or none arrives within thirty days, you may turn to the Digital Ombudsman at the Agency for Digital Italy (AgID), as article 3-quinquies of Law no. 4/2004 provides.

# Privacy notice.
privacy-title = Privacy notice
privacy-intro = This notice describes, under article 13 of Regulation (EU) 2016/679 (GDPR), how the Innovation Hub processes the personal data of the people who use it.
privacy-data-heading = The data we process
privacy-data-account = Account data: name, email address, language, organisation and roles.
privacy-data-proposals = The content of proposals and the names of the team members their authors give.
privacy-data-reviews = Evaluators' reviews, shown to proposers only anonymised.
privacy-data-logs = Technical and audit logs of operations, needed for the security of the service.
privacy-purpose-heading = Purpose and legal basis
privacy-purpose = The data serve to run the challenges, proposals, evaluations and the service catalogue, in the performance of tasks in the public interest (GDPR art. 6(1)(e)).
privacy-cookies-heading = Cookies
privacy-cookies = The pages use technical cookies only: the session of whoever logged in, a code that protects forms from posts by other sites, and the chosen language. There are no profiling or third-party cookies, and the pages load nothing from other sites.
privacy-retention-heading = Retention
privacy-retention = Account data are kept as long as the account exists. Audit logs are kept for as long as the law requires, with no personal data beyond the user's identifier.
privacy-rights-heading = Your rights
privacy-rights = You can access and download your data, correct it and ask for its erasure from your account page. You may also lodge a complaint with the Italian Data Protection Authority (Garante per la protezione dei dati personali).
privacy-contact = For any request about the processing of your data, write to:

# Terms of use.
terms-title = Terms of use
terms-intro = The Innovation Hub is the open-innovation platform of Italy's national strategic cloud (PSN). Using its pages or its API means accepting these terms.
terms-personal = Every account is personal. Credentials and personal access tokens are not to be shared; a token can be revoked at any time from your account page.
terms-limits = The API enforces rate limits: beyond them it answers 429 with a Retry-After header saying when to try again.
terms-proposals = Proposals remain their authors'. Accepted services are published in the catalogue with the licence and the publiccode.yml metadata that support their reuse (CAD, art. 68 and 69).
terms-data = Personal data are processed under Regulation (EU) 2016/679: anyone can download theirs and ask for its erasure from their account page or through the API.
terms-licence = The Innovation Hub's code is licensed under the EUPL-1.2.
