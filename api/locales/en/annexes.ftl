# Proposal annexes (issue 20)
annex-heading = Annexes
annex-lead = The challenge asks for these annexes. Each file's format is recognised by its content, not by its name. Required annexes are needed to submit the proposal.
annex-required = required
annex-optional = optional
annex-types = Accepted formats
annex-max-size = Maximum size
annex-max-count = Maximum number of files
annex-max-pages = Maximum number of pages
annex-no-files = No file uploaded.
annex-delete = Delete
annex-upload = Upload
annex-choose = File for “{ $name }”
annex-choose-hint = Accepted formats: { $max }.
annex-full = This annex has all the files it takes: to replace one, delete it and upload the new one.
annex-notice-added = File uploaded.
annex-notice-deleted = File deleted.
annex-pages = { $n ->
    [one] 1 page
   *[other] { $n } pages
}
annex-size-bytes = { $n } bytes
annex-size-kb = { $n } kB
annex-size-mb = { $n } MB
annex-error-too-large = The file is larger than allowed ({ $max }).
annex-error-type-not-allowed = By its content, the file is none of the accepted formats ({ $max }).
annex-error-too-many-pages = The PDF has more pages than allowed ({ $max }).
annex-error-unreadable-pdf = The file looks like a PDF but cannot be opened: it is damaged (its pages are not what it says they are, for instance) or protected by a password. Export it again from the program that made it, without protection, and retry.
annex-error-too-many-annexes = This annex has all the files it takes: delete one before uploading another.
annex-error-not-editable = The proposal can no longer be edited: its annexes cannot change.
annex-error-empty = Choose a file to upload.
annex-error-unknown-rule = The challenge does not ask for this annex.
annex-error-other = The file was not uploaded.
annex-working-copy = Being prepared
annex-working-copy-lead = The files the team is preparing; they will be sent with the proposal.
annex-manage = Manage the annexes
annex-of-version = Annexes of version { $version }
annex-none-submitted = No annexes in this version.
annex-bundle = Download all annexes (ZIP)
annex-bundle-hint = One archive with the annexes of the proposals assigned to you for which you declared no conflict of interest.
