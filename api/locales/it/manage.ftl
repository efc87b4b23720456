## The hub managers' workspace
manage-title = Gestione dell'hub
manage-lead = Lo stato delle sfide, le valutazioni in ritardo, le proposte da discutere e quelle pronte per la decisione.
manage-proposals-title = Tutte le proposte
manage-proposals-filter = Filtra le proposte
manage-tag = Parola chiave
manage-organization = Organizzazione
manage-filter-organization = Solo le proposte di { $name }.
manage-filter-clear = Togli il filtro
manage-authors = Autori
manage-actions = Azioni
manage-no-moves = In questo stato la proposta non richiede azioni della gestione.
manage-assign = Assegna valutatori
manage-decide = Decidi
manage-decide-on = Decidi su «{ $title }»
manage-ranking-link = Graduatoria

## Screening and revision
manage-screen-legend = Esito della verifica di ammissibilità
manage-screen-hint = Una proposta ammissibile passa alla valutazione; una non ammissibile è respinta e il gruppo riceve la motivazione per email.
manage-screen-eligible = Ammissibile: passa alla valutazione
manage-screen-ineligible = Non ammissibile: respinta
manage-screen-reason = Motivazione della non ammissibilità
manage-screen-reason-hint = Obbligatoria se la proposta non è ammissibile; il gruppo la legge nell'email.
manage-screen-submit = Registra l'esito
manage-revision-legend = Richiesta di integrazioni
manage-revision-note = Che cosa il gruppo deve modificare
manage-revision-hint = Obbligatoria, al massimo 4.000 caratteri. Il gruppo la riceve per email; le valutazioni in corso vengono annullate.
manage-revision-submit = Chiedi le integrazioni

## Assignments
manage-assignments = Assegnazioni e valutazioni
manage-no-assignments = Nessun valutatore assegnato finora.
manage-evaluator = Valutatore
manage-remove = Rimuovi { $name }
manage-review-of = Valutazione di { $name }
manage-assign-title = Assegna un valutatore
manage-assign-lead = Scegli chi valuterà «{ $title }». Chi ha un conflitto di interessi non può essere scelto.
manage-assign-tags = Parole chiave della proposta: { $tags }.
manage-no-evaluators = Nell'hub non ci sono ancora valutatori.
manage-expertise = Competenze
manage-expertise-match = in linea con la proposta
manage-open-reviews = Valutazioni aperte
manage-availability = Disponibilità
manage-pick-free = Disponibile
manage-pick-assigned = Già assegnato a questa versione
manage-conflict-same-organization = Conflitto di interessi: appartiene all'organizzazione proponente
manage-conflict-same-tax-code = Conflitto di interessi: la sua organizzazione ha lo stesso codice fiscale di quella proponente
manage-conflict-on-the-team = Conflitto di interessi: fa parte del gruppo della proposta
manage-conflict-themself = Non puoi assegnare la valutazione a te stesso
manage-due = Scadenza della valutazione
manage-due-hint = La valutazione scade alle 23:59 (ora di Roma) del giorno indicato.
manage-assign-submit = Assegna
manage-back = Torna alla proposta

## Automatic assignment
manage-auto-title = Assegnazione automatica
manage-auto-lead = Assegna i valutatori a tutte le proposte in valutazione di «{ $challenge }»: carico bilanciato, prima chi ha competenze in linea, mai chi ha un conflitto di interessi. Prima vedi il piano, poi decidi se applicarlo.
manage-auto-per = Valutatori per proposta
manage-auto-per-hint = Da 1 a 10; contano anche le assegnazioni già fatte.
manage-auto-preview = Mostra il piano
manage-auto-apply = { $count ->
    [one] Applica il piano (1 assegnazione)
   *[other] Applica il piano ({ $count } assegnazioni)
}
manage-auto-plan = Il piano
manage-auto-plan-note = Nulla è stato ancora assegnato e nessuno ha ricevuto email: il piano diventa effettivo solo quando lo applichi.
manage-auto-nothing = Non ci sono proposte in valutazione da assegnare.
manage-auto-new = Nuovi valutatori
manage-auto-unassigned = Ciò che manca
manage-auto-short = { $missing ->
    [one] Manca 1 valutatore: { $reason }
   *[other] Mancano { $missing } valutatori: { $reason }
}
manage-short-conflicts = gli altri { $count } valutatori hanno un conflitto di interessi
manage-short-load = { $count } valutatori senza conflitti hanno già il massimo di valutazioni consentito ({ $cap })
manage-short-too-few = i valutatori non bastano
manage-short-own-side = non puoi assegnare una proposta della tua organizzazione
manage-auto-applied = { $count ->
    [one] Piano applicato: 1 assegnazione fatta; il valutatore ha ricevuto un'email.
   *[other] Piano applicato: { $count } assegnazioni fatte; i valutatori hanno ricevuto un'email.
}

## Decision
manage-decide-title = Decisione sulla proposta
manage-basis = Su che cosa si basa la decisione
manage-reviews-count = Valutazioni inviate per la versione corrente: { $count } (minimo richiesto: { $min }).
manage-rules-met = La proposta raggiunge il minimo di valutazioni e supera tutte le soglie.
manage-rules-unmet = Per accettarla occorre motivare la deroga, perché:
manage-short-reviews = sono state inviate { $count } valutazioni delle { $min } richieste
manage-short-thresholds = i punteggi non superano tutte le soglie della sfida
manage-short-consensus = manca la relazione di consenso definitiva che la sfida richiede: senza di essa occorre motivare la deroga anche per respingere
manage-consensus-link = Il consenso sulla proposta
manage-decision = Decisione
manage-decision-accept = Accetta la proposta
manage-decision-reject = Respingi la proposta
manage-rationale = Motivazione
manage-rationale-hint = Obbligatoria: il gruppo la legge con il riscontro delle valutazioni.
manage-override = Motivo della deroga
manage-override-hint = Necessario solo per decidere nonostante quanto indicato sopra. Resta nella cronologia e nel registro di audit; il gruppo e i valutatori non lo vedono.
manage-override-required = Per decidere così indica il motivo della deroga.
manage-decide-submit = Registra la decisione
manage-not-under-review = La proposta non è in valutazione: non c'è nulla da decidere.

## Ranking
manage-ranking-title = Graduatoria: { $challenge }
manage-exports = Esportazioni
manage-exports-intro = Tutte le proposte e tutte le valutazioni che può leggere, per un foglio di calcolo (CSV) o per un altro sistema (JSON). Ogni esportazione resta nel registro delle operazioni.
manage-exports-proposals = Proposte
manage-exports-reviews = Valutazioni
manage-exports-challenge-reviews = Scarica le valutazioni della sfida (CSV)
manage-ranking-csv = Scarica la graduatoria (CSV)
manage-ranking-empty = Nessuna proposta è ancora in valutazione.
manage-ranking-caption = Proposte in valutazione o già decise, con punteggi grezzi e calibrati
manage-sort-label = Ordina la graduatoria
manage-sort-rank = Per posizione
manage-sort-calibrated = Per posizione calibrata
manage-sort-reviews = Per numero di valutazioni
manage-sort-title = Per titolo
manage-sort-consensus = Prima quelle da discutere
manage-col-rank = Posizione
manage-col-calibrated-rank = Posizione calibrata
manage-col-reviews = Valutazioni
manage-col-total = Totale ponderato
manage-col-calibrated = Totale calibrato
manage-col-passes = Soglie
manage-col-consensus = Da discutere
manage-consensus-agreed = Concordato: { $score }
manage-consensus-yes = Sì
manage-consensus-no = No
manage-ranking-chart-heading = Media dei pilastri rispetto alle soglie
manage-ranking-chart-title = { $count ->
    [one] Media di ciascun pilastro sull'unica proposta valutata, rispetto alla soglia
   *[other] Media di ciascun pilastro sulle { $count } proposte valutate, rispetto alla soglia
}
manage-leniency = Indulgenza dei valutatori
manage-leniency-hint = Di quanto ciascun valutatore si discosta in media dagli altri valutatori delle stesse proposte: un valore positivo indica voti più generosi.
manage-leniency-offset = Scostamento medio (punti)

## Desk
manage-overdue = Valutazioni in ritardo
manage-overdue-none = Nessuna valutazione è in ritardo.
manage-funnel-chart = Proposte per stato: { $challenge }
manage-funnel-caption = Proposte per stato: { $challenge }
manage-count = Numero
manage-needs-consensus = Da discutere: i valutatori sono distanti
manage-ready = Pronte per la decisione
manage-load = Carico dei valutatori
manage-load-chart = Valutazioni aperte di ciascun valutatore

## Done and refused
manage-done-eligible = La proposta è ammissibile ed è passata alla valutazione.
manage-done-ineligible = La proposta è stata respinta come non ammissibile; il gruppo ha ricevuto la motivazione.
manage-done-revision = Richiesta di integrazioni inviata al gruppo.
manage-done-assigned = Valutatore assegnato; ha ricevuto un'email.
manage-done-removed = Assegnazione rimossa.
manage-done-accepted = Proposta accettata; il gruppo ha ricevuto la decisione.
manage-done-rejected = Proposta respinta; il gruppo ha ricevuto la decisione.
manage-refused-duties = Non puoi farlo: la proposta è della tua organizzazione o ne fai parte (separazione dei compiti), oppure hai una valutazione aperta su questa versione.
manage-refused-conflict = Non è stato possibile: la proposta è cambiata nel frattempo. Ricarica la pagina e riprova.
manage-refused-invalid-transition = Non è possibile in questo stato: la proposta è cambiata nel frattempo.
manage-refused-already-assigned = Questo valutatore è già assegnato a questa versione.
manage-refused-conflict-of-interest = Questo valutatore ha un conflitto di interessi con la proposta.
manage-refused-not-under-review = La proposta non è in valutazione.
manage-refused-review-submitted = La valutazione è già stata inviata: l'assegnazione non si può più rimuovere.
manage-refused-already-decided = Sulla proposta è già stata presa una decisione.

## Challenges
manage-challenges-title = Sfide
manage-challenge-new = Nuova sfida
manage-challenge-new-lead = La sfida nasce come bozza, visibile solo alla gestione: diventa pubblica quando la apri.
manage-challenge-edit = Modifica la sfida
manage-challenge-title = Sfida
manage-challenge-window-col = Periodo di presentazione
manage-challenge-window = dal { $opens } al { $closes }
manage-challenge-from = dal { $opens }, senza scadenza
manage-challenge-public = Pagina pubblica
manage-challenge-open = Apri
manage-challenge-close = Chiudi
manage-challenge-archive = Archivia
manage-challenge-texts = Testi
manage-challenge-field-title-it = Titolo in italiano
manage-challenge-field-title-en = Titolo in inglese
manage-challenge-field-slug = Indirizzo della pagina
manage-challenge-slug-hint = Da 3 a 80 lettere minuscole, cifre e trattini singoli, per esempio mobilita-sostenibile-lecce.
manage-challenge-field-description-it = Descrizione in italiano
manage-challenge-field-description-en = Descrizione in inglese
manage-challenge-markdown-hint = Si può usare Markdown: titoli, elenchi, collegamenti.
manage-challenge-optional = Facoltativo.
manage-challenge-tags-hint = Separate da virgole, per esempio mobilita, smart-city.
manage-challenge-sponsor-window = Amministrazione promotrice e periodo
manage-challenge-field-sponsor = Amministrazione promotrice
manage-challenge-field-responsible = Responsabile del procedimento
manage-challenge-responsible-hint = Il gestore dell'hub che risponde della procedura di questa sfida (L. 241/1990, art. 5): il suo nome compare sulla pagina pubblica della sfida e nelle comunicazioni ai proponenti.
manage-challenge-responsible-opener = Chi aprirà la sfida
manage-challenge-choose = Scegli…
manage-challenge-field-opens = Apertura delle presentazioni
manage-challenge-field-closes = Chiusura delle presentazioni
manage-challenge-closes-hint = Le proposte si accettano fino alle 23:59 (ora di Roma) del giorno indicato. Lasciata vuota, la sfida non scade.
manage-challenge-rubric = Criteri di valutazione
manage-challenge-rubric-hint = Il peso di ciascun pilastro (i quattro pesi sommano 100) e la soglia minima della sua media, da 0 a 5 a mezzi punti.
manage-challenge-frozen = I criteri sono bloccati: è già stata inviata una valutazione di una proposta di questa sfida.
manage-challenge-weight = Peso (%)
manage-challenge-threshold = Soglia
manage-challenge-weight-of = Peso di { $pillar }
manage-challenge-threshold-of = Soglia di { $pillar }
manage-challenge-sum = Somma dei pesi:
manage-challenge-overall = Soglia del totale ponderato
manage-challenge-overall-hint = Da 0 a 5, a mezzi punti.
manage-challenge-min-reviews = Valutazioni minime per decidere
manage-challenge-consensus = Relazione di consenso prima della decisione
manage-challenge-consensus-hint = Quando le valutazioni di una proposta vanno conciliate da un relatore prima che l'Hub decida: senza la relazione definitiva, per decidere occorre motivare la deroga.
manage-challenge-min-reviews-hint = Da 1 a 20.
manage-challenge-procedure = Procedura
manage-challenge-opinions = Chiedi il parere delle amministrazioni promotrici
manage-challenge-opinions-hint = Le amministrazioni che promuovono o sostengono la sfida leggono le proposte ammesse alla valutazione ed esprimono un parere non vincolante, che i gestori dell'hub vedono prima di decidere. I valutatori e i proponenti non lo vedono.
manage-challenge-save = Salva le modifiche
manage-challenge-create = Crea la bozza
manage-challenge-cancel = Annulla
manage-challenge-stale = Nel frattempo qualcun altro ha salvato la sfida
manage-challenge-stale-help = Non è stato salvato nulla. Qui sotto c'è la versione salvata; il modulo contiene ancora ciò che hai scritto: controlla e salva di nuovo.
manage-challenge-done-created = Bozza della sfida creata.
manage-challenge-done-saved = Modifiche salvate.
manage-challenge-done-open = Sfida aperta: ora è pubblica.
manage-challenge-done-close = Sfida chiusa: non accetta più proposte.
manage-challenge-done-archive = Sfida archiviata.

## The challenge form's annexes: the files a challenge asks proposals for.
manage-annex-heading = Allegati richiesti
manage-annex-hint = I file che chiedi ai proponenti, uno per riga: per esempio un piano tecnico in PDF o un preventivo in un foglio di calcolo. Una riga lasciata vuota non conta; per togliere un allegato, svuota tutti i campi della sua riga e togli le spunte. Se ti servono più righe, salva: il modulo ne mostra di nuove, vuote, fino a 10 allegati.
manage-annex-row = Allegato { $n }
manage-annex-key = Codice
manage-annex-key-hint = Il nome tecnico dell'allegato, usato dall'API: da 1 a 40 lettere minuscole, cifre e trattini, senza spazi, per esempio piano-tecnico.
manage-annex-name = Nome
manage-annex-name-hint = Come lo leggono i proponenti, per esempio Piano tecnico.
manage-annex-required = Obbligatorio: senza questo allegato la proposta non si può inviare
manage-annex-types = Formati accettati
manage-annex-type-pdf = PDF
manage-annex-type-odt = OpenDocument testo (.odt)
manage-annex-type-ods = OpenDocument foglio di calcolo (.ods)
manage-annex-type-odp = OpenDocument presentazione (.odp)
manage-annex-type-docx = Word (.docx)
manage-annex-type-xlsx = Excel (.xlsx)
manage-annex-type-pptx = PowerPoint (.pptx)
manage-annex-type-png = Immagine PNG
manage-annex-type-jpeg = Immagine JPEG
manage-annex-max-mb = Dimensione massima di ciascun file (MB)
manage-annex-max-mb-hint = Fino a 100 MB, anche con i decimali (per esempio 2,5). Se lasci il campo vuoto, 20 MB.
manage-annex-max-count = Numero massimo di file
manage-annex-max-count-hint = Da 1 a 10. Se lasci il campo vuoto, 1.
manage-annex-max-pages = Numero massimo di pagine di un PDF
manage-annex-max-pages-hint = Da 1 a 2000, solo se tra i formati c'è il PDF. Se lasci il campo vuoto, nessun limite.
manage-annex-error-key = Il codice può contenere solo lettere minuscole, cifre e trattini (da 1 a 40, senza spazi e senza trattino iniziale), per esempio piano-tecnico.
manage-annex-error-duplicate = Un altro allegato ha già questo codice: scegline uno diverso.
manage-annex-error-types = Scegli almeno un formato tra quelli proposti.
manage-annex-error-max-mb = Scrivi un numero di MB maggiore di zero e non oltre 100, per esempio 5 o 2,5.
manage-annex-error-max-count = Scrivi un numero di file da 1 a 10.
manage-annex-error-max-pages = Scrivi un numero di pagine da 1 a 2000, oppure lascia vuoto il campo.
manage-annex-error-not-pdf = Il limite di pagine vale solo per i PDF: spunta il formato PDF o lascia vuoto il campo.

manage-open-in-desk = Apri nella gestione dell'hub
manage-evaluators-title = Valutatori
manage-evaluators-lead = Chi può valutare le proposte: le competenze dichiarate e le valutazioni aperte di ciascuno. L'assegnazione automatica confronta le competenze con i tag delle proposte.
manage-evaluators-search = Cerca tra i valutatori
manage-evaluators-expertise = Competenze
manage-evaluators-open = Valutazioni aperte
manage-evaluators-none = Nessun valutatore corrisponde alla ricerca.
manage-needs-link = Fabbisogni da esaminare
manage-organizations-lead = Le organizzazioni registrate sull'hub, con il loro identificativo: quello che chiedono l'assegnazione dei valutatori e le sfide (per la sponsorizzazione) quando si usa l'API.
manage-organization-id = Identificativo
expertise-title = Vocabolario delle competenze
expertise-lead = Le competenze che i valutatori possono dichiarare. L'assegnazione automatica le confronta con le etichette delle proposte, quindi conviene usare le stesse parole: un'etichetta per argomento, in minuscolo.
expertise-terms = Termini del vocabolario
expertise-none = Il vocabolario è vuoto.
expertise-tag = Etichetta
expertise-tag-hint = Lettere minuscole, cifre e trattini, al massimo 40 caratteri, come le etichette delle proposte (per esempio open-data). Se l'etichetta esiste già, ne cambia le descrizioni.
expertise-label-it = Descrizione in italiano
expertise-label-en = Descrizione in inglese
expertise-label-en-optional = Descrizione in inglese (facoltativa)
expertise-evaluators = Valutatori
expertise-retire-column = Ritiro
expertise-retire = Ritira { $tag }
expertise-retire-warning = { $tag } uscirà dal vocabolario e dalle competenze { $count ->
    [0] di ogni valutatore (nessuno la dichiara ora).
    [one] dell'unico valutatore che la dichiara.
   *[other] dei { $count } valutatori che la dichiarano.
}
expertise-retire-confirm = Confermo: ritiro { $tag }
expertise-form-heading = Aggiungere o descrivere un termine
expertise-form-intro = Un'etichetta nuova entra nel vocabolario; una già presente prende le nuove descrizioni.
expertise-save = Salva il termine
expertise-done-saved = Termine { $tag } salvato.
expertise-done-retired = Termine { $tag } ritirato dal vocabolario e dalle competenze dei valutatori.
manage-col-portfolio = Portafoglio
manage-portfolio-heading = Portafoglio proposto entro la dotazione
manage-portfolio-hint = Tra le proposte in valutazione che hanno le valutazioni richieste e superano tutte le soglie, l'Innovation Hub propone l'insieme che rientra nella dotazione residua e raggiunge il punteggio complessivo più alto; a parità di punteggio prevale la proposta meglio collocata in graduatoria. La decisione spetta comunque ai responsabili: lo storico di ogni decisione registra se segue il portafoglio proposto.
manage-portfolio-figure-budget = Dotazione della sfida
manage-portfolio-figure-committed = Già impegnato (proposte accettate)
manage-portfolio-figure-proposed = Proposte nel portafoglio
manage-portfolio-figure-remaining = Residuo
manage-portfolio-figure-score = Punteggio complessivo (somma dei punteggi ponderati)
manage-portfolio-not-exact = La ricerca si è fermata al limite previsto: è il miglior portafoglio trovato, ma non è dimostrato che sia il migliore possibile.
manage-portfolio-selected = Proposta per il finanziamento
manage-portfolio-committed = Già accettata
manage-portfolio-rejected = Respinta
manage-portfolio-reviews-missing = Valutazioni incomplete
manage-portfolio-below-threshold = Sotto soglia
manage-portfolio-over-budget = Supera il residuo della dotazione
manage-portfolio-outscored = Esclusa: le proposte scelte valgono di più insieme
manage-challenge-field-budget = Dotazione finanziaria complessiva (facoltativa)
manage-challenge-budget-hint = In euro, per esempio 500.000,00: quanto la sfida può finanziare in tutto. Con la dotazione, la graduatoria propone il portafoglio migliore che vi rientra.
manage-portfolio-decide = Nel portafoglio che l'Innovation Hub propone entro la dotazione, questa proposta risulta:
manage-portfolio-see = Vedi il portafoglio accanto alla graduatoria

## Funnel analytics: /manage/analytics.
analytics-title = Andamento delle proposte
analytics-link = Andamento delle proposte
analytics-all = Tutte le sfide.
analytics-of = Sfida: { $challenge }.
analytics-every-challenge = Tutte le sfide
analytics-show = Mostra
analytics-states = Proposte per stato
analytics-states-chart = Proposte per stato, oggi
analytics-stages = Tempo in ciascuna fase
analytics-stages-intro = Quanti giorni le proposte sono rimaste in ciascuno stato prima di lasciarlo: la mediana e il 90° percentile. Le proposte ancora in uno stato non sono conteggiate.
analytics-stays = Proposte
analytics-median = Mediana (giorni)
analytics-p90 = 90° percentile (giorni)
analytics-kinds = Esito per tipo di organizzazione
analytics-kind = Tipo di organizzazione
analytics-submitted = Presentate
analytics-decided = Decise dopo la valutazione
analytics-accepted = Accettate
analytics-rate = Tasso di accettazione
analytics-reviews = Puntualità delle valutazioni
analytics-reviews-submitted = Valutazioni presentate
analytics-reviews-on-time = Di cui entro la scadenza
analytics-reviews-overdue = Valutazioni aperte oltre la scadenza
analytics-reviews-late = Ritardo mediano rispetto alla scadenza (giorni; negativo se in anticipo)
analytics-none = Ancora nessun dato.
