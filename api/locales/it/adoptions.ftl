# Adozione e riuso dei servizi del catalogo (CAD artt. 68-69) e comunità di riuso.
adoption-state-planned = Adozione prevista
adoption-state-in_use = In uso
adoption-state-discontinued = Non più in uso
adoption-title = Adozione di «{ $service }»
adoption-lead = Dichiari se la sua amministrazione usa questo servizio di { $provider }, o intende adottarlo. La dichiarazione entra nella scheda del servizio e nel suo file publiccode.yml, e la sua amministrazione entra nella comunità di riuso, dove può scrivere al fornitore.
adoption-lead-update = La sua amministrazione ha già dichiarato l'adozione di questo servizio: aggiorni qui lo stato, le date o la nota.
adoption-state = A che punto è la sua amministrazione
adoption-started-on = Dal giorno
adoption-hint-started-on = Quando ha iniziato a usarlo o, se l'adozione è prevista, quando intende iniziare.
adoption-ended-on = Fino al giorno
adoption-hint-ended-on = Soltanto se non lo usa più: quando ha smesso.
adoption-note = Nota
adoption-hint-note = Facoltativa: per quali uffici o procedimenti lo usa, che cosa ha adattato. Al massimo 2.000 caratteri.
adoption-listed = Mostra la mia amministrazione tra chi adotta il servizio
adoption-hint-listed = Se toglie la spunta, la sua amministrazione è contata ma il suo nome resta visibile soltanto alla comunità di riuso e all'Innovation Hub.
adoption-submit = Dichiara l'adozione
adoption-submit-update = Aggiorna l'adozione
adoption-declare = Dichiari che la sua amministrazione lo adotta
adoption-update = Aggiorni l'adozione della sua amministrazione
adoption-refused-service-not-adoptable = Questo servizio non è aperto a nuove adozioni: per un servizio deprecato o ritirato si può soltanto registrare che l'amministrazione ha smesso di usarlo.
adoption-refused-own-service = Il fornitore di un servizio non ne dichiara l'adozione.
adoption-refused-administration-unverified = La sua amministrazione non è ancora stata verificata dall'Innovation Hub.
adopters-title = Chi lo adotta
adopters-none = Nessuna amministrazione ha ancora dichiarato di adottarlo.
adopters-count = { $count ->
    [one] Lo adotta o intende adottarlo un'amministrazione.
   *[other] Lo adottano o intendono adottarlo { $count } amministrazioni.
}
adopters-since = dal { $date }
adopters-unlisted = { $count ->
    [one] Un'altra amministrazione ha chiesto di non comparire nell'elenco.
   *[other] Altre { $count } amministrazioni hanno chiesto di non comparire nell'elenco.
}
community-open = Comunità di riuso
community-title = Comunità di riuso di «{ $service }»
community-lead = Il fornitore del servizio e le amministrazioni che lo usano o intendono adottarlo. I membri si scrivono attraverso l'Innovation Hub, che inoltra i messaggi per email senza mostrare gli indirizzi.
community-members = Membri della comunità
community-organization = Organizzazione
community-role = Ruolo
community-since = Dal
community-provider = Fornitore
community-unlisted = non elencata pubblicamente
community-write = Scriva a un membro della comunità
community-write-lead = Il messaggio arriva per email alle persone dell'organizzazione scelta, con il suo nome e quello della sua organizzazione, ma senza il suo indirizzo. Ciascuno può inviare al massimo 5 messaggi ogni 24 ore.
community-to = Destinatario
community-subject = Oggetto
community-body = Messaggio
community-hint-body = Da 10 a 5.000 caratteri.
community-send = Invia il messaggio
community-sent = Messaggio inoltrato.
community-too-many = Ha già inviato 5 messaggi nelle ultime 24 ore: potrà scriverne un altro tra { $hours ->
    [one] circa un'ora
   *[other] circa { $hours } ore
}.
field-error-in-the-future = La data non può essere successiva a oggi.
field-error-before-start = La data di fine non può precedere quella di inizio.
field-error-not-allowed = Questo campo va lasciato vuoto per lo stato scelto.
field-error-not-in-community = Scelga un membro della comunità di riuso.
account-adoptions = Servizi del catalogo adottati
account-adoptions-none = La sua amministrazione non ha ancora dichiarato di adottare un servizio del catalogo: lo può fare dalla scheda di ciascun servizio.
