# The request for review of a rejection (redress): the team's request, the other manager's handling.

redress-heading = Richiesta di riesame della decisione
redress-open = Il gruppo può chiedere il riesame della decisione, per motivi di procedura, fino al
redress-filed = Presentata da { $who } il { $when }.
redress-handled = Esaminata da { $who } il { $when }.
redress-state-pending = In attesa di esame
redress-state-rejected = Non accolta: la decisione resta valida
redress-state-upheld = Accolta: la valutazione è stata riaperta
redress-statement = Motivi della richiesta
redress-outcome = Esito e motivazione
redress-statement-label = Motivi di procedura della richiesta
redress-statement-hint = Indichi quale regola della procedura non è stata rispettata (ad esempio una valutazione non considerata, un termine non rispettato). La richiesta si presenta una sola volta ed è esaminata da un responsabile diverso da chi ha deciso.
redress-file = Chiedi il riesame
redress-handle = Esito della richiesta
redress-uphold = Accogliere e riaprire la valutazione (nuova versione, nuove assegnazioni)
redress-reject = Non accogliere: la decisione resta valida
redress-reason-label = Motivazione
redress-reason-hint = Obbligatoria: il gruppo la riceve per email con l'esito.
redress-handle-submit = Registra l'esito
redress-refused-redress-exists = Il riesame di questa decisione è già stato chiesto.
redress-refused-redress-closed = Il termine per chiedere il riesame è scaduto.
redress-refused-not-rejected = La proposta non è respinta: non c'è una decisione da riesaminare.
redress-refused-redress-handled = La richiesta è già stata esaminata.
redress-refused-no-redress = Non c'è alcuna richiesta di riesame da esaminare.
redress-refused-same-manager = La richiesta va esaminata da un responsabile diverso da chi ha adottato la decisione.
proposal-notice-redress = Richiesta di riesame inviata. Un responsabile diverso da chi ha deciso la esaminerà.
manage-done-redress-upheld = Richiesta accolta: la proposta torna in valutazione come nuova versione.
manage-done-redress-rejected = Richiesta non accolta: la decisione resta valida; il gruppo ha ricevuto la motivazione.
proposal-action-redress-filed = Richiesta di riesame
proposal-action-redress-rejected = Richiesta di riesame non accolta
proposal-action-reopen = Valutazione riaperta
manage-challenge-redress-days = Termine per chiedere il riesame (giorni)
manage-challenge-redress-days-hint = Da 10 a 90 giorni dalla decisione di rigetto (predefinito 30).

# The desk: the procedure's steps awaiting a hub manager.
desk-awaiting = Procedimenti in attesa
desk-awaiting-what = Cosa attende
desk-awaiting-since = Dal
desk-redress = Richiesta di riesame da esaminare
desk-redress-yours = Richiesta di riesame di una sua decisione: la esamina un altro responsabile
desk-notice-answered = Osservazioni ricevute: si può decidere
desk-notice-lapsed = Termine per le osservazioni scaduto: si può decidere
