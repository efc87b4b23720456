//! The four pillars and their scale.

use actix_web::{get, web};
use domain::Rubric;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// One whole level of a pillar's 0–5 scale (evaluators score in half points).
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelDto {
    /// 0 to 5.
    pub score: u8,
    /// Definition (Italian).
    pub it: String,
    /// Definition (English).
    pub en: String,
}

/// A pillar.
#[derive(Debug, Serialize, ToSchema)]
pub struct PillarDto {
    /// Stable key, e.g. `security_sovereignty`.
    pub key: String,
    /// Name (Italian).
    pub name_it: String,
    /// Name (English).
    pub name_en: String,
    /// What it assesses (Italian).
    pub description_it: String,
    /// What it assesses (English).
    pub description_en: String,
    /// The definition of every whole level, 0 to 5.
    pub levels: Vec<LevelDto>,
}

/// The versioned rubric.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "version": "2026.1",
    "min_score": 0.0,
    "max_score": 5.0,
    "step": 0.5,
    "pillars": [
        {
            "key": "security_sovereignty",
            "name_it": "Sicurezza e sovranità",
            "name_en": "Security and sovereignty",
            "description_it": "Valuta come la proposta protegge i dati e i servizi della pubblica amministrazione: conformità al GDPR, localizzazione dei dati in Italia o nell'UE e sul PSN, sicurezza informatica fin dalla progettazione. Considera inoltre il controllo dell'amministrazione su dati e chiavi crittografiche e l'assenza di lock-in.",
            "description_en": "Assesses how the proposal protects the data and services of the public administration: GDPR compliance, data location in Italy or the EU and on the PSN, and cybersecurity by design. It also considers the administration's control over data and encryption keys and the absence of lock-in.",
            "levels": [
                {
                    "score": 0,
                    "it": "Non trattato: la proposta non dice nulla su protezione dei dati, localizzazione, sicurezza informatica o controllo dei dati da parte dell'amministrazione.",
                    "en": "Not addressed: the proposal says nothing about data protection, data location, cybersecurity or the administration's control over its data."
                },
                {
                    "score": 1,
                    "it": "Molto debole: solo affermazioni generiche (ad esempio \"conforme al GDPR\") senza misure descritte; localizzazione dei dati non indicata o fuori dall'UE.",
                    "en": "Very weak: only generic statements (for example \"GDPR compliant\") with no measures described; data location not stated or outside the EU."
                },
                {
                    "score": 2,
                    "it": "Debole o parziale: alcune misure di sicurezza e privacy sono descritte, ma mancano elementi essenziali come la localizzazione dei dati, la gestione delle chiavi o una strategia di uscita.",
                    "en": "Weak or partial: some security and privacy measures are described, but essential elements such as data location, key management or an exit strategy are missing."
                },
                {
                    "score": 3,
                    "it": "Adeguato: trattamento conforme al GDPR, dati in Italia o nell'UE ed eseguibile sul PSN, misure di sicurezza di base descritte; restano rischi di lock-in o di controllo non affrontati.",
                    "en": "Adequate: GDPR-compliant processing, data in Italy or the EU and deployable on the PSN, basic security measures described; some lock-in or control risks remain unaddressed."
                },
                {
                    "score": 4,
                    "it": "Buono: sicurezza fin dalla progettazione documentata (analisi dei rischi, cifratura, controllo degli accessi), dati sul PSN, formati e interfacce aperti e una strategia di uscita credibile.",
                    "en": "Good: security by design documented (risk analysis, encryption, access control), data on the PSN, open formats and interfaces and a credible exit strategy."
                },
                {
                    "score": 5,
                    "it": "Eccellente: come il livello 4, più chiavi gestite dall'amministrazione, valutazione d'impatto (DPIA), piano di test e di risposta agli incidenti e piena portabilità senza lock-in.",
                    "en": "Excellent: as level 4, plus keys controlled by the administration, a data protection impact assessment (DPIA), a testing and incident response plan and full portability with no lock-in."
                }
            ]
        }
    ]
}))]
pub struct RubricDto {
    /// Version of the rubric text.
    pub version: String,
    /// Scores go from this…
    pub min_score: f64,
    /// …to this…
    pub max_score: f64,
    /// …in steps of this.
    pub step: f64,
    /// The four pillars, in order.
    pub pillars: Vec<PillarDto>,
}

impl From<Rubric> for RubricDto {
    fn from(r: Rubric) -> Self {
        Self {
            version: r.version,
            min_score: 0.0,
            max_score: 5.0,
            step: 0.5,
            pillars: r
                .pillars
                .into_iter()
                .map(|p| PillarDto {
                    key: p.pillar.key().to_owned(),
                    name_it: p.name_it,
                    name_en: p.name_en,
                    description_it: p.description_it,
                    description_en: p.description_en,
                    levels: p.levels.into_iter().map(|l| LevelDto { score: l.score, it: l.it, en: l.en }).collect(),
                })
                .collect(),
        }
    }
}

/// Read the four pillars.
///
/// Anyone may call it. The hub's current rubric: the four pillars (security and sovereignty, growth and
/// development, talent and skills, effectiveness and sustainability) in order, with the definition of every whole
/// level from 0 to 5, in Italian and English. Reviews score each pillar 0 to 5 in half points.
#[utoipa::path(tag = "evaluation", responses(
    (status = 200, description = "The current rubric", body = RubricDto),
    (status = 503, description = "Unavailable", body = Problem, content_type = "application/problem+json"),
))]
#[get("/pillars")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<RubricDto>, ApiError> {
    let store = state.store.clone();
    Ok(web::Json(blocking(move || store.rubric_current()).await?.into()))
}
