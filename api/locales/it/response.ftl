# The team's response to the reviews before the consensus and the decision: the team's panel and form, the panel's and the manager's view.

response-heading = Risposta alle valutazioni
response-opened = Le valutazioni sono pervenute il { $when }: prima della sintesi dei valutatori e della decisione, il gruppo può leggerle in forma anonima e rispondere una sola volta.
response-stage-running = Termine per la risposta in corso
response-stage-answered = Risposta inviata
response-stage-lapsed = Termine scaduto senza risposta
response-due = Termine per rispondere:
response-comments-only = Questa sfida mostra al gruppo i commenti dei valutatori, non i punteggi.
response-reviews = Le valutazioni, in forma anonima
response-answer = Risposta del gruppo
response-answered = Inviata da { $who } il { $when }.
response-none = Il gruppo non ha risposto.
response-label = La vostra risposta
response-hint = Si invia una sola volta, entro il termine. I valutatori la leggono prima della sintesi; la decisione attende la risposta o la scadenza del termine.
response-send = Invia la risposta
response-refused-response-sent = La risposta è già stata inviata: si invia una sola volta.
response-refused-response-lapsed = Il termine per rispondere alle valutazioni è scaduto.
response-refused-no-response-window = Le valutazioni di questa versione non sono aperte alla risposta del gruppo.
response-refused-invalid-transition = La proposta non è più in valutazione.
proposal-notice-responded = Risposta inviata. I valutatori e il responsabile del procedimento ne sono stati informati.
proposal-action-response-opened = Valutazioni aperte alla risposta del gruppo
proposal-action-response = Risposta del gruppo alle valutazioni
manage-refused-response-running = Il gruppo può ancora rispondere alle valutazioni: la decisione attende la risposta o la scadenza del termine.
consensus-refused-response-running = Il gruppo può ancora rispondere alle valutazioni: la sintesi si conclude dopo la risposta o la scadenza del termine.
# The consensus page.
consensus-refused-response-pending = La sfida consente al gruppo di rispondere alle valutazioni prima della sintesi: la sintesi si conclude dopo che sono pervenute le valutazioni richieste e il gruppo ha risposto, o il termine è scaduto.
response-stage-closed = Proposta non più in valutazione
response-running-decide = Il gruppo può rispondere alle valutazioni fino al { $due }: fino ad allora la decisione attende.

# The challenge's form.
manage-challenge-response = Consentire al gruppo di rispondere alle valutazioni prima della decisione
manage-challenge-response-hint = Raggiunto il numero minimo di valutazioni, il gruppo le legge in forma anonima e può rispondere una sola volta; i valutatori leggono la risposta prima della sintesi, e la decisione la attende fino alla scadenza del termine.
manage-challenge-response-days = Termine per la risposta (giorni)
manage-challenge-response-days-hint = Da 3 a 30 giorni.
manage-challenge-response-scores = Mostrare al gruppo anche i punteggi delle valutazioni
manage-challenge-response-scores-hint = Se non è selezionato, il gruppo legge solo i commenti dei valutatori.
