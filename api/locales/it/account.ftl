# The account pages: register, verify, passwords, invitations, profile, personal data, tokens.


# Register.
register-title = Registri la sua organizzazione
register-intro = Crei l'account della sua organizzazione: ne diventerà il titolare e potrà presentare proposte e invitare i colleghi. Per unirsi a un'organizzazione già registrata serve l'invito di un suo membro.
register-organization = L'organizzazione
register-org-name = Denominazione
register-kind = Tipo di organizzazione
org-kind-startup = Startup
org-kind-university = Università
org-kind-research-centre = Centro di ricerca
org-kind-company = Impresa
org-kind-public-administration = Pubblica amministrazione
register-tax-code = Codice fiscale o partita IVA
register-tax-code-hint = 11 cifre.
register-ipa-code = Codice IPA
register-ipa-code-hint = Obbligatorio per le pubbliche amministrazioni, e solo per loro: il codice dell'ente nell'Indice delle Pubbliche Amministrazioni (per esempio c_h501). Un amministratore dell'Hub verifica l'ente prima che possa promuovere sfide.
register-person = La persona che registra
register-display-name = Nome e cognome
register-password-hint = Da 12 a 128 caratteri. Una frase di più parole è facile da ricordare e difficile da indovinare.
register-locale = Lingua delle email e delle pagine
register-submit = Registra
register-have-account = Ha già un account? Acceda
register-sent-title = Controlli la sua casella di posta
register-sent-text = Se l'indirizzo indicato può essere registrato, riceverà a breve un'email con il collegamento per confermarlo. Il collegamento vale 48 ore. Se l'indirizzo ha già un account, l'email le spiega come accedere.
register-sent-login = Vai alla pagina di accesso

# Verify the address.
verify-title = Confermi il suo indirizzo email
verify-text = Per completare la registrazione, confermi che questo indirizzo email è il suo.
verify-submit = Conferma l'indirizzo
verify-done-title = Indirizzo confermato
verify-done-text = Grazie: il suo indirizzo email è confermato. Ora può accedere e presentare proposte.
verify-done-login = Accedi
verify-failed-title = Collegamento non valido
verify-failed-text = Il collegamento non è valido: è già stato usato oppure è scaduto (vale 48 ore). Acceda e chieda un nuovo collegamento dalla pagina del suo account.

# Forgotten password.
forgot-title = Reimposti la password
forgot-intro = Indichi l'indirizzo email del suo account: le invieremo un collegamento per scegliere una nuova password. Il collegamento vale un'ora.
forgot-submit = Invia il collegamento
forgot-sent = Se l'indirizzo ha un account, riceverà a breve un'email con il collegamento per reimpostare la password. Il collegamento vale un'ora. Se non la trova, controlli anche la posta indesiderata.
forgot-back-to-login = Torna alla pagina di accesso
reset-title = Scelga una nuova password
reset-intro = Scelga la nuova password del suo account. Dopo il cambio, tutte le sessioni aperte verranno chiuse e i token di accesso personali revocati: dovrà accedere di nuovo.
reset-submit = Salva la nuova password
reset-done-title = Password cambiata
reset-done-text = La nuova password è salvata. Le sessioni aperte sono state chiuse e le abbiamo inviato un'email di conferma. Ora può accedere con la nuova password.
reset-failed-title = Collegamento non valido
reset-failed-text = Il collegamento non è valido: è già stato usato, è scaduto (vale un'ora) oppure ne è stato chiesto uno più recente.
reset-ask-again = Chieda un nuovo collegamento

# Accept an invitation.
invitation-title = Accetti l'invito
invitation-lead = { $organization } la invita a unirsi alla propria organizzazione sull'Innovation Hub. Completi i suoi dati per creare l'account: l'invito conferma già il suo indirizzo email.
invitation-submit = Crea l'account e unisciti
invitation-invalid = L'invito non è valido: è già stato accettato oppure è scaduto (vale 14 giorni). Chieda a chi glielo ha inviato di mandarne uno nuovo.
invitation-taken = Esiste già un account con questo indirizzo email: acceda con quello. Per cambiare organizzazione, si rivolga agli amministratori dell'Innovation Hub.

# The account page.
account-title = Il mio account
account-back = Torna al mio account
account-organization = Organizzazione
account-owner = titolare
account-roles = Ruoli
account-since = Data di iscrizione
account-unverified = Il suo indirizzo email non è ancora confermato: serve per presentare proposte e invitare colleghi. Se non trova l'email di conferma, può chiederne una nuova.
account-resend = Invia di nuovo l'email di conferma
account-data-link = I miei dati: scaricarli o cancellare l'account
account-tokens-link = Token di accesso personali per l'API
account-profile = Profilo
account-display-name-hint = Il nome che vedono gli altri utenti.
account-save = Salva il profilo
account-password = Password
account-password-intro = Dopo il cambio questa sessione resterà aperta; le altre sessioni verranno chiuse e i token di accesso personali revocati.
account-password-submit = Cambia la password
account-done-profile = Profilo salvato.
account-done-password = Password cambiata. Le altre sessioni sono state chiuse e le abbiamo inviato un'email di conferma.
account-done-verification = Le abbiamo inviato una nuova email di conferma. Il collegamento vale 48 ore.
account-done-joined = Le diamo il benvenuto in { $organization }: il suo account è pronto.
role-proposer = Proponente
role-evaluator = Valutatore
role-hub-manager = Responsabile dell'Hub
role-catalogue-editor = Redattore del catalogo
role-admin = Amministratore
role-administration = Referente dell'amministrazione

# My data.
data-title = I miei dati
data-export = Scarichi i suoi dati
data-export-text = Può scaricare tutto ciò che l'Innovation Hub conserva su di lei (articoli 15 e 20 del GDPR) in un unico file JSON: account, organizzazione, sessioni, token, proposte, allegati caricati (nome, tipo, dimensione e impronta di ciascun file), valutazioni, cronologia, inviti, email, registro delle attività e ciò che ha fatto per la sua amministrazione (fabbisogni, sottoscrizioni, adozioni, pareri e messaggi).
data-export-link = Scarica i miei dati (JSON)
data-erase = Cancelli l'account
data-erase-text = Può chiedere la cancellazione dei suoi dati personali (articolo 17 del GDPR). Prima di procedere, legga che cosa succede:
data-erase-gone = nome, indirizzo email, password, ruoli, sessioni e token vengono cancellati;
data-erase-kept = le proposte con i loro allegati, le valutazioni e le decisioni restano, attribuite a un utente anonimo, perché fanno parte di procedimenti amministrativi;
data-erase-final = la cancellazione è immediata e non si può annullare.
data-erase-confirm = Ho compreso che la cancellazione è definitiva
data-erase-submit = Cancella il mio account
data-last-admin = Il suo è l'unico account con il ruolo di amministratore dell'Innovation Hub: prima di cancellarlo, assegni questo ruolo a un'altra persona.

# Personal access tokens.
tokens-title = Token di accesso personali
tokens-lead = Un token permette a un suo programma (per esempio uno script di valutazione) di usare l'API a suo nome, limitato agli ambiti scelti e ai suoi ruoli. Lo conservi come una password.
tokens-list = I suoi token
tokens-none = Non ha ancora creato token.
tokens-name = Nome
tokens-name-hint = Un nome per riconoscerlo, per esempio "Script di valutazione".
tokens-scopes = Ambiti
tokens-created-at = Creato il
tokens-expires-at = Scade il
tokens-last-used = Ultimo utilizzo
tokens-never-used = Mai usato
tokens-status = Stato
tokens-status-active = Attivo
tokens-status-revoked = Revocato
tokens-status-expired = Scaduto
tokens-revoke = Revoca { $name }
tokens-revoked = Il token è stato revocato: da ora non funziona più.
tokens-new = Crei un token
tokens-days = Validità in giorni
tokens-days-hint = Da 1 a 365 giorni.
tokens-submit = Crea il token
tokens-created = Token "{ $name }" creato
tokens-secret-once = Copi il token ora e lo conservi in un luogo sicuro: per sicurezza non verrà più mostrato.
scope-proposals-read = Leggere le proposte
scope-proposals-write = Creare e modificare le proposte
scope-reviews-read = Leggere le valutazioni
scope-reviews-write = Scrivere e inviare le valutazioni
scope-catalogue-write = Curare il catalogo
scope-admin = Amministrare l'Innovation Hub
scope-administration = Agire per la propria amministrazione
scope-webhooks = Gestire i webhook della propria organizzazione
account-invite = Invita un collega
account-invite-intro = Come titolare di { $organization } può invitare i colleghi a unirsi all'organizzazione. L'invito vale 14 giorni e solo per l'indirizzo indicato.
account-invite-email = Indirizzo email del collega
account-invite-language = Lingua dell'email
account-invite-submit = Invia l'invito
account-done-invited = Invito inviato. Se l'indirizzo ha già un account, l'email lo spiega.
account-done-appointed = Referente nominato: al prossimo accesso potrà agire per { $organization }.
account-done-dismissed = Referente revocato: non agisce più per { $organization }.
my-expertise-title = Le mie competenze
my-expertise-lead = Scelga gli argomenti su cui può valutare le proposte con cognizione di causa. L'assegnazione automatica preferisce le proposte le cui etichette corrispondono alle sue competenze.
my-expertise-legend = Competenze
my-expertise-save = Salva le competenze
my-expertise-saved = Competenze salvate.
my-expertise-none = Il vocabolario delle competenze è ancora vuoto.
my-expertise-missing = Manca un argomento? Chieda ai gestori dell'hub di aggiungerlo al vocabolario.
