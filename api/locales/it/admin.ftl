## The admins' workspace
admin-title = Amministrazione della piattaforma
admin-lead = Account, organizzazioni, email in uscita e registro delle operazioni a colpo d'occhio.
admin-dead-alert = { $count ->
    [one] Un'email non è stata consegnata dopo tutti i tentativi: veda l'errore e la rinvii.
   *[other] { $count } email non sono state consegnate dopo tutti i tentativi: veda gli errori e le rinvii.
}
admin-by-role = Account per ruolo
admin-by-kind = Organizzazioni per tipo
admin-by-status = Email per stato di consegna
admin-role = Ruolo
admin-kind = Tipo
admin-name = Nome
admin-created = Creato il
admin-yes = Sì
admin-no = No
admin-show = Mostra

## Users
admin-users-title = Utenti
admin-users-filter = Filtra gli utenti
admin-users-search = Nome o indirizzo email
admin-users-none = Nessun utente corrisponde ai filtri.
admin-filter-organization = Solo i membri di { $name }.
admin-roles = Ruoli
admin-verified = Indirizzo verificato
admin-not-verified = Non ancora verificato
admin-account-closed = Account chiuso il { $date }
admin-account-state = Stato dell'account
admin-language = Lingua delle email
admin-expertise = Competenze
admin-roles-hint = Selezioni i ruoli che l'utente deve avere. La modifica vale subito: le sessioni aperte con i ruoli precedenti devono accedere di nuovo.
admin-last-admin-hint = È l'unico amministratore della piattaforma: per togliergli il ruolo, nomini prima un altro amministratore.
admin-roles-submit = Salva i ruoli
admin-roles-saved = Ruoli aggiornati. La modifica è registrata nel registro delle operazioni.
admin-trail = Nel registro delle operazioni
admin-trail-by = Le operazioni compiute da questo utente
admin-trail-about = Le operazioni che riguardano questo account
admin-refused-last-admin = È l'unico amministratore della piattaforma e deve mantenere il ruolo: nomini prima un altro amministratore.
admin-refused-roles-changed = Nel frattempo un altro amministratore ha modificato i ruoli di questo utente. La pagina mostra ora i ruoli attuali: li controlli e salvi di nuovo.

## Organisations
admin-organizations-title = Organizzazioni
admin-organizations-filter = Filtra le organizzazioni
admin-organizations-search = Nome, codice fiscale o codice IPA
admin-organizations-none = Nessuna organizzazione corrisponde ai filtri.
admin-organization-new = Registra un'organizzazione
admin-organization-new-lead = Le organizzazioni registrate da un amministratore sono verificate subito e possono invitare i propri membri.
admin-organization-create = Registra
admin-organization-created = Organizzazione registrata.
admin-members = Membri
admin-members-none = L'organizzazione non ha ancora membri: inviti il primo.
admin-members-all = Tutti i membri
admin-owner = titolare
admin-invite = Invita un membro
admin-invite-hint = L'invito vale 14 giorni e solo per l'indirizzo indicato. Se l'indirizzo ha già un account, l'email lo spiega.
admin-invite-language = Lingua dell'email
admin-invite-submit = Invia l'invito
admin-invitation-sent = Invito inviato.
admin-refused-organization-unverified = Nessuno ha ancora verificato questa organizzazione: potrà invitare membri dopo che il suo fondatore avrà verificato l'indirizzo email.

## Audit log
admin-audit-title = Registro delle operazioni
admin-audit-lead = Ogni modifica di stato e ogni operazione di amministrazione, scritta nella stessa transazione della modifica e concatenata alla precedente. Dalla più recente.
admin-audit-filter = Filtra il registro
admin-audit-target-type = Tipo di oggetto
admin-audit-target-id = Identificativo dell'oggetto
admin-audit-actor = Autore
admin-audit-actor-hint = Indirizzo email o identificativo dell'utente.
admin-audit-action = Operazione
admin-audit-action-hint = Per esempio user.roles_changed.
admin-audit-from = Dal giorno
admin-audit-to = Al giorno
admin-audit-none = Nessuna operazione corrisponde ai filtri.
admin-audit-unknown-actor = Nessun account ha questo indirizzo email.
admin-audit-seq = N.
admin-audit-when = Quando
admin-audit-target = Oggetto
admin-audit-details = Dettagli
admin-audit-system = La piattaforma
admin-audit-size = { $count ->
    [one] Il registro contiene un'operazione.
   *[other] Il registro contiene { $count } operazioni.
}
admin-audit-last = L'ultima è del { $at }.
admin-verify = Verifica l'integrità del registro
admin-verify-title = Verifica del registro delle operazioni
admin-verify-lead = La verifica rilegge tutto il registro con la chiave della piattaforma: l'impronta di ogni operazione, il legame con la precedente, l'assenza di buchi e l'ultima operazione registrata.
admin-verify-intact = { $count ->
    [one] Registro integro: un'operazione verificata.
   *[other] Registro integro: { $count } operazioni verificate.
}
admin-verify-head = L'ultima operazione, la n. { $head }, è quella registrata come ultima.
admin-verify-head-unkeyed = L'ultima operazione, la n. { $head }, è quella registrata come ultima. Le operazioni dalla 1 alla { $unkeyed } sono anteriori alla chiave: verificate con la sola impronta e protette da quelle successive.
admin-verify-unsealed = Tutte le operazioni sono anteriori alla chiave: la piattaforma le sigillerà al prossimo avvio.
admin-verify-broken = Registro NON integro: la verifica si ferma all'operazione n. { $seq }.
admin-verify-wrong-key = Registro non verificato: la chiave non è quella con cui è stato scritto.
admin-verify-wrong-key-detail = La piattaforma usa una chiave diversa (HUB_AUDIT_KEY) da quella che ha sigillato il registro. Controlli la configurazione.
admin-verify-at = Verifica eseguita il { $at }.
admin-verify-again = Ripeti la verifica
admin-break-mac-mismatch = L'impronta non corrisponde al contenuto: l'operazione è stata riscritta.
admin-break-link-mismatch = L'operazione non è legata all'impronta della precedente.
admin-break-sequence-gap = Mancano le operazioni che la precedono.
admin-break-head-missing = Manca il riferimento all'ultima operazione: è stato rimosso.
admin-break-head-forged = Il riferimento all'ultima operazione è stato falsificato.
admin-break-truncated = Il registro finisce prima dell'ultima operazione registrata: le ultime sono state rimosse.
admin-break-beyond-head = L'operazione segue l'ultima registrata ed è stata aggiunta senza la chiave.
admin-break-head-mismatch = Il riferimento indica un'altra ultima operazione.

## Outbox
admin-outbox-title = Email in uscita
admin-outbox-lead = Le email che la piattaforma ha scritto, con lo stato di consegna. Il contenuto non è mostrato, perché può contenere codici monouso.
admin-outbox-filter = Scelta delle email da mostrare
admin-outbox-status = Stato di consegna
admin-outbox-status-pending = In attesa di consegna
admin-outbox-status-sent = Consegnata
admin-outbox-status-dead = Non consegnata
admin-outbox-all = Tutte
admin-outbox-messages = Email
admin-outbox-none = Nessuna email in questo stato.
admin-outbox-empty = La piattaforma non ha ancora scritto email.
admin-outbox-written = Scritta il
admin-outbox-template = Modello
admin-outbox-recipient = Destinatario
admin-outbox-attempts = Tentativi
admin-outbox-last-error = Ultimo errore
admin-outbox-retry = Rinvia
admin-outbox-retried = L'email è di nuovo in attesa di consegna: verrà rinviata a breve.
admin-refused-not-dead = Si può rinviare solo un'email non consegnata: questa è già in attesa o consegnata.
admin-pending-alert = { $count ->
    [one] Una pubblica amministrazione attende la verifica.
   *[other] { $count } pubbliche amministrazioni attendono la verifica.
}
admin-verify-heading = Verifica dell'amministrazione
admin-verify-intro = Verifichi sull'Indice delle Pubbliche Amministrazioni che il codice IPA e il codice fiscale appartengano a questo ente e che il titolare vi lavori. Verificata l'amministrazione, il titolare ne diventa referente e riceve un'email.
admin-verify-submit = Verifica l'amministrazione
admin-administration-verified = Amministrazione verificata: il titolare ne è ora referente ed è stato avvisato per email.
admin-officer-appointed = Referente nominato.
admin-officer-dismissed = Referente revocato.
admin-refused-administration-verified = L'amministrazione era già verificata.
admin-refused-tax-code-taken = Un'altra amministrazione verificata ha già questo codice fiscale: lo stesso ente non si verifica due volte.
admin-refused-not-an-administration = Solo una pubblica amministrazione si verifica e ha referenti.
admin-refused-administration-unverified = L'amministrazione va verificata prima di nominarne i referenti.
