//! A service's life: created or promoted from an accepted proposal, edited, published, deprecated,
//! retired, and the history of those steps.

use diesel::prelude::*;
use domain::catalogue::{Service, ServiceAction, ServiceContent, ServiceInput, ServiceState};
use domain::proposal::ProposalAction;
use domain::{Actor, DomainError, HalfPoints, ProposalId, ServiceId, mails};

use super::*;
use crate::Store;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::{service_history, users};

impl Store {
    pub fn service_create(&self, actor: &Actor, content: ServiceContent) -> Result<Service, StoreError> {
        let now = self.db.now();
        self.db.write_catalogue(|conn| {
            let service = Service {
                id: ServiceId::new(),
                content,
                state: ServiceState::Draft,
                origin_proposal: None,
                scores: None,
                deprecation_reason: None,
                replacement: None,
                revision: 1,
                published_at: None,
                created_at: utc(now),
                updated_at: utc(now),
            };
            insert(conn, &service)?;
            history(conn, &self.audit_key, &service, actor, "created", None, None, now)?;
            load_service(conn, &service.id.to_string())
        })
    }

    /// Promotes an accepted proposal into a draft service: its title, summary, description, organisation,
    /// tags and the pillar means of its submitted reviews; the proposal moves to `promoted`, with history,
    /// audit and an email to its team, all in one transaction.
    ///
    /// # Errors
    /// `NotFound` for proposals the editor may not see (neither accepted nor promoted); `Conflict`
    /// (`invalid_transition`) for a promoted one — promoting twice is refused; `Forbidden` for other roles.
    pub fn proposal_promote(&self, actor: &Actor, id: ProposalId, link: &str) -> Result<Service, StoreError> {
        let now = self.db.now();
        self.db.write_catalogue(|conn| {
            let proposal = crate::proposals::load_proposal(conn, &id.to_string())?;
            // Editors work from accepted and promoted proposals; the others do not exist for them.
            if !proposal.visible_to(actor) {
                return Err(StoreError::not_found("proposal"));
            }
            crate::duties::authorize_duty(conn, actor, domain::duties::Duty::Promote, &proposal)?;
            let challenge = crate::challenges::load_challenge(conn, &proposal.challenge_id.to_string())?;
            let step = proposal.decide(ProposalAction::Promote, actor, None, &challenge, utc(now))?;
            // The proposal's conditional move first: of concurrent promotions the losers stop here with
            // `concurrent_change` (not on the service's unique slug), and the proposal row is locked
            // before the audit chain, in the order every other move takes them.
            crate::moves::record_move(
                conn,
                &self.audit_key,
                actor,
                &proposal,
                &challenge,
                &step,
                link,
                crate::moves::Internal::default(),
                now,
            )?;
            let version = crate::reviews::version_scores(
                conn,
                &proposal.id.to_string(),
                proposal.version,
                &challenge.content.evaluation,
            )?;
            let scores = version.aggregate.map(|a| {
                a.means.map(|m| {
                    // Kept in half points, the rubric's own scale.
                    #[allow(clippy::cast_possible_truncation)]
                    HalfPoints::from_halves((m * 2.0).round() as i32).unwrap_or_default()
                })
            });
            let slug = free_slug(conn, &domain::catalogue::slugify(&proposal.content.title))?;
            let summary = proposal.content.summary.clone().unwrap_or_else(|| proposal.content.title.clone());
            let input = ServiceInput {
                slug: Some(slug),
                name: Some(proposal.content.title.clone()),
                short_description_it: Some(shorten(&summary, domain::catalogue::SHORT_DESCRIPTION_MAX)),
                long_description_it: Some(clip(
                    &proposal.content.description.clone().unwrap_or(summary),
                    domain::catalogue::LONG_DESCRIPTION.1,
                )),
                tags: Some(proposal.content.tags.iter().cloned().collect()),
                provider_id: Some(proposal.organization_id),
                ..ServiceInput::default()
            };
            let service = Service {
                id: ServiceId::new(),
                content: ServiceContent::create(input)?,
                state: ServiceState::Draft,
                origin_proposal: Some(proposal.id),
                scores,
                deprecation_reason: None,
                replacement: None,
                revision: 1,
                published_at: None,
                created_at: utc(now),
                updated_at: utc(now),
            };
            insert(conn, &service)?;
            history(conn, &self.audit_key, &service, actor, "promoted", None, None, now)?;
            load_service(conn, &service.id.to_string())
        })
    }

    pub fn service_update(
        &self,
        actor: &Actor,
        slug: &str,
        expected_revision: i32,
        input: ServiceInput,
    ) -> Result<Service, StoreError> {
        let now = self.db.now();
        self.db.write_catalogue(|conn| {
            let current = resolve(conn, slug)?;
            if current.revision != expected_revision {
                return Err(DomainError::PreconditionFailed(
                    "the service changed since you read it; read it again".to_owned(),
                )
                .into());
            }
            let content = current.edit(input)?;
            check_provider(conn, &content)?;
            check_slug_free(conn, &content.slug, &current.id.to_string())?;
            let next = Service { content, revision: current.revision + 1, updated_at: utc(now), ..current.clone() };
            save(conn, &next, current.revision)?;
            history(conn, &self.audit_key, &next, actor, "edited", Some(current.state), None, now)?;
            load_service(conn, &next.id.to_string())
        })
    }

    /// Publishes, deprecates or retires a service (catalogue editors); publishing and deprecating email the
    /// provider organisation.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` out of order; `Invalid` listing what publishing needs, or an unknown or
    /// non-public replacement.
    pub fn service_act(
        &self,
        actor: &Actor,
        slug: &str,
        expected_revision: Option<i32>,
        action: ServiceAction,
        link: &str,
    ) -> Result<Service, StoreError> {
        let now = self.db.now();
        self.db.write_catalogue(|conn| {
            let current = resolve(conn, slug)?;
            if expected_revision.is_some_and(|r| r != current.revision) {
                return Err(DomainError::PreconditionFailed(
                    "the service changed since you read it; read it again".to_owned(),
                )
                .into());
            }
            let to = current.apply(&action)?;
            let mut next =
                Service { state: to, revision: current.revision + 1, updated_at: utc(now), ..current.clone() };
            let mut note = None;
            match &action {
                ServiceAction::Publish => next.published_at = next.published_at.or(Some(utc(now))),
                ServiceAction::Deprecate { reason, replacement } => {
                    if let Some(r) = replacement {
                        let target = load_service(conn, &r.to_string()).map_err(|_| {
                            StoreError::from(DomainError::invalid(
                                "replacement_id",
                                "unknown_service",
                                "no such service",
                            ))
                        })?;
                        if target.state != ServiceState::Published {
                            return Err(DomainError::invalid(
                                "replacement",
                                "not_published",
                                "the replacement must be a published service",
                            )
                            .into());
                        }
                    }
                    next.deprecation_reason = Some(reason.to_string());
                    next.replacement = *replacement;
                    note = Some(reason.to_string());
                }
                ServiceAction::Retire => {}
            }
            save(conn, &next, current.revision)?;
            history(conn, &self.audit_key, &next, actor, action.as_str(), Some(current.state), note.as_deref(), now)?;
            let (service, link) = (&next.content.name, link.to_owned());
            match action {
                ServiceAction::Publish => notify_provider(conn, &next, now, |display_name| mails::ServicePublished {
                    display_name,
                    service: service.clone(),
                    link: link.clone(),
                })?,
                ServiceAction::Deprecate { reason, replacement } => {
                    let replacement = match replacement {
                        Some(r) => Some(load_service(conn, &r.to_string())?.content.name),
                        None => None,
                    };
                    notify_provider(conn, &next, now, |display_name| mails::ServiceDeprecated {
                        display_name,
                        service: service.clone(),
                        reason: reason.clone(),
                        replacement: replacement.clone(),
                        link: link.clone(),
                    })?;
                }
                ServiceAction::Retire => {}
            }
            load_service(conn, &next.id.to_string())
        })
    }

    /// The lifecycle history of a service the caller may see, oldest first.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn service_history(&self, actor: Option<&Actor>, slug: &str) -> Result<Vec<ServiceHistoryEntry>, StoreError> {
        self.db.read(|conn| {
            let service = resolve_visible(conn, actor, slug)?;
            let rows: Vec<HistoryRow> = service_history::table
                .left_join(users::table.on(users::id.nullable().eq(service_history::actor_id)))
                .filter(service_history::service_id.eq(service.id.to_string()))
                .order(service_history::id.asc())
                .select((
                    service_history::action,
                    users::display_name.nullable(),
                    service_history::from_state,
                    service_history::to_state,
                    service_history::note,
                    service_history::occurred_at,
                ))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(action, actor_name, from_state, to_state, note, at)| ServiceHistoryEntry {
                    action,
                    actor_name,
                    from_state,
                    to_state,
                    note,
                    occurred_at: utc(at),
                })
                .collect())
        })
    }
}

/// At most `max` characters of Markdown, cut at the last line break that fits, with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max - 1).collect();
    let cut = head.rfind('\n').filter(|at| *at > 0).map_or(head.as_str(), |at| &head[..at]).trim_end();
    format!("{cut}…")
}

/// At most `max` characters, cut at a word with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', '.', ':']);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::{clip, shorten};

    #[test]
    fn texts_are_cut_to_the_catalogue_limits_at_a_boundary() {
        assert_eq!(shorten("Una  frase\n breve", 150), "Una frase breve");
        let short = shorten(&"parola ".repeat(40), 150);
        assert!(short.chars().count() <= 150 && short.ends_with("parola…"), "{short}");
        let markdown = format!("## Titolo\n\n{}\n\nCoda", "x".repeat(50));
        assert_eq!(clip(&markdown, 64), format!("## Titolo\n\n{}…", "x".repeat(50)));
        assert_eq!(clip("breve", 60), "breve");
        assert!(clip(&"y".repeat(20_000), 10_000).chars().count() <= 10_000);
    }
}
