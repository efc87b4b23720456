# The notice of the grounds before a refusal (L. 241/1990 art. 10-bis): the team's panel and form, the manager's.

notice-heading = Comunicazione dei motivi ostativi (art. 10-bis, legge 241/1990)
notice-notified = Comunicati da { $who } il { $when }.
notice-stage-running = Termine per le osservazioni in corso
notice-stage-answered = Osservazioni presentate
notice-stage-lapsed = Termine scaduto senza osservazioni
notice-grounds = Motivi che ostano all'accoglimento
notice-due = Termine per presentare osservazioni:
notice-observations = Osservazioni del gruppo
notice-observed = Inviate da { $who } il { $when }.
notice-reply = Perché le osservazioni non sono state accolte
notice-observations-label = Le vostre osservazioni
notice-observations-hint = Si inviano una sola volta, entro il termine. Se la decisione sarà di rigetto, la motivazione dovrà indicare perché le osservazioni non sono accolte.
notice-observations-send = Invia le osservazioni
notice-refused-observations-sent = Le osservazioni sono già state inviate: si presentano una sola volta.
notice-refused-notice-lapsed = Il termine per presentare osservazioni è scaduto.
notice-refused-no-notice = Su questa versione della proposta non sono stati comunicati motivi ostativi.
notice-refused-invalid-transition = La proposta non è più in attesa di decisione.
proposal-notice-observed = Osservazioni inviate. Il responsabile del procedimento ne è stato informato.
proposal-action-notice-of-grounds = Comunicazione dei motivi ostativi
proposal-action-observations = Osservazioni del gruppo

# The manager's side, on the decision's page.
notice-give-heading = Prima di un rigetto: i motivi ostativi
notice-give-required = Questa sfida prevede che, prima di respingere la proposta, il gruppo riceva i motivi che ostano al suo accoglimento e possa presentare osservazioni entro { $days } giorni.
notice-give-optional = Questa sfida non prevede la comunicazione dei motivi ostativi prima di un rigetto (si tratta di una procedura comparativa), ma può comunque inviarla: il rigetto attenderà le osservazioni o la scadenza del termine di { $days } giorni.
notice-grounds-label = Motivi che ostano all'accoglimento
notice-grounds-hint = Il gruppo li riceve per email e sulla pagina della proposta. Un eventuale rigetto dovrà fondarsi su questi motivi.
notice-give-submit = Comunica i motivi al gruppo
notice-running-decide = Il gruppo può presentare osservazioni fino al { $due }: fino ad allora la proposta si può accettare ma non respingere.
notice-reply-label = Perché le osservazioni non sono accolte
notice-reply-hint = Obbligatorio per respingere la proposta (art. 10-bis): il gruppo lo legge con la decisione.
manage-done-notified = Motivi ostativi comunicati al gruppo.
manage-refused-notice-required = Prima di respingere la proposta occorre comunicare al gruppo i motivi ostativi (art. 10-bis): usare il modulo qui sotto.
manage-refused-notice-running = Il termine per le osservazioni del gruppo è ancora in corso: il rigetto deve attendere le osservazioni o la scadenza.
manage-refused-notice-exists = I motivi ostativi sono già stati comunicati per questa versione della proposta.

# The challenge's form.
manage-challenge-notice = Comunicare i motivi ostativi prima di un rigetto (art. 10-bis, legge 241/1990)
manage-challenge-notice-hint = Prima di respingere una proposta valutata, il gruppo riceve i motivi e può presentare osservazioni. L'articolo non si applica alle procedure comparative: per le sfide è facoltativo; per la call aperta è attivo.
manage-challenge-notice-days = Termine per le osservazioni (giorni)
manage-challenge-notice-days-hint = Da 10 (il termine di legge) a 60 giorni.
