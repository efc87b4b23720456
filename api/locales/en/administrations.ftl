# Public administrations: the check against the IPA, and the officers.
administration-status = Administration status
administration-pending = Awaiting verification
administration-verified = Verified
administration-verified-on = Verified on { $date }
administration-pending-notice = An Innovation Hub admin has yet to check { $organization } against the Index of Public Administrations. Until then it has no officers and cannot sponsor challenges; you will get an email once it is verified.
administration-verified-notice = { $organization } is a verified administration: its officers state its needs, propose challenges and declare that it adopts services of the catalogue.
officer-column = Officer
officer-appoint = Make { $name } an officer
officer-dismiss = Remove { $name } as officer
colleagues-heading = Your organisation
colleagues-caption = Members of the organisation
colleagues-name = Name
colleagues-roles = Roles
colleagues-officers-intro = As the owner you can make colleagues officers: they will act for the administration. The role can be removed at any time.
