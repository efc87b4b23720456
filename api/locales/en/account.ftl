# The account pages: register, verify, passwords, invitations, profile, personal data, tokens.


# Register.
register-title = Register your organisation
register-intro = Create your organisation's account: you become its owner and can submit proposals and invite colleagues. To join an organisation already registered, you need an invitation from one of its members.
register-organization = The organisation
register-org-name = Name
register-kind = Kind of organisation
org-kind-startup = Startup
org-kind-university = University
org-kind-research-centre = Research centre
org-kind-company = Company
org-kind-public-administration = Public administration
register-tax-code = Tax code or VAT number
register-tax-code-hint = 11 digits.
register-ipa-code = IPA code
register-ipa-code-hint = Required of public administrations, and only of them: the body's code in the Index of Public Administrations (for example c_h501). A hub admin verifies the administration before it can sponsor challenges.
register-person = The person registering
register-display-name = Full name
register-password-hint = 12 to 128 characters. A phrase of several words is easy to remember and hard to guess.
register-locale = Language of emails and pages
register-submit = Register
register-have-account = Already have an account? Log in
register-sent-title = Check your inbox
register-sent-text = If the address given can be registered, an email with a link to confirm it will arrive shortly. The link is valid for 48 hours. If the address already has an account, the email explains how to log in.
register-sent-login = Go to the log-in page

# Verify the address.
verify-title = Confirm your email address
verify-text = To complete your registration, confirm that this email address is yours.
verify-submit = Confirm the address
verify-done-title = Address confirmed
verify-done-text = Thank you: your email address is confirmed. You can now log in and submit proposals.
verify-done-login = Log in
verify-failed-title = Link not valid
verify-failed-text = The link is not valid: it has already been used or it has expired (it is valid for 48 hours). Log in and ask for a new link from your account page.

# Forgotten password.
forgot-title = Reset your password
forgot-intro = Enter your account's email address: we will send you a link to choose a new password. The link is valid for one hour.
forgot-submit = Send the link
forgot-sent = If the address has an account, an email with a link to reset the password is on its way. The link is valid for one hour. If you cannot find it, check your spam folder too.
forgot-back-to-login = Back to the log-in page
reset-title = Choose a new password
reset-intro = Choose your account's new password. Once it is changed, every open session ends and your personal access tokens are revoked: you will log in again.
reset-submit = Save the new password
reset-done-title = Password changed
reset-done-text = Your new password is saved. Open sessions have ended and we sent you a confirmation email. You can now log in with the new password.
reset-failed-title = Link not valid
reset-failed-text = The link is not valid: it was used already, it expired (it is valid for one hour), or a newer one was asked for.
reset-ask-again = Ask for a new link

# Accept an invitation.
invitation-title = Accept the invitation
invitation-lead = You have been invited to join { $organization } on the Innovation Hub. Complete your details to create your account: the invitation already confirms your email address.
invitation-submit = Create the account and join
invitation-invalid = The invitation is not valid: it was accepted already or it expired (it is valid for 14 days). Ask the person who invited you to send a new one.
invitation-taken = An account with this email address exists already: log in with it. To change organisation, contact the Innovation Hub's administrators.

# The account page.
account-title = My account
account-back = Back to my account
account-organization = Organisation
account-owner = owner
account-roles = Roles
account-since = Member since
account-unverified = Your email address is not confirmed yet: you need it to submit proposals and invite colleagues. If you cannot find the confirmation email, you can ask for a new one.
account-resend = Send the confirmation email again
account-data-link = My data: download it or erase the account
account-tokens-link = Personal access tokens for the API
account-profile = Profile
account-display-name-hint = The name other users see.
account-save = Save the profile
account-password = Password
account-password-intro = Once it is changed you stay signed in in this session; your other sessions end and your personal access tokens are revoked.
account-password-submit = Change the password
account-done-profile = Profile saved.
account-done-password = Password changed. Your other sessions have ended and we sent you a confirmation email.
account-done-verification = We sent you a new confirmation email. The link is valid for 48 hours.
account-done-joined = Welcome to { $organization }: your account is ready.
role-proposer = Proposer
role-evaluator = Evaluator
role-hub-manager = Hub manager
role-catalogue-editor = Catalogue editor
role-admin = Administrator
role-administration = Administration officer

# My data.
data-title = My data
data-export = Download your data
data-export-text = You can download everything the Innovation Hub holds about you (GDPR articles 15 and 20) as one JSON file: account, organisation, sessions, tokens, proposals, the files you attached (each one's name, type, size and fingerprint), reviews, history, invitations, emails, activity log and what you did for your administration (needs, co-signatures, adoptions, opinions and messages).
data-export-link = Download my data (JSON)
data-erase = Erase the account
data-erase-text = You can have your personal data erased (GDPR article 17). Before you go on, read what happens:
data-erase-gone = your name, email address, password, roles, sessions and tokens are erased;
data-erase-kept = your proposals with their annexes, reviews and decisions stay, attributed to an anonymous user, because they are part of administrative procedures;
data-erase-final = the erasure is immediate and cannot be undone.
data-erase-confirm = I understand that the erasure is final
data-erase-submit = Erase my account
data-last-admin = You are the Innovation Hub's only administrator: before erasing your account, give the administrator role to someone else.

# Personal access tokens.
tokens-title = Personal access tokens
tokens-lead = A token lets one of your programs (a scoring script, for instance) use the API on your behalf, limited to the scopes you choose and to your roles. Keep it like a password.
tokens-list = Your tokens
tokens-none = You have not created any token yet.
tokens-name = Name
tokens-name-hint = A name to recognise it by, such as "Scoring script".
tokens-scopes = Scopes
tokens-created-at = Created
tokens-expires-at = Expires
tokens-last-used = Last used
tokens-never-used = Never used
tokens-status = Status
tokens-status-active = Active
tokens-status-revoked = Revoked
tokens-status-expired = Expired
tokens-revoke = Revoke { $name }
tokens-revoked = The token is revoked: it no longer works.
tokens-new = Create a token
tokens-days = Valid for (days)
tokens-days-hint = From 1 to 365 days.
tokens-submit = Create the token
tokens-created = Token "{ $name }" created
tokens-secret-once = Copy the token now and keep it somewhere safe: for your security it will not be shown again.
scope-proposals-read = Read proposals
scope-proposals-write = Create and edit proposals
scope-reviews-read = Read reviews
scope-reviews-write = Write and submit reviews
scope-catalogue-write = Curate the catalogue
scope-admin = Administer the Innovation Hub
scope-administration = Act for one's administration
scope-webhooks = Manage one's organisation's webhooks
account-invite = Invite a colleague
account-invite-intro = As the owner of { $organization } you can invite colleagues to join the organisation. The invitation is valid for 14 days and only for the address given.
account-invite-email = Your colleague's email address
account-invite-language = Language of the email
account-invite-submit = Send the invitation
account-done-invited = Invitation sent. If the address already has an account, the email says so.
account-done-appointed = Officer appointed: from their next sign-in they can act for { $organization }.
account-done-dismissed = Officer removed: they no longer act for { $organization }.
my-expertise-title = My expertise
my-expertise-lead = Choose the topics on which you can evaluate proposals with authority. Automatic assignment prefers proposals whose tags match your expertise.
my-expertise-legend = Expertise
my-expertise-save = Save my expertise
my-expertise-saved = Expertise saved.
my-expertise-none = The expertise vocabulary is still empty.
my-expertise-missing = A topic missing? Ask the hub managers to add it to the vocabulary.
