//! Annexes (issue 20): the files a challenge asks proposals for — a pitch deck, a budget sheet, a
//! technical annex. The challenge says which annexes it asks for (name, whether required, the types it
//! accepts, the largest file, how many files, a PDF's most pages); a proposal's team uploads them while
//! the proposal is editable, and submitting freezes them as that version's annexes: a revision works on a
//! copy and may replace them, earlier versions keep theirs. A file's type is decided by its content
//! (its magic bytes), never by its name.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role};
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::UserId;
use crate::named::named_enum;
use crate::proposal::{Proposal, ProposalId};
use crate::review::ReviewState;
use crate::visibility::visibility;

mod rules;

pub use rules::*;

crate::ids::id_type!(
    /// Identifies an annex.
    AnnexId,
    "annex"
);

named_enum!(
    /// The kinds of file an annex may be, recognised by their content.
    AnnexType, "types", "unknown_annex_type" {
        /// PDF, parsed and its pages counted.
        Pdf = "pdf",
        /// OpenDocument text.
        Odt = "odt",
        /// OpenDocument spreadsheet.
        Ods = "ods",
        /// OpenDocument presentation.
        Odp = "odp",
        /// Office Open XML document (Word).
        Docx = "docx",
        /// Office Open XML spreadsheet (Excel).
        Xlsx = "xlsx",
        /// Office Open XML presentation (PowerPoint).
        Pptx = "pptx",
        /// PNG image.
        Png = "png",
        /// JPEG image.
        Jpeg = "jpeg",
    }
);

impl AnnexType {
    /// The media type it is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Self::Odp => "application/vnd.oasis.opendocument.presentation",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The kind a media type names, if any.
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.media_type() == media_type)
    }

    /// Its usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            other => other.as_str(),
        }
    }

    /// Whether `extension` (any case) is one of its kind's.
    pub fn has_extension(self, extension: &str) -> bool {
        let extension = extension.to_ascii_lowercase();
        match self {
            Self::Jpeg => matches!(extension.as_str(), "jpg" | "jpeg" | "jpe"),
            other => extension == other.as_str(),
        }
    }
}

/// How many leading bytes of a file [`AnnexType`] detection reads: enough for the ZIP entries that tell
/// an Office Open XML document's kind.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The working copy's version: the annexes a team is preparing, not yet submitted.
pub const WORKING_COPY: i32 = 0;

/// An annex of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annex {
    /// Id.
    pub id: AnnexId,
    /// The proposal.
    pub proposal_id: ProposalId,
    /// The submitted version it belongs to, or [`WORKING_COPY`].
    pub version: i32,
    /// The challenge's annex rule it answers (its key).
    pub rule: String,
    /// The file's name, cleaned ([`clean_filename`]).
    pub filename: String,
    /// Its kind, by content.
    pub kind: AnnexType,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lowercase hex: the stored object's name.
    pub sha256: String,
    /// A PDF's pages.
    pub pages: Option<u32>,
    /// Who uploaded it.
    pub uploaded_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl Annex {
    /// Whether it is still being prepared (a draft's or a revision's, not submitted).
    pub fn is_working(&self) -> bool {
        self.version == WORKING_COPY
    }

    /// Whether a file sent as `raw` is this one by name (a `PUT` to its name replaces it, whatever kind the
    /// new file is).
    pub fn is_named(&self, raw: &str) -> bool {
        self.filename == clean_filename(raw, self.kind)
    }

    /// Whether `actor`, who sees `proposal` and holds `duties` to it as an evaluator (none otherwise), reads
    /// this annex (the one home of the rule): the working copy only its team and hub managers; a submitted
    /// version's whoever sees the proposal other than as its evaluator, and an evaluator as [`evaluator_reads`]
    /// says.
    pub fn readable_by(&self, actor: &Actor, proposal: &Proposal, duties: &[Duty]) -> bool {
        if self.is_working() {
            return proposal.is_team(actor) || actor.has_role(Role::HubManager);
        }
        visibility(actor).sees_unassigned(proposal) || evaluator_reads(duties, self.version)
    }
}

/// One of an evaluator's assignments to a proposal, as the annex rule reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duty {
    /// The version assigned.
    pub version: i32,
    /// Where its review stands.
    pub state: ReviewState,
    /// Whether they confirmed having no conflict of interest with it.
    pub cleared: bool,
}

/// Whether an evaluator holding `duties` to a proposal reads the files of its `version`: assigned to that very
/// version (not to an earlier or a later one), cleared of conflicts, the review open or submitted (neither
/// declined nor cancelled: unassigned); and never once they declined any version of it (a conflict of interest
/// declared once stands for the whole proposal).
pub fn evaluator_reads(duties: &[Duty], version: i32) -> bool {
    !duties.iter().any(|d| d.state == ReviewState::Declined)
        && duties
            .iter()
            .any(|d| d.version == version && d.cleared && (d.state.is_open() || d.state == ReviewState::Submitted))
}

/// What an upload is checked against before its bytes are read: the rule it answers, and that the
/// proposal may take one more file for it.
///
/// # Errors
/// `Forbidden`/`Conflict` when the proposal is not editable by `actor`; `Invalid` (`rule`,
/// `unknown_rule`) for a rule the challenge does not have; `Conflict` (`too_many_annexes`) when the rule's
/// files are all there (`replacing` an existing one does not count).
pub fn check_upload<'r>(
    rules: &'r AnnexRules,
    proposal: &Proposal,
    actor: &Actor,
    rule: &str,
    present: usize,
    replacing: bool,
) -> Result<&'r AnnexRule, DomainError> {
    proposal.check_edit(actor)?;
    let Some(found) = rules.get(rule) else {
        return Err(DomainError::invalid("rule", "unknown_rule", "the challenge asks for no annex with this key"));
    };
    if !replacing && present >= usize::from(found.max_count) {
        return Err(DomainError::conflict(
            "too_many_annexes",
            format!("this annex takes at most {} file(s): delete one first", found.max_count),
        ));
    }
    Ok(found)
}

/// What a received file was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    /// Its kind by content, if recognised.
    pub kind: Option<AnnexType>,
    /// Its size in bytes.
    pub size: u64,
    /// A PDF's pages, once parsed.
    pub pages: Option<u32>,
}

/// Checks a received file against its rule.
///
/// # Errors
/// `Invalid` on `file`: `empty`, `too_large`, `type_not_allowed` (naming the rule's types),
/// `too_many_pages`.
pub fn check_file(rule: &AnnexRule, file: &Inspected) -> Result<AnnexType, DomainError> {
    if file.size == 0 {
        return Err(DomainError::invalid("file", "empty", "the file is empty"));
    }
    if file.size > rule.max_bytes {
        return Err(too_large(rule.max_bytes));
    }
    let allowed = file.kind.filter(|k| rule.types.contains(k));
    let Some(kind) = allowed else {
        let names: Vec<&str> = rule.types.iter().map(|t| t.as_str()).collect();
        return Err(DomainError::invalid(
            "file",
            "type_not_allowed",
            format!("by its content this file is none of the types this annex accepts: {}", names.join(", ")),
        ));
    };
    if let (Some(max), Some(pages)) = (rule.max_pages, file.pages)
        && pages > u32::from(max)
    {
        return Err(DomainError::invalid(
            "file",
            "too_many_pages",
            format!("the PDF has {pages} pages, this annex takes at most {max}"),
        ));
    }
    Ok(kind)
}

/// The error of a file over `max_bytes`, also raised while it streams in.
pub fn too_large(max_bytes: u64) -> DomainError {
    DomainError::invalid("file", "too_large", format!("the file is larger than this annex allows ({max_bytes} bytes)"))
}

/// What keeps the working copy's annexes from being submitted under the challenge's rules as they are now
/// (they may have changed since the files were attached), one field error each on `annexes.<key>`: a
/// required annex missing (`required`), a file under an annex the challenge no longer asks for
/// (`rule_withdrawn`), more files than the annex takes (`too_many_annexes`), a file its annex no longer
/// takes ([`check_file`]'s codes).
pub fn missing_for_submission(rules: &AnnexRules, working: &[Annex]) -> Vec<FieldError> {
    let working: Vec<&Annex> = working.iter().filter(|a| a.is_working()).collect();
    let mut unfit: Vec<FieldError> = rules
        .iter()
        .filter(|r| r.required && !working.iter().any(|a| a.rule == r.key))
        .map(|r| FieldError::new(format!("annexes.{}", r.key), "required", format!("attach “{}”", r.name)))
        .collect();
    for annex in &working {
        let field = format!("annexes.{}", annex.rule);
        let Some(rule) = rules.get(&annex.rule) else {
            let message = format!("the challenge no longer asks for this annex: delete “{}”", annex.filename);
            unfit.push(FieldError::new(field, "rule_withdrawn", message));
            continue;
        };
        let file = Inspected { kind: Some(annex.kind), size: annex.size, pages: annex.pages };
        if let Err(DomainError::Invalid(errors)) = check_file(rule, &file) {
            unfit.extend(errors.into_iter().map(|e| FieldError::new(field.clone(), e.code, e.message)));
        }
    }
    for rule in rules.iter() {
        let count = working.iter().filter(|a| a.rule == rule.key).count();
        if count > usize::from(rule.max_count) {
            let message = format!("this annex now takes at most {} file(s): delete one", rule.max_count);
            unfit.push(FieldError::new(format!("annexes.{}", rule.key), "too_many_annexes", message));
        }
    }
    unfit
}

/// The longest file name kept, in characters.
pub const FILENAME_MAX: usize = 120;

/// A file name safe to store and to send back in a `Content-Disposition`: its last path segment, without
/// control or format characters, quotes or backslashes, at most [`FILENAME_MAX`] characters, and ending
/// in an extension of its kind by content (`evil.hta` holding a PDF is kept as `evil.hta.pdf`: whoever
/// downloads it opens a PDF, never what its name claimed); a name left empty becomes `annex.<extension>`
/// (the one home of the rule).
pub fn clean_filename(raw: &str, kind: AnnexType) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !crate::text::is_format_character(*c) && !matches!(c, '"' | '\\'))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        return format!("annex.{}", kind.extension());
    }
    let named = trimmed.rsplit_once('.').is_some_and(|(_, ext)| kind.has_extension(ext));
    if named && trimmed.chars().count() <= FILENAME_MAX {
        return trimmed.to_owned();
    }
    let (stem, extension) = if named {
        trimmed.rsplit_once('.').unwrap_or((trimmed, kind.extension()))
    } else {
        (trimmed, kind.extension())
    };
    let room = FILENAME_MAX - 1 - extension.chars().count();
    let stem: String = stem.chars().take(room).collect();
    format!("{}.{extension}", stem.trim_end().trim_end_matches('.'))
}

/// Validates a list of types as given.
pub(crate) fn parse_types(field: &str, raw: &[String], v: &mut Validation) -> BTreeSet<AnnexType> {
    let mut types = BTreeSet::new();
    for (i, name) in raw.iter().enumerate() {
        match name.parse::<AnnexType>() {
            Ok(t) => {
                types.insert(t);
            }
            Err(e) => v.push(FieldError::new(format!("{field}[{i}]"), e.code, e.message)),
        }
    }
    if types.is_empty() && raw.is_empty() {
        v.push(FieldError::new(field, "required", "name at least one type"));
    }
    types
}

#[cfg(test)]
mod tests;
