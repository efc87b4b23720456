# The account pages: register, verify, passwords, invitations, profile, personal data, tokens.
