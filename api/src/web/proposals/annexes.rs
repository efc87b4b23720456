//! Annexes on the pages (issue 20): the "Allegati" section of the proposal's edit page (the challenge's
//! rules, the working copy's files, one upload form per rule, a delete button per file), the lists of a
//! submitted version's files on the read pages, and the download route — each through the function or
//! store method of the API's `/annexes` endpoints, as the person signed in.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use domain::annex::{Annex, AnnexId, AnnexRule, AnnexRules, AnnexType};
use domain::{DomainError, ProposalId, Scope};
use serde::Deserialize;

use super::page::{Refusal, proposal_page};
use crate::error::ApiError;
use crate::routes::annexes::{delete_annex, serve, upload_form};
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Tr, Visitor, render, see_other};

/// A file as the pages list it.
pub struct AnnexFile {
    /// The download's address.
    pub href: String,
    /// The delete form's address.
    pub delete: String,
    /// The file's name.
    pub filename: String,
    /// The rule's name it answers.
    pub rule: String,
    /// Its kind, size and pages, in words ("PDF, 1,2 MB, 12 pagine").
    pub facts: String,
}

impl AnnexFile {
    /// The view of `annex`, answering a rule of `rules`.
    pub fn new(tr: Tr, rules: &AnnexRules, annex: &Annex) -> Self {
        let mut facts = vec![kind_name(annex.kind).to_owned(), size(tr, annex.size)];
        if let Some(pages) = annex.pages {
            facts.push(tr.t1("annex-pages", "n", pages));
        }
        Self {
            href: format!("/annexes/{}", annex.id),
            delete: format!("/annexes/{}/delete", annex.id),
            filename: annex.filename.clone(),
            rule: rules.get(&annex.rule).map_or_else(|| annex.rule.clone(), |r| r.name.clone()),
            facts: facts.join(", "),
        }
    }
}

/// The files of `version` among `annexes`, as the pages list them.
pub fn files_of(tr: Tr, rules: &AnnexRules, annexes: &[Annex], version: i32) -> Vec<AnnexFile> {
    annexes.iter().filter(|a| a.version == version).map(|a| AnnexFile::new(tr, rules, a)).collect()
}

/// A kind's name as people know it.
fn kind_name(kind: AnnexType) -> &'static str {
    match kind {
        AnnexType::Pdf => "PDF",
        AnnexType::Odt => "ODT",
        AnnexType::Ods => "ODS",
        AnnexType::Odp => "ODP",
        AnnexType::Docx => "DOCX",
        AnnexType::Xlsx => "XLSX",
        AnnexType::Pptx => "PPTX",
        AnnexType::Png => "PNG",
        AnnexType::Jpeg => "JPEG",
    }
}

/// A size in words: "512 byte", "48 kB", "1,2 MB".
pub fn size(tr: Tr, bytes: u64) -> String {
    const KB: u64 = 1024;
    #[expect(clippy::cast_precision_loss, reason = "annexes are at most 100 MiB, exact in an f64")]
    let (value, decimals, key) = match bytes {
        b if b < KB => (b as f64, 0, "annex-size-bytes"),
        b if b < KB * KB => ((b as f64 / KB as f64).ceil(), 0, "annex-size-kb"),
        b => (b as f64 / (KB * KB) as f64, if b % (KB * KB) == 0 { 0 } else { 1 }, "annex-size-mb"),
    };
    tr.t1(key, "n", tr.number(value, decimals))
}

/// One rule of the challenge on the edit page: what it takes, the files it has, its upload form.
pub struct RuleView {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Whether required.
    pub required: bool,
    /// The kinds it takes ("PDF, ODT").
    pub types: String,
    /// The file input's `accept`.
    pub accept: String,
    /// Its largest file, in words.
    pub max_size: String,
    /// How many files it takes.
    pub max_count: u8,
    /// A PDF's most pages.
    pub max_pages: Option<u16>,
    /// The working copy's files.
    pub files: Vec<AnnexFile>,
    /// Whether it takes one more file (its form is shown).
    pub room: bool,
    /// Why the last upload to it was refused.
    pub error: Option<String>,
}

impl RuleView {
    fn new(tr: Tr, rules: &AnnexRules, rule: &AnnexRule, working: &[Annex]) -> Self {
        let files: Vec<AnnexFile> =
            working.iter().filter(|a| a.rule == rule.key).map(|a| AnnexFile::new(tr, rules, a)).collect();
        let accept = rule
            .types
            .iter()
            .flat_map(|t| {
                let mut names = vec![format!(".{}", t.extension()), t.media_type().to_owned()];
                if *t == AnnexType::Jpeg {
                    names.insert(1, ".jpeg".to_owned());
                }
                names
            })
            .collect::<Vec<_>>()
            .join(",");
        Self {
            key: rule.key.clone(),
            name: rule.name.clone(),
            required: rule.required,
            types: rule.types.iter().map(|t| kind_name(*t)).collect::<Vec<_>>().join(", "),
            accept,
            max_size: size(tr, rule.max_bytes),
            max_count: rule.max_count,
            max_pages: rule.max_pages,
            room: files.len() < usize::from(rule.max_count),
            files,
            error: None,
        }
    }
}

/// The "Allegati" section of the edit page.
pub struct AnnexPanel {
    /// The proposal.
    pub proposal_id: String,
    /// The forms' token.
    pub csrf: String,
    /// The challenge's rules, each with its files.
    pub rules: Vec<RuleView>,
    /// What was just done ("File caricato."), for the status message.
    pub notice: Option<String>,
    /// The refused upload: where its message links to, and the message.
    pub refused: Option<(String, String)>,
}

impl AnnexPanel {
    /// The panel of a proposal whose challenge has `rules`, with its `working` copy; none when the
    /// challenge asks for no annex.
    pub fn of(tr: Tr, proposal_id: ProposalId, csrf: String, rules: &AnnexRules, working: &[Annex]) -> Option<Self> {
        (!rules.is_empty()).then(|| Self {
            proposal_id: proposal_id.to_string(),
            csrf,
            rules: rules.iter().map(|r| RuleView::new(tr, rules, r, working)).collect(),
            notice: None,
            refused: None,
        })
    }

    /// Shows `message` on the form of rule `key` (or above the rule, when its form is not shown).
    pub fn refuse(&mut self, key: &str, message: String) {
        if let Some(rule) = self.rules.iter_mut().find(|r| r.key == key) {
            let target = if rule.room { format!("annex-file-{key}") } else { format!("annex-{key}") };
            rule.error = Some(message.clone());
            self.refused = Some((target, message));
        } else {
            self.refused = Some(("allegati".to_owned(), message));
        }
    }
}

/// The annexes on the proposal's read page: the working copy (to the team while it may edit, with a
/// link to the edit page's section) and the current submitted version's files.
pub struct ReadPanel {
    /// The proposal.
    pub proposal_id: String,
    /// The working copy's files, when the reader edits the proposal.
    pub working: Option<Vec<AnnexFile>>,
    /// The current version.
    pub version: i32,
    /// Its files, once submitted.
    pub submitted: Option<Vec<AnnexFile>>,
}

impl ReadPanel {
    /// The panel of `p` (`editing`: the reader may edit it), or none when its challenge asks for no annex
    /// and it has none.
    pub fn of(tr: Tr, p: &domain::Proposal, editing: bool, rules: &AnnexRules, annexes: &[Annex]) -> Option<Self> {
        if rules.is_empty() && annexes.is_empty() {
            return None;
        }
        Some(Self {
            proposal_id: p.id.to_string(),
            working: editing.then(|| files_of(tr, rules, annexes, domain::annex::WORKING_COPY)),
            version: p.version,
            submitted: p.submitted_at.map(|_| files_of(tr, rules, annexes, p.version)),
        })
    }
}

/// Why an upload was refused, in the visitor's words, with the answer's status; `None` for a refusal
/// that is not the file's (a token, a proposal not found): that one is the error page.
fn refusal(tr: Tr, rule: Option<&AnnexRule>, error: &ApiError) -> Option<(StatusCode, String)> {
    let code = match error {
        ApiError::Domain(DomainError::Invalid(fields)) => fields.first().map_or("invalid", |f| f.code),
        ApiError::Domain(DomainError::Conflict { code, .. }) => code,
        ApiError::PayloadTooLarge { .. } => "too_large",
        _ => return None,
    };
    let types = rule.map(|r| r.types.iter().map(|t| kind_name(*t)).collect::<Vec<_>>().join(", "));
    let message = match code {
        "too_large" => tr.t1("annex-error-too-large", "max", rule.map(|r| size(tr, r.max_bytes)).unwrap_or_default()),
        "type_not_allowed" => tr.t1("annex-error-type-not-allowed", "max", types.unwrap_or_default()),
        "too_many_pages" => {
            tr.t1("annex-error-too-many-pages", "max", rule.and_then(|r| r.max_pages).unwrap_or_default())
        }
        "unreadable_pdf" => tr.t("annex-error-unreadable-pdf"),
        "too_many_annexes" => tr.t("annex-error-too-many-annexes"),
        "not_editable" => tr.t("annex-error-not-editable"),
        "empty" | "required" => tr.t("annex-error-empty"),
        "unknown_rule" => tr.t("annex-error-unknown-rule"),
        _ => tr.t("annex-error-other"),
    };
    Some((actix_web::ResponseError::status_code(error), message))
}

/// `?rule=`: the rule whose form posted (to show a refusal beside it when the form broke before its rule).
#[derive(Debug, Deserialize)]
pub struct RuleQuery {
    rule: Option<String>,
}

/// Uploads a file to the working copy (a multipart form: `csrf`, `rule`, `file`): back to the edit page's
/// annexes, or the page again with why not.
#[post("/proposals/{id}/annexes")]
pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    query: web::Query<RuleQuery>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require_scope(Scope::ProposalsWrite)?;
    let id = path.into_inner();
    let (checker, checked_state) = (visitor.clone(), state.clone());
    let check = move |token: &str| checker.check_csrf(&checked_state, token);
    let (named, error) = match upload_form(&state, actor.clone(), id, form, Some(&check)).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/proposals/{id}/edit?annex=added#allegati"))),
        Err(refused) => (refused.rule, refused.error),
    };
    let tr = Tr(visitor.locale);
    // The rule the form sent counts; the form's address names it only for a form refused before its rule.
    let key = named.or(query.into_inner().rule).unwrap_or_default();
    let store = state.store.clone();
    let reader = actor.clone();
    let (proposal, rules, _) = blocking(move || store.annexes_list(&reader, id)).await?;
    let Some((status, message)) = refusal(tr, rules.get(&key), &error) else { return Err(error) };
    if !proposal.state.is_editable()
        || matches!(&error, ApiError::Domain(DomainError::Conflict { code: "not_editable", .. }))
    {
        let refused = Refusal { message, missing: Vec::new() };
        let page = proposal_page(&state, &req, &mut visitor, id, None, Some(refused)).await?;
        return render(&state, &visitor, status, &page);
    }
    let mut page = super::form::edit_page(&state, &req, &mut visitor, actor, &proposal).await?;
    page.refuse_annex(&key, message);
    render(&state, &visitor, status, &page)
}

/// Deletes a file of the working copy: back to the edit page's annexes.
#[post("/annexes/{id}/delete")]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<AnnexId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require_scope(Scope::ProposalsWrite)?;
    let id = path.into_inner();
    let (store, reader) = (state.store.clone(), actor.clone());
    let (proposal, _) = blocking(move || store.annex_get(&reader, id)).await?;
    delete_annex(&state, actor, id).await?;
    Ok(see_other(&state, &visitor, &format!("/proposals/{}/edit?annex=deleted#allegati", proposal.id)))
}

/// Downloads a file, as `GET /api/v1/annexes/{id}/content` does (ranges, ETag), for whoever reads it.
#[get("/annexes/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<AnnexId>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let (_, annex) = blocking(move || store.annex_get(&actor, id)).await?;
    let mut response = serve(&state, &req, &annex).await?;
    visitor.finish(&state, &mut response);
    Ok(response)
}
