# The account pages: register, verify, passwords, invitations, profile, personal data, tokens.

# Messages for invalid fields (one per code of the domain; the rest get the generic one).
field-error-invalid = The value entered is not valid.
field-error-required = This field is required.
field-error-too-short = The value entered is too short.
field-error-too-long = The value entered is too long.
field-error-invalid-email = Enter a valid email address, such as name@example.com.
field-error-invalid-checksum = The tax code or VAT number is not valid: check its digits.
field-error-unknown-kind = Choose the kind of organisation.
field-error-unknown-locale = Choose one of the languages offered.
field-error-control-characters = The value contains characters that are not allowed.

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
register-ipa-code-hint = Public administrations only: the code in the Index of Public Administrations (IPA).
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
