# The frame of every page.
site-name = Innovation Hub
site-owner = Polo Strategico Nazionale
site-tagline = La piattaforma di open innovation del cloud nazionale
skip-to-content = Vai al contenuto principale
nav-label = Menu principale
nav-home = Home
nav-needs = Fabbisogni
nav-challenges = Sfide
nav-catalogue = Catalogo dei servizi
nav-pillars = I quattro pilastri
nav-proposals = Le mie proposte
nav-reviews = Le mie valutazioni
nav-administration = Sfide della mia amministrazione
nav-manage = Gestione dell'hub
nav-editor = Redazione del catalogo
nav-admin = Amministrazione
nav-account = Il mio account
nav-login = Accedi
nav-logout = Esci
nav-register = Registrati
signed-in-as = Accesso effettuato come { $name }
footer-accessibility = Dichiarazione di accessibilità
footer-privacy = Informativa sulla privacy
footer-terms = Condizioni d'uso
footer-api = Documentazione dell'API
footer-problems = Codici di errore dell'API
form-error-heading = C'è un problema
field-email = Indirizzo email
field-current-password = Password attuale
field-new-password = Nuova password
field-password = Password

# Error pages.
error-status = Codice di errore HTTP: { $status }
error-request-id = Se il problema persiste, comunichi agli operatori l'identificativo della richiesta:
error-home = Torna alla home page
error-400-title = Richiesta non valida
error-400-text = La richiesta non si è potuta leggere. Torni alla pagina precedente, la ricarichi e riprovi.
error-403-title = Operazione non consentita
error-403-text = Il suo account non ha i permessi per questa pagina o per questa operazione. Se la sua amministrazione è in attesa di verifica, le funzioni riservate alle amministrazioni si attiveranno quando un amministratore dell'hub l'avrà verificata.
error-403-csrf-title = Modulo scaduto
error-403-csrf-text = Il modulo inviato era scaduto o non è stato riconosciuto, e non è stato salvato nulla. Ricarichi la pagina e riprovi.
error-404-title = Pagina non trovata
error-404-text = La pagina richiesta non esiste, è stata spostata o non è visibile con il suo account.
error-409-title = Operazione non possibile in questo momento
error-409-text = Lo stato della risorsa è cambiato nel frattempo oppure non consente questa operazione. Ricarichi la pagina per vedere la situazione aggiornata.
error-413-title = Contenuto troppo grande
error-413-text = Il contenuto inviato supera il limite consentito. Lo riduca e riprovi.
error-422-title = Dati non validi
error-422-text = Alcuni dati inviati non sono validi. Torni alla pagina precedente e li corregga.
error-429-title = Troppe richieste
error-429-text = Sono arrivate troppe richieste in poco tempo. Attenda qualche minuto e riprovi.
error-500-title = Si è verificato un errore
error-500-text = Si è verificato un errore inatteso. Riprovi tra qualche minuto.
error-503-title = Servizio momentaneamente non disponibile
error-503-text = Il servizio è momentaneamente non disponibile. Riprovi tra qualche minuto.

# Log in.
login-title = Accedi
login-submit = Accedi
login-forgot = Ha dimenticato la password?
login-no-account = Non ha un account? Si registri
login-refused = Indirizzo email o password non corretti.
login-closed = Questo account ha lasciato la propria organizzazione ed è chiuso. Se un'organizzazione la invita a farne parte, accettando l'invito con questo indirizzo riaprirà l'account.
login-too-many = Troppi tentativi di accesso. Riprovi tra { $minutes } { $minutes ->
    [one] minuto
   *[other] minuti
}.

# Home page.
home-title = Home
home-heading = Innovazione aperta per la pubblica amministrazione
home-lead = Le amministrazioni pubbliche descrivono i loro bisogni e promuovono sfide; startup, università, centri di ricerca e imprese presentano proposte; valutatori indipendenti le esaminano secondo quattro pilastri. Le proposte accolte diventano servizi del catalogo del Polo Strategico Nazionale, che ogni amministrazione può adottare e riusare.
home-cta-challenges = Scopri le sfide aperte
home-cta-catalogue = Cerca nel catalogo
home-pillars = I quattro pilastri della valutazione
home-pillars-more = Come si valuta ogni pilastro
home-open-challenges = Sfide aperte
home-no-challenges = Al momento non ci sono sfide aperte.
home-all-challenges = Tutte le sfide
home-newest-services = Ultimi servizi nel catalogo
home-no-services = Il catalogo non contiene ancora servizi pubblicati.
home-all-services = Tutto il catalogo
home-logged-out = La sessione dell'Innovation Hub è chiusa.
home-left = Ha lasciato l'organizzazione: il suo account è chiuso e le abbiamo scritto un'email di conferma.
home-erased = Il suo account è stato cancellato. Grazie per aver partecipato all'Innovation Hub.
figures-heading = L'Innovation Hub in numeri
figures-open-challenges = Sfide aperte
figures-public-services = Servizi nel catalogo
figures-submitted-proposals = Proposte presentate
figures-organizations = Organizzazioni registrate
challenge-closes = Proposte fino al { $date }
challenge-always-open = Proposte sempre aperte

# Accessibility statement.
a11y-title = Dichiarazione di accessibilità
a11y-intro = Il Polo Strategico Nazionale si impegna a rendere accessibile l'Innovation Hub, conformemente alla legge 9 gennaio 2004, n. 4, e alla direttiva (UE) 2016/2102. La presente dichiarazione si applica alle pagine web dell'Innovation Hub.
a11y-status-heading = Stato di conformità
a11y-status = Le pagine sono progettate per essere conformi ai requisiti della norma EN 301 549 e alle Linee guida per l'accessibilità dei contenuti web (WCAG) 2.1, livello AA.
a11y-how-heading = Come è stata verificata
a11y-how-semantic = Le pagine usano HTML semantico: titoli in ordine, etichette associate ai campi, tabelle con intestazioni.
a11y-how-keyboard = Ogni funzione si usa anche solo con la tastiera, con il fuoco sempre visibile.
a11y-how-contrast = Colori e testi rispettano i rapporti di contrasto richiesti.
a11y-how-nojs = Ogni pagina funziona anche con JavaScript disattivato.
a11y-how-tested = A ogni modifica, un browser reale verifica le pagine con lo strumento automatico axe-core e percorre i moduli principali con la sola tastiera.
a11y-limits-heading = Contenuti non accessibili
a11y-limits = Non sono noti contenuti non accessibili. I testi inseriti dagli utenti (descrizioni delle proposte e dei servizi) sono sotto la responsabilità dei loro autori.
a11y-feedback-heading = Meccanismo di feedback
a11y-feedback = Per segnalare un problema di accessibilità o chiedere un contenuto in un formato accessibile, scriva a:
a11y-enforcement-heading = Procedura di attuazione
a11y-enforcement = In caso di risposta insoddisfacente o di mancata risposta entro trenta giorni, può rivolgersi al Difensore civico per il digitale presso l'Agenzia per l'Italia Digitale (AgID), come previsto dall'articolo 3-quinquies della legge n. 4/2004.

# Privacy notice.
privacy-title = Informativa sulla privacy
privacy-intro = Questa informativa descrive, ai sensi dell'articolo 13 del Regolamento (UE) 2016/679 (GDPR), come l'Innovation Hub tratta i dati personali di chi lo usa.
privacy-data-heading = Quali dati trattiamo
privacy-data-account = Dati dell'account: nome, indirizzo email, lingua, organizzazione di appartenenza e ruoli.
privacy-data-proposals = Contenuti delle proposte e nomi dei componenti del gruppo indicati da chi le presenta.
privacy-data-reviews = Valutazioni dei valutatori, mostrate ai proponenti solo in forma anonima.
privacy-data-logs = Registri tecnici e di audit delle operazioni, necessari alla sicurezza del servizio.
privacy-purpose-heading = Finalità e base giuridica
privacy-purpose = I dati servono a gestire le sfide, le proposte, le valutazioni e il catalogo dei servizi, nell'esecuzione di compiti di interesse pubblico (art. 6, par. 1, lett. e, GDPR).
privacy-cookies-heading = Cookie
privacy-cookies = Le pagine usano solo cookie tecnici: la sessione di chi ha effettuato l'accesso, un codice che protegge i moduli da invii di altri siti e la lingua scelta. Non ci sono cookie di profilazione né di terze parti, e le pagine non caricano risorse da altri siti.
privacy-retention-heading = Conservazione
privacy-retention = I dati dell'account si conservano finché l'account esiste. I registri di audit si conservano per il tempo richiesto dagli obblighi di legge, senza dati personali oltre all'identificativo dell'utente.
privacy-rights-heading = I suoi diritti
privacy-rights = Può accedere ai suoi dati e scaricarli, rettificarli e chiederne la cancellazione dalla pagina del suo account. Può inoltre proporre reclamo al Garante per la protezione dei dati personali.
privacy-contact = Per ogni richiesta sul trattamento dei dati scriva a:

# Terms of use.
terms-title = Condizioni d'uso
terms-intro = L'Innovation Hub è la piattaforma di open innovation del Polo Strategico Nazionale. Usandone le pagine o l'API si accettano queste condizioni.
terms-personal = Ogni account è personale. Le credenziali e i token di accesso personali non si cedono; un token si revoca in qualsiasi momento dalla pagina del proprio account.
terms-limits = L'API applica limiti di frequenza: oltre il limite risponde 429 con l'intestazione Retry-After, che indica quando riprovare.
terms-proposals = Le proposte restano dei loro autori. I servizi accettati sono pubblicati nel catalogo con la licenza e i metadati publiccode.yml che ne accompagnano il riuso (CAD, artt. 68 e 69).
terms-data = I dati personali sono trattati secondo il Regolamento (UE) 2016/679: ciascuno può scaricarli e chiederne la cancellazione dalla pagina del proprio account o con l'API.
terms-licence = Il codice dell'Innovation Hub è distribuito con licenza EUPL-1.2.
