//! Every problem `code` the hub can answer with, its title and a one-paragraph description, in Italian
//! and English: the one home of the words of `title` and of the pages at `/problems/{code}`.

/// A kind of problem.
#[derive(Debug, Clone, Copy)]
pub struct ProblemKind {
    /// The stable code.
    pub code: &'static str,
    /// The HTTP status it comes with.
    pub status: u16,
    /// The title in Italian.
    pub title_it: &'static str,
    /// The title in English.
    pub title_en: &'static str,
    /// What it means and what to do, in Italian.
    pub about_it: &'static str,
    /// What it means and what to do, in English.
    pub about_en: &'static str,
}

/// The kind of problem named `code`.
pub fn find(code: &str) -> Option<&'static ProblemKind> {
    KINDS.iter().find(|k| k.code == code)
}

macro_rules! kinds {
    ($( $code:literal $status:literal $title_it:literal $title_en:literal $about_it:literal $about_en:literal ;)*) => {
        /// The table, in order of status.
        pub const KINDS: &[ProblemKind] = &[$(ProblemKind {
            code: $code, status: $status, title_it: $title_it, title_en: $title_en, about_it: $about_it, about_en: $about_en,
        }),*];
    };
}

kinds! {
    "malformed_json" 400 "JSON non valido" "Malformed JSON"
        "Il corpo della richiesta non è un documento JSON valido, oppure è un array dove è atteso un oggetto. Correggere la sintassi e riprovare."
        "The request body is not valid JSON, or is an array where an object is expected. Fix the syntax and try again.";
    "malformed_body" 400 "Corpo della richiesta illeggibile" "Unreadable request body"
        "Il corpo della richiesta non si è potuto leggere (ad esempio perché interrotto). Inviarlo di nuovo."
        "The request body could not be read (for instance, it was cut off). Send it again.";
    "malformed_multipart" 400 "Modulo multipart illeggibile" "Unreadable multipart form"
        "Il corpo della richiesta non è un modulo multipart/form-data valido, oppure un suo campo di testo è troppo lungo. Inviare il campo `rule` e poi il campo `file`."
        "The request body is not a valid multipart/form-data form, or one of its text fields is too long. Send the field `rule`, then the field `file`.";
    "malformed_query" 400 "Parametri di ricerca non validi" "Malformed query string"
        "Un parametro della query string ha un valore del tipo sbagliato, ad esempio un testo dove è atteso un numero. Il dettaglio indica quale."
        "A query-string parameter has a value of the wrong type, such as text where a number is expected. The detail says which.";
    "invalid_characters" 400 "Caratteri non ammessi" "Invalid characters"
        "Il percorso, la query string o un testo del corpo contiene un byte NUL o un altro carattere di controllo, che nessun campo dell'Innovation Hub ammette."
        "The path, the query string or a text in the body holds a NUL byte or another control character, which no field of the Innovation Hub accepts.";
    "unauthenticated" 401 "Autenticazione necessaria" "Authentication required"
        "La richiesta non porta un token di accesso valido. Accedere (POST /api/v1/auth/login) o rinnovare il token e inviare l'intestazione Authorization: Bearer."
        "The request carries no valid access token. Log in (POST /api/v1/auth/login) or refresh the token and send an Authorization: Bearer header.";
    "forbidden" 403 "Operazione non consentita" "Forbidden"
        "Chi ha fatto la richiesta è autenticato ma il suo ruolo o i permessi del token non consentono questa operazione su questa risorsa."
        "The caller is authenticated, but their role or the token's scopes do not allow this operation on this resource.";
    "csrf_failed" 403 "Modulo non valido per questa sessione" "Form not valid for this session"
        "Il modulo inviato da una pagina dell'Innovation Hub non porta il codice di sicurezza della sessione del browser: la pagina era stata aperta in un'altra sessione o da un altro sito. Ricaricare la pagina e inviare di nuovo il modulo."
        "A form sent from a page of the Innovation Hub does not carry the security code of the browser's session: the page was opened in another session or by another site. Reload the page and send the form again.";
    "malformed_form" 400 "Modulo illeggibile" "Unreadable form"
        "I campi del modulo inviato non si sono potuti leggere. Ricaricare la pagina e inviare di nuovo il modulo."
        "The fields of the form sent could not be read. Reload the page and send the form again.";
    "not_found" 404 "Risorsa non trovata" "Not found"
        "La risorsa richiesta non esiste, oppure chi la chiede non può vederla. Un identificativo malformato risponde allo stesso modo di uno sconosciuto."
        "The resource does not exist, or the caller may not see it. A malformed identifier answers as an unknown one does.";
    "method_not_allowed" 405 "Metodo non consentito" "Method not allowed"
        "La risorsa esiste ma non risponde a questo metodo HTTP. L'intestazione Allow elenca i metodi ammessi."
        "The resource exists but does not answer this HTTP method. The Allow header lists the methods it does answer.";
    "account_closed" 409 "Account chiuso" "Account closed"
        "Questo account ha lasciato la propria organizzazione, o ne è stato tolto, e non può più accedere. Un invito da un'organizzazione, accettato con lo stesso indirizzo, lo riapre."
        "This account left its organisation, or was removed from it, and can no longer sign in. An invitation from an organisation, accepted with the same address, reopens it.";
    "administration_unverified" 409 "Amministrazione non verificata" "Administration not verified"
        "Un amministratore dell'Innovation Hub non ha ancora verificato questa pubblica amministrazione sull'Indice delle Pubbliche Amministrazioni: finché non lo fa, l'ente non ha referenti, non promuove sfide e non dichiara adozioni."
        "No Innovation Hub admin has checked this public administration against the Index of Public Administrations yet: until one does, it has no officers, sponsors no challenges and declares no adoptions.";
    "administration_verified" 409 "Amministrazione già verificata" "Administration already verified"
        "La pubblica amministrazione è già verificata: non c'è altro da fare."
        "The public administration is already verified: there is nothing more to do.";
    "already_assigned" 409 "Valutatore già assegnato" "Evaluator already assigned"
        "Il valutatore è già assegnato a questa versione della proposta."
        "The evaluator is already assigned to this version of the proposal.";
    "already_cosigned" 409 "Fabbisogno già sottoscritto" "Need already co-signed"
        "L'amministrazione ha già sottoscritto questo fabbisogno: una sottoscrizione per ente."
        "The administration has already co-signed this need: one co-signature per administration.";
    "already_verified" 409 "Indirizzo già verificato" "Address already verified"
        "L'indirizzo email è già verificato: non serve un nuovo messaggio di verifica."
        "The email address is already verified: no new verification message is needed.";
    "challenge_not_open" 409 "Sfida non aperta" "Challenge not open"
        "La sfida non accetta candidature ora: non è aperta, oppure la richiesta cade fuori dalla sua finestra temporale."
        "The challenge does not accept submissions now: it is not open, or the request falls outside its window.";
    "concurrent_change" 409 "Modifica concorrente" "Concurrent change"
        "La risorsa è cambiata nel frattempo. Rileggerla e ripetere la modifica sulla versione corrente."
        "The resource changed meanwhile. Read it again and repeat the change on the current version.";
    "conflict_of_interest" 409 "Conflitto di interessi" "Conflict of interest"
        "Il valutatore ha un conflitto di interessi con la proposta (ad esempio appartiene all'organizzazione proponente) e non può valutarla."
        "The evaluator has a conflict of interest with the proposal (for instance, they belong to the proposing organisation) and may not review it.";
    "consensus_closed" 409 "Consenso chiuso" "Consensus closed"
        "La proposta non è più in valutazione nella versione della relazione di consenso: la relazione non cambia più."
        "The proposal is no longer under review at the consensus report's version: the report no longer changes.";
    "consensus_final" 409 "Relazione di consenso definitiva" "Consensus report final"
        "La relazione di consenso è definitiva: non si modifica, non si cambia il relatore e non si prendono nuove posizioni."
        "The consensus report is final: it is not edited, its rapporteur does not change and no new position is taken.";
    "duplicate" 409 "Valore già presente" "Duplicate"
        "Esiste già un record con lo stesso valore univoco."
        "A record with the same unique value already exists.";
    "email_taken" 409 "Indirizzo email già in uso" "Email address taken"
        "L'indirizzo email appartiene già a un account."
        "The email address already belongs to an account.";
    "invalid_transition" 409 "Passaggio di stato non ammesso" "Invalid transition"
        "La risorsa non può passare allo stato richiesto da quello in cui si trova. Il dettaglio indica lo stato attuale."
        "The resource cannot move to the requested state from the one it is in. The detail names the current state.";
    "ipa_code_taken" 409 "Codice IPA già in uso" "IPA code taken"
        "Un'altra organizzazione è già registrata con questo codice IPA."
        "Another organisation is already registered with this IPA code.";
    "last_admin" 409 "Ultimo amministratore" "Last administrator"
        "L'operazione lascerebbe l'Innovation Hub senza amministratori. Nominarne prima un altro."
        "The operation would leave the Innovation Hub without an administrator. Appoint another one first.";
    "not_dead" 409 "Email non in errore" "Email not dead"
        "Si può rinviare solo un'email che non è stata consegnata dopo tutti i tentativi: questa è in attesa o già consegnata."
        "Only an email that was not delivered after every attempt can be sent again: this one is waiting or delivered.";
    "no_rapporteur" 409 "Relatore non designato" "No rapporteur"
        "Per la versione attuale della proposta non è ancora stato designato un relatore: un responsabile dell'Innovation Hub lo designa tra i valutatori che hanno inviato la valutazione."
        "No rapporteur has been designated for the proposal's current version yet: a hub manager designates one among the evaluators who submitted their review.";
    "nothing_to_concur" 409 "Bozza non ancora scritta" "No draft yet"
        "Il relatore non ha ancora scritto la bozza della relazione di consenso: non c'è nulla su cui esprimere una posizione o da rendere definitivo."
        "The rapporteur has not written the consensus draft yet: there is nothing to take a position on or to finalise.";
    "positions_pending" 409 "Posizioni mancanti" "Positions pending"
        "Alcuni valutatori non hanno ancora espresso la loro posizione sulla bozza attuale: il relatore la rende definitiva quando tutti si sono espressi (un responsabile dell'Innovation Hub può farlo comunque)."
        "Some evaluators have not taken a position on the current draft yet: the rapporteur finalises it once all have (a hub manager may finalise it anyway).";
    "reviews_missing" 409 "Nessuna valutazione inviata" "No review submitted"
        "Nessuna valutazione della versione attuale è stata ancora inviata: non c'è nulla da conciliare."
        "No review of the current version has been submitted yet: there is nothing to reconcile.";
    "no_budget" 409 "Sfida senza dotazione" "No budget set"
        "La sfida non indica la dotazione finanziaria complessiva (budget_cents): senza di essa l'Innovation Hub non può proporre il portafoglio di proposte finanziabili. Un responsabile dell'Innovation Hub può impostarla modificando la sfida."
        "The challenge sets no overall budget (budget_cents): without it the Innovation Hub cannot propose a portfolio of proposals to fund. A hub manager can set it by editing the challenge.";
    "notice_required" 409 "Comunicazione dei motivi ostativi necessaria" "Notice of the grounds required"
        "La sfida prevede che, prima di un rigetto, il gruppo riceva i motivi che ostano all'accoglimento della proposta e possa presentare osservazioni (art. 10-bis della legge 241/1990): comunicare prima i motivi (POST /proposals/{id}/notice)."
        "Before a rejection the challenge gives the team the grounds that stand in the way of accepting the proposal, and time for observations (art. 10-bis of Law 241/1990): send the notice of the grounds first (POST /proposals/{id}/notice).";
    "notice_running" 409 "Termine per le osservazioni in corso" "Term for observations running"
        "Il gruppo può ancora presentare osservazioni sui motivi ostativi comunicati: il rigetto attende le osservazioni o la scadenza del termine (l'accoglimento è possibile in ogni momento)."
        "The team may still send observations on the grounds it was given: the rejection waits for them or for the term to end (acceptance is possible at any time).";
    "notice_exists" 409 "Motivi ostativi già comunicati" "Notice already given"
        "I motivi ostativi sono già stati comunicati per questa versione della proposta: la comunicazione è una sola per versione."
        "The grounds were already notified for this version of the proposal: there is one notice per version.";
    "no_notice" 409 "Nessuna comunicazione dei motivi ostativi" "No notice of the grounds"
        "Sulla versione attuale della proposta non è stata comunicata alcuna ragione ostativa: non ci sono osservazioni da presentare."
        "No grounds were notified on the proposal's current version: there are no observations to send.";
    "observations_sent" 409 "Osservazioni già inviate" "Observations already sent"
        "Le osservazioni sui motivi ostativi si presentano una sola volta, e il gruppo le ha già inviate."
        "Observations on the notified grounds are sent once, and the team has already sent them.";
    "notice_lapsed" 409 "Termine per le osservazioni scaduto" "Term for observations ended"
        "Il termine per presentare osservazioni sui motivi ostativi è scaduto: l'Innovation Hub può ora decidere."
        "The term for observations on the notified grounds has ended: the Innovation Hub may now decide.";
    "response_running" 409 "Termine per la risposta alle valutazioni in corso" "Term for the response running"
        "Il gruppo può ancora rispondere alle valutazioni: la sintesi dei valutatori e la decisione attendono la risposta o la scadenza del termine."
        "The team may still answer the reviews: the consensus and the decision wait for its response or for the term to end.";
    "response_pending" 409 "Risposta del gruppo non ancora possibile" "The team's response is still to come"
        "La sfida consente al gruppo di rispondere alle valutazioni prima della sintesi: la risposta si apre quando sono pervenute le valutazioni richieste."
        "The challenge lets the team answer the reviews before the consensus: the response opens once the reviews it needs are in.";
    "no_response_window" 409 "Valutazioni non aperte alla risposta" "Reviews not open to a response"
        "Le valutazioni di questa versione non sono aperte alla risposta del gruppo: la sfida non la prevede, oppure non sono ancora pervenute le valutazioni richieste."
        "The reviews of this version are not open to the team's response: the challenge does not provide for one, or the reviews it needs are not in yet.";
    "too_many_annexes" 409 "Allegati già completi" "Annex already complete"
        "Questo allegato accetta un numero massimo di file, e la proposta li ha già tutti: eliminarne uno prima di caricarne un altro, oppure sostituirlo caricando un file con lo stesso nome."
        "This annex takes at most a set number of files, and the proposal has them all: delete one before uploading another, or replace it by uploading a file with the same name.";
    "annex_frozen" 409 "Allegato di una versione inviata" "Annex of a submitted version"
        "Gli allegati di una versione inviata non cambiano più: una revisione lavora su una copia, che si può modificare finché la proposta non viene inviata di nuovo."
        "A submitted version's annexes never change: a revision works on a copy, which can be changed until the proposal is submitted again.";
    "delivery_in_flight" 409 "Consegna in corso" "Delivery being attempted"
        "L'hub sta tentando questa consegna proprio ora: la si può rinviare quando il tentativo compare nel registro delle consegne, perché il suo esito chiuderebbe il nuovo giro di tentativi."
        "The hub is attempting this delivery right now: it can be redelivered once the attempt shows in the delivery log, since its outcome would end the new round of attempts.";
    "response_sent" 409 "Risposta già inviata" "Response already sent"
        "La risposta alle valutazioni si invia una sola volta, e il gruppo l'ha già inviata."
        "The response to the reviews is sent once, and the team has already sent it.";
    "response_lapsed" 409 "Termine per la risposta scaduto" "Term for the response ended"
        "Il termine per rispondere alle valutazioni è scaduto: la valutazione prosegue."
        "The term for answering the reviews has ended: the evaluation goes on.";
    "not_submitted" 409 "Valutazione non inviata" "Review not submitted"
        "Si esprime un giudizio solo su una valutazione inviata."
        "Only a submitted review is rated.";
    "not_rejected" 409 "Proposta non respinta" "Not rejected"
        "Il riesame si chiede solo sulla decisione che ha respinto la versione attuale della proposta."
        "A review is asked only of the decision that rejected the proposal's current version.";
    "redress_exists" 409 "Riesame già chiesto" "Review already requested"
        "Il riesame di questa decisione è già stato chiesto: si chiede una sola volta per decisione."
        "A review of this decision was already requested: it is asked once per decision.";
    "redress_closed" 409 "Termine per il riesame scaduto" "Term for a review ended"
        "Il termine per chiedere il riesame della decisione è scaduto."
        "The term for asking a review of the decision has ended.";
    "redress_handled" 409 "Richiesta di riesame già esaminata" "Request already handled"
        "La richiesta di riesame è già stata esaminata: l'esito non cambia."
        "The request for review was already handled: its outcome does not change.";
    "no_redress" 409 "Nessuna richiesta di riesame" "No request for review"
        "Sulla decisione attuale non è stata presentata alcuna richiesta di riesame."
        "No request for review was filed on the current decision.";
    "not_decided" 409 "Decisione non ancora presa" "Not decided yet"
        "Il riscontro è disponibile solo dopo che l'Innovation Hub ha deciso sulla proposta."
        "The feedback is available once the Innovation Hub has decided on the proposal.";
    "need_not_open" 409 "Fabbisogno non aperto" "Need not open"
        "Il fabbisogno è stato unito a un altro, trasformato in una sfida o chiuso: non si sottoscrive e non si tratta più."
        "The need was merged into another, turned into a challenge or closed: it is no longer co-signed or triaged.";
    "not_an_administration" 409 "Non è una pubblica amministrazione" "Not a public administration"
        "L'operazione riguarda solo le pubbliche amministrazioni verificate e i loro referenti; questa organizzazione, o l'organizzazione di questa persona, non lo è."
        "The operation concerns only verified public administrations and their officers; this organisation, or this person's organisation, is not one.";
    "not_editable" 409 "Non modificabile" "Not editable"
        "La proposta, nello stato in cui si trova, non si può modificare."
        "The proposal cannot be edited in the state it is in.";
    "member_unverified" 409 "Indirizzo del membro non confermato" "Member's address not verified"
        "La titolarità di un'organizzazione passa solo a un membro che ha confermato il proprio indirizzo email: chi ne è titolare invita e nomina a nome dell'organizzazione."
        "An organisation's ownership passes only to a member who has confirmed their email address: its owner invites and appoints in the organisation's name.";
    "not_under_review" 409 "Proposta non in valutazione" "Not under review"
        "Si possono assegnare valutatori e dare un parere solo su una proposta in valutazione."
        "Evaluators are assigned, and opinions given, only on a proposal under review.";
    "open_reviews" 409 "Valutazioni ancora aperte" "Reviews still open"
        "Il membro ha valutazioni assegnate e non ancora inviate: i gestori dell'hub le riassegnano prima che lasci l'organizzazione, così nessuna proposta perde un valutatore senza che se ne accorgano."
        "The member has reviews assigned and not yet submitted: the hub managers reassign them before the member leaves the organisation, so no proposal loses an evaluator unnoticed.";
    "opinions_not_requested" 409 "Parere non richiesto" "Opinions not requested"
        "La sfida non chiede il parere delle amministrazioni che la promuovono: un gestore dell'hub può chiederlo modificandola (sponsor_opinions)."
        "The challenge does not ask its administrations for opinions: a hub manager may ask for them by editing it (sponsor_opinions).";
    "organization_unverified" 409 "Organizzazione non verificata" "Organisation not verified"
        "Il titolare dell'organizzazione non ha ancora verificato il proprio indirizzo email."
        "The organisation's owner has not verified their email address yet.";
    "own_need" 409 "Fabbisogno della propria amministrazione" "Own need"
        "Un'amministrazione non sottoscrive un fabbisogno che ha indicato essa stessa."
        "An administration does not co-sign a need it stated itself.";
    "own_proposal" 409 "Proposta della propria amministrazione" "Own proposal"
        "Un'amministrazione non dà un parere su una proposta presentata da essa stessa: sarebbe un conflitto di interessi."
        "An administration gives no opinion on a proposal it submitted itself: that would be a conflict of interest.";
    "own_service" 409 "Servizio della propria organizzazione" "Own service"
        "Chi offre un servizio nel catalogo non ne dichiara l'adozione: l'adozione è il riuso da parte di un'altra amministrazione."
        "The provider of a service does not declare that it adopts it: adoption is its reuse by another administration.";
    "override_required" 409 "Motivazione necessaria" "Override required"
        "La proposta non raggiunge le soglie o il numero minimo di valutazioni, oppure la sfida richiede una relazione di consenso definitiva che manca: per decidere comunque occorre una motivazione (override_reason)."
        "The proposal falls short of the thresholds or of the minimum number of reviews, or the challenge requires a final consensus report that is missing: deciding anyway needs an override_reason.";
    "owner_must_hand_over" 409 "Prima passare la titolarità" "Hand the ownership over first"
        "Chi è titolare dell'organizzazione non la lascia e non ne viene tolto: passi prima la titolarità a un altro membro."
        "The organisation's owner neither leaves it nor is removed: they hand the ownership over to another member first.";
    "review_closed" 409 "Valutazione chiusa" "Review closed"
        "La valutazione non si può più modificare: è stata inviata, rifiutata o revocata."
        "The review can no longer change: it was submitted, declined or withdrawn.";
    "review_submitted" 409 "Valutazione già inviata" "Review submitted"
        "Un'assegnazione con una valutazione inviata resta e non si può revocare."
        "An assignment with a submitted review stays and cannot be withdrawn.";
    "roles_changed" 409 "Ruoli cambiati nel frattempo" "Roles changed meanwhile"
        "I ruoli dell'utente sono cambiati dopo che sono stati letti: rileggerli e ripetere la modifica."
        "The user's roles changed after they were read: read them again and repeat the change.";
    "rubric_frozen" 409 "Criteri di valutazione bloccati" "Evaluation settings frozen"
        "Pesi e soglie della sfida non cambiano più: è già stata inviata una valutazione di una sua proposta."
        "The challenge's weights and thresholds can no longer change: a review of one of its proposals has been submitted.";
    "same_need" 409 "Stesso fabbisogno" "Same need"
        "Un fabbisogno non si unisce a sé stesso: indicare un altro fabbisogno aperto."
        "A need is not merged into itself: name another open need.";
    "service_not_adoptable" 409 "Servizio non adottabile" "Service not open to adoption"
        "Il servizio non è aperto a nuove adozioni: è una bozza, oppure è deprecato o ritirato. Per un servizio deprecato o ritirato si può soltanto registrare che l'amministrazione ha smesso di usarlo, o correggere quanto già dichiarato; la scheda del servizio indica l'eventuale sostituto."
        "The service is not open to new adoptions: it is a draft, or it was deprecated or retired. For a deprecated or retired service an administration may only record that it stopped using it, or correct what it declared; the service's page names its successor, if any.";
    "slug_taken" 409 "Identificativo già in uso" "Slug taken"
        "Un'altra risorsa usa già questo slug. Sceglierne un altro."
        "Another resource already uses this slug. Choose another one.";
    "tax_code_taken" 409 "Codice fiscale già in uso" "Tax code taken"
        "Un'altra pubblica amministrazione verificata ha già questo codice fiscale: lo stesso ente non si registra due volte. Chiedere al titolare dell'organizzazione esistente un invito."
        "Another verified public administration already has this tax code: the same body is not registered twice. Ask the existing organisation's owner for an invitation.";
    "precondition_failed" 412 "Versione non corrispondente" "Precondition failed"
        "L'ETag indicato in If-Match non è quello della versione corrente: la risorsa è cambiata. Rileggerla e ripetere la modifica."
        "The ETag given in If-Match is not the current version's: the resource has changed. Read it again and repeat the change.";
    "payload_too_large" 413 "Corpo della richiesta troppo grande" "Payload too large"
        "Il corpo della richiesta supera il limite configurato per l'Innovation Hub."
        "The request body is larger than the limit configured for the Innovation Hub.";
    "unsupported_media_type" 415 "Tipo di contenuto non supportato" "Unsupported media type"
        "Il corpo della richiesta deve essere JSON: inviare l'intestazione Content-Type: application/json."
        "The request body must be JSON: send a Content-Type: application/json header.";
    "range_not_satisfiable" 416 "Intervallo non disponibile" "Range not satisfiable"
        "L'intervallo di byte richiesto (intestazione Range) cade fuori dal file: l'intestazione Content-Range della risposta ne indica la dimensione."
        "The byte range asked for (the Range header) lies outside the file: the response's Content-Range header gives its size.";
    "validation_failed" 422 "Dati non validi" "Validation failed"
        "Uno o più campi non sono validi. L'elenco errors indica, per ciascuno, il percorso del campo, un codice stabile e il motivo."
        "One or more fields are invalid. The errors list gives, for each, the field's path, a stable code and the reason.";
    "precondition_required" 428 "If-Match necessario" "Precondition required"
        "Questa modifica richiede l'intestazione If-Match con l'ETag letto per ultimo, perché più persone possono modificare la risorsa."
        "This change needs an If-Match header with the ETag last read, because several people may edit the resource.";
    "too_many_requests" 429 "Troppe richieste" "Too many requests"
        "È stato superato un limite di frequenza. L'intestazione Retry-After indica tra quanti secondi riprovare."
        "A rate limit was exceeded. The Retry-After header says in how many seconds to try again.";
    "internal_error" 500 "Errore interno" "Internal error"
        "Si è verificato un errore inatteso. Comunicare agli operatori l'identificativo della richiesta (request_id)."
        "An unexpected error occurred. Quote the request id (request_id) to the operators.";
    "service_unavailable" 503 "Servizio non disponibile" "Service unavailable"
        "Il servizio è momentaneamente non disponibile, ad esempio perché il database non risponde. Riprovare dopo i secondi indicati da Retry-After."
        "The service is temporarily unavailable, for instance because the database does not answer. Try again after the seconds given by Retry-After.";
}
