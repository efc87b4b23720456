//! The Innovation Hub's domain: the values, rules and decisions of the platform.
//!
//! Nothing here performs I/O. Values are parsed once at the edge (`Email::parse`, `TaxCode::parse`…)
//! and are valid by construction afterwards; the store and the API only move them around.

pub mod account;
pub mod actor;
pub mod adoption;
pub mod analytics;
pub mod annex;
pub mod assignment_plan;
pub mod audit;
pub mod blind;
pub mod catalogue;
pub mod challenge;
pub mod clock;
pub mod consensus;
pub mod duties;
pub mod error;
pub mod expertise;
pub mod ids;
pub mod mail;
mod named;
pub mod need;
pub mod notice;
pub mod open_data;
pub mod organization;
pub mod page;
pub mod pillar;
pub mod portfolio;
pub mod proposal;
pub mod quality;
pub mod redress;
pub mod response;
pub mod review;
pub mod scoring;
pub mod similarity;
pub mod term;
pub mod text;
pub mod visibility;
pub mod webhook;

pub use account::{DisplayName, Email, ErasedIdentity, Locale, NewAccount, Password, User};
pub use actor::{Actor, Credential, Role, Scope};
pub use adoption::{Adoption, AdoptionContent, AdoptionInput, AdoptionState, CommunityMessage};
pub use audit::AuditEvent;
pub use catalogue::{
    Contact, DevelopmentStatus, Service, ServiceAction, ServiceContent, ServiceId, ServiceInput, ServiceModel,
    ServiceState,
};
pub use challenge::{
    Challenge, ChallengeAction, ChallengeContent, ChallengeId, ChallengeInput, ChallengeState, EvaluationInput,
    EvaluationSettings,
};
pub use clock::{Clock, SystemClock};
pub use error::{DomainError, FieldError, Validation};
pub use expertise::ExpertiseTerm;
pub use ids::{OrganizationId, UserId};
pub use mail::contents as mails;
pub use mail::{MailContent, MailTemplate, OutgoingMail};
pub use need::{Cosignature, Need, NeedContent, NeedField, NeedId, NeedInput, NeedPatch, NeedState, Urgency};
pub use organization::{
    AdministrationStatus, Departure, IpaCode, NewOrganization, Organization, OrganizationKind, OrganizationName,
    TaxCode,
};
pub use page::{Page, PageRequest};
pub use pillar::{HalfPoints, Pillar, Rubric, RubricLevel, RubricPillar};
pub use proposal::{Move, Proposal, ProposalAction, ProposalContent, ProposalId, ProposalInput, ProposalState};
pub use text::Note;
