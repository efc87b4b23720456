## The admins' workspace
admin-title = Platform administration
admin-lead = Accounts, organisations, outgoing email and the audit log at a glance.
admin-dead-alert = { $count ->
    [one] One email was not delivered after every attempt: read the error and send it again.
   *[other] { $count } emails were not delivered after every attempt: read the errors and send them again.
}
admin-by-role = Accounts by role
admin-by-kind = Organisations by kind
admin-by-status = Emails by delivery state
admin-role = Role
admin-kind = Kind
admin-name = Name
admin-created = Created
admin-yes = Yes
admin-no = No
admin-show = Show

## Users
admin-users-title = Users
admin-users-filter = Filter the users
admin-users-search = Name or email address
admin-users-none = No user matches the filters.
admin-filter-organization = Only the members of { $name }.
admin-roles = Roles
admin-verified = Address verified
admin-account-closed = Account closed on { $date }
admin-account-state = Account status
admin-not-verified = Not verified yet
admin-language = Language of emails
admin-expertise = Expertise
admin-roles-hint = Select the roles the user should have. The change applies at once: sessions opened with the previous roles must sign in again.
admin-last-admin-hint = This is the platform's only admin: to take the role away, make someone else an admin first.
admin-roles-submit = Save the roles
admin-roles-saved = Roles updated. The change is recorded in the audit log.
admin-trail = In the audit log
admin-trail-by = What this user did
admin-trail-about = What was done to this account
admin-refused-last-admin = This is the platform's only admin and keeps the role: make someone else an admin first.
admin-refused-roles-changed = Another admin changed this user's roles meanwhile. The page now shows the current roles: check them and save again.

## Organisations
admin-organizations-title = Organisations
admin-organizations-filter = Filter the organisations
admin-organizations-search = Name, tax code or IPA code
admin-organizations-none = No organisation matches the filters.
admin-organization-new = Register an organisation
admin-organization-new-lead = Organisations an admin registers are verified at once and may invite their members.
admin-organization-create = Register
admin-organization-created = Organisation registered.
admin-members = Members
admin-members-none = The organisation has no members yet: invite the first.
admin-members-all = All members
admin-owner = owner
admin-invite = Invite a member
admin-invite-hint = The invitation is valid for 14 days and only for the address given. If the address already has an account, the email says so.
admin-invite-language = Language of the email
admin-invite-submit = Send the invitation
admin-invitation-sent = Invitation sent.
admin-refused-organization-unverified = Nobody has verified this organisation yet: it can invite members once its founder has verified their email address.

## Audit log
admin-audit-title = Audit log
admin-audit-lead = Every state change and admin action, written in the same transaction as the change and chained to the one before. Newest first.
admin-audit-filter = Filter the log
admin-audit-target-type = Kind of object
admin-audit-target-id = Object id
admin-audit-actor = Actor
admin-audit-actor-hint = The user's email address or id.
admin-audit-action = Action
admin-audit-action-hint = For example user.roles_changed.
admin-audit-from = From
admin-audit-to = To
admin-audit-none = No entry matches the filters.
admin-audit-unknown-actor = No account has this email address.
admin-audit-seq = No.
admin-audit-when = When
admin-audit-target = Object
admin-audit-details = Details
admin-audit-system = The platform
admin-audit-size = { $count ->
    [one] The log holds one entry.
   *[other] The log holds { $count } entries.
}
admin-audit-last = The last one is from { $at }.
admin-verify = Verify the log's integrity
admin-verify-title = Verifying the audit log
admin-verify-lead = The verification reads the whole log again with the platform's key: each entry's MAC, its link to the one before, no gap, and the last entry recorded.
admin-verify-intact = { $count ->
    [one] The log is intact: one entry verified.
   *[other] The log is intact: { $count } entries verified.
}
admin-verify-head = The last entry, no. { $head }, is the one recorded as last.
admin-verify-head-unkeyed = The last entry, no. { $head }, is the one recorded as last. Entries 1 to { $unkeyed } predate the key: verified by their hash alone and sealed by the entries after them.
admin-verify-unsealed = Every entry predates the key: the platform seals them when it next starts.
admin-verify-broken = The log is NOT intact: verification stops at entry no. { $seq }.
admin-verify-wrong-key = The log is not verified: the key is not the one it was written with.
admin-verify-wrong-key-detail = The platform uses another key (HUB_AUDIT_KEY) than the one that sealed the log. Check the configuration.
admin-verify-at = Verified on { $at }.
admin-verify-again = Verify again
admin-break-mac-mismatch = Its MAC does not match its content: the entry was rewritten.
admin-break-link-mismatch = The entry does not link to the previous entry's MAC.
admin-break-sequence-gap = The entries before it are missing.
admin-break-head-missing = The record of the last entry is missing: it was removed.
admin-break-head-forged = The record of the last entry was forged.
admin-break-truncated = The log ends before the last entry recorded: the last entries were removed.
admin-break-beyond-head = The entry comes after the last one recorded and was added without the key.
admin-break-head-mismatch = The record names another last entry.

## Outbox
admin-outbox-title = Outgoing email
admin-outbox-lead = The emails the platform wrote, with their delivery state. Their content is not shown: it may hold single-use codes.
admin-outbox-filter = Choose the emails to show
admin-outbox-status = Delivery state
admin-outbox-status-pending = Waiting for delivery
admin-outbox-status-sent = Delivered
admin-outbox-status-dead = Not delivered
admin-outbox-all = All
admin-outbox-messages = Emails
admin-outbox-none = No email in this state.
admin-outbox-empty = The platform has not written any email yet.
admin-outbox-written = Written
admin-outbox-template = Template
admin-outbox-recipient = Recipient
admin-outbox-attempts = Attempts
admin-outbox-last-error = Last error
admin-outbox-retry = Send again
admin-outbox-retried = The email is waiting for delivery again: it will be sent shortly.
admin-refused-not-dead = Only an email that was not delivered can be sent again: this one is waiting or delivered.
admin-pending-alert = { $count ->
    [one] One public administration is awaiting verification.
   *[other] { $count } public administrations are awaiting verification.
}
admin-verify-heading = Verify the administration
admin-verify-intro = Check in the Index of Public Administrations that the IPA code and the tax code belong to this body and that its owner works there. Once verified, the owner becomes its officer and gets an email.
admin-verify-submit = Verify the administration
admin-administration-verified = Administration verified: its owner is now its officer and was told by email.
admin-officer-appointed = Officer appointed.
admin-officer-dismissed = Officer removed.
admin-refused-administration-verified = The administration was already verified.
admin-refused-tax-code-taken = Another verified administration already has this tax code: the same body is not verified twice.
admin-refused-not-an-administration = Only a public administration is verified and has officers.
admin-refused-administration-unverified = The administration must be verified before it has officers.
