# The proposers' pages: their organisation's proposals, the form, submission, history, revision, withdrawal, feedback.

# List.
proposals-title = Le proposte
proposals-lead = Le proposte della sua organizzazione, raggruppate per stato.
proposals-new = Nuova proposta
proposals-filter-label = Filtra per stato
proposals-all = Tutte
proposals-none = Non ci sono proposte da mostrare.
proposals-next-page = Proposte successive

# States.
proposal-state-draft = Bozza
proposal-state-submitted = Presentata
proposal-state-under-review = In valutazione
proposal-state-revision-requested = Revisione richiesta
proposal-state-accepted = Accettata
proposal-state-rejected = Respinta
proposal-state-withdrawn = Ritirata
proposal-state-promoted = Nel catalogo

# The proposal's page.
proposal-state = Stato
proposal-version = Versione
proposal-version-n = Versione { $version }
proposal-version-submitted = presentata il { $date }
proposal-created = Creata il
proposal-updated = Ultima modifica
proposal-submitted = Presentata il
proposal-content = Contenuto della proposta
proposal-not-given = Non indicato
proposal-no-team = Nessun coautore indicato
proposal-euro = { $amount } €
proposal-actions = Azioni
proposal-back = Torna alla proposta
proposal-edit = Modifica
proposal-submit = Presenta la proposta
proposal-resubmit = Ripresenta la proposta
proposal-withdraw = Ritira la proposta
proposal-history = Cronologia e versioni
proposal-feedback = Esito della valutazione
proposal-revision-heading = Revisione richiesta dal Polo
proposal-revision-help = Modifichi la proposta tenendo conto della nota e la ripresenti: sarà valutata come nuova versione.
proposal-notice-created = Bozza salvata. Può completarla e presentarla quando è pronta.
proposal-notice-saved = Modifiche salvate.
proposal-notice-submitted = Proposta presentata. Il gruppo riceverà una conferma per email.
proposal-notice-resubmitted = Proposta ripresentata come nuova versione.
proposal-notice-withdrawn = Proposta ritirata.
proposal-submit-missing = La proposta non si può ancora presentare: completi i campi seguenti.
proposal-submit-unverified = Prima di presentare una proposta deve confermare il suo indirizzo email, con il collegamento che le abbiamo inviato.
proposal-submit-closed = La sfida non accetta proposte in questo momento.

# History.
proposal-history-of = Cronologia di «{ $title }»
proposal-history-when = Quando
proposal-history-what = Operazione
proposal-history-who = Chi
proposal-history-note = Nota
proposal-history-someone = Account eliminato
proposal-versions = Versioni presentate
proposal-versions-none = La proposta non è ancora stata presentata.
proposal-action-create = Creazione
proposal-action-edit = Modifica
proposal-action-submit = Presentazione
proposal-action-screen-eligible = Ammessa alla valutazione
proposal-action-screen-ineligible = Non ammissibile
proposal-action-request-revision = Revisione richiesta
proposal-action-resubmit = Nuova presentazione
proposal-action-decide-accept = Accettata
proposal-action-decide-reject = Respinta
proposal-action-withdraw = Ritiro
proposal-action-promote = Inserita nel catalogo
proposal-action-reviews-cancelled = Valutazioni in corso annullate

# The form.
proposal-new-title = Nuova proposta
proposal-edit-title = Modifica della proposta
proposal-form-intro = Può salvare la bozza in qualsiasi momento: per presentarla servono tutti i campi tranne il budget.
proposal-field-challenge = Sfida
proposal-field-title = Titolo
proposal-field-summary = Sintesi
proposal-field-description = Descrizione
proposal-field-team = Gruppo di lavoro
proposal-field-trl = Livello di maturità tecnologica (TRL)
proposal-field-budget = Budget richiesto
proposal-field-tags = Parole chiave
proposal-field-self-assessment-of = Autovalutazione: { $pillar }
proposal-field-reuse-assessment = Differenze rispetto ai servizi a catalogo
proposal-choose-challenge = Scelga una sfida aperta
proposal-choose-trl = Scelga un livello
proposal-hint-title = Da 5 a 200 caratteri.
proposal-hint-summary = Al massimo 500 caratteri.
proposal-hint-description = Può usare Markdown: # per i titoli, *corsivo*, **grassetto**, elenchi con -, collegamenti [testo](https://…).
proposal-hint-team = I colleghi della sua organizzazione che firmano la proposta con lei.
proposal-no-colleagues = Nella sua organizzazione non ci sono altri colleghi registrati.
proposal-hint-trl = Da 1 (principi di base osservati) a 9 (sistema provato in ambiente operativo).
proposal-hint-budget = In euro, per esempio 25.000,00.
proposal-hint-tags = Separate da virgole, per esempio: cloud, sicurezza.
proposal-self-assessment = Autovalutazione sui quattro pilastri
proposal-hint-self-assessment = Per ogni pilastro descriva come la proposta soddisfa i criteri, accanto alla loro definizione.
proposal-pillar-levels = I livelli di punteggio, da 0 a 5
proposal-save-draft = Salva la bozza
proposal-conflict-heading = Qualcun altro ha modificato la proposta
proposal-conflict-text = Mentre lei scriveva, un collega ha salvato un'altra versione. Le sue modifiche non sono state salvate: confronti le due versioni, riporti nel modulo ciò che vuole tenere e salvi di nuovo.
proposal-conflict-theirs = La versione salvata nel frattempo
proposal-conflict-yours = Le sue modifiche (non ancora salvate)


# Withdrawal.
proposal-withdraw-title = Ritiro della proposta
proposal-withdraw-heading = Ritirare «{ $title }»?
proposal-withdraw-warning = Il ritiro è definitivo: la proposta non potrà più essere modificata né valutata, e le valutazioni in corso saranno annullate.
proposal-withdraw-note = Motivo del ritiro (facoltativo)
proposal-withdraw-note-hint = Resta nella cronologia della proposta.
proposal-withdraw-confirm = Sì, ritira la proposta
proposal-withdraw-cancel = No, torna alla proposta

# Feedback.
proposal-feedback-of = Esito della valutazione di «{ $title }»
proposal-feedback-accepted = La proposta è stata accettata
proposal-feedback-rejected = La proposta non è stata accolta
proposal-feedback-decided = Decisione del { $date }
proposal-feedback-rationale = Motivazione:
proposal-feedback-scores = Punteggi per pilastro
proposal-feedback-chart-title = Media dei punteggi per pilastro, rispetto alle soglie della sfida
proposal-feedback-chart-desc = { $pillar }: media { $score }, soglia { $threshold }.
proposal-feedback-chart-caption = Ogni barra è la media dei punteggi (da 0 a 5); la linea tratteggiata è la soglia della sfida. La tabella riporta gli stessi valori.
proposal-feedback-table-caption = Medie, soglie e pesi per pilastro
proposal-feedback-pillar = Pilastro
proposal-feedback-mean = Media
proposal-feedback-threshold = Soglia
proposal-feedback-weight = Peso
proposal-feedback-result = Esito
proposal-feedback-passes = Soglia raggiunta
proposal-feedback-fails = Sotto la soglia
proposal-feedback-total = Totale ponderato
proposal-feedback-reviews = Le valutazioni
proposal-feedback-no-reviews = Nessuna valutazione presentata.
proposal-feedback-evaluator = Valutatore { $n }
proposal-feedback-overall = Commento complessivo:
proposal-feedback-agreed = I punteggi qui sotto sono quelli concordati dai valutatori nella relazione di consenso, su cui si è basata la decisione; le singole valutazioni seguono così come sono state scritte.
proposal-feedback-consensus-comment = Il commento dei valutatori al gruppo:
