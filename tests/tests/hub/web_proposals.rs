//! The proposers' pages: their organisation's proposals, the form, submission, history, revision, withdrawal, feedback.
