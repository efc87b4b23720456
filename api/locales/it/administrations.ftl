# Le pubbliche amministrazioni: la verifica sull'IPA e i referenti.
administration-status = Stato dell'amministrazione
administration-pending = In attesa di verifica
administration-verified = Verificata
administration-verified-on = Verificata il { $date }
administration-pending-notice = Un amministratore dell'Innovation Hub deve ancora verificare { $organization } sull'Indice delle Pubbliche Amministrazioni. Finché non lo fa, l'ente non ha referenti e non può promuovere sfide; riceverà un'email a verifica avvenuta.
administration-verified-notice = { $organization } è un'amministrazione verificata: i suoi referenti indicano i fabbisogni, propongono sfide e dichiarano l'adozione dei servizi del catalogo.
officer-column = Referente
officer-appoint = Nomina referente { $name }
officer-dismiss = Revoca il referente { $name }
colleagues-heading = La sua organizzazione
colleagues-caption = Membri dell'organizzazione
colleagues-name = Nome
colleagues-roles = Ruoli
colleagues-officers-intro = Come titolare può nominare referenti i colleghi: potranno agire per l'amministrazione. Il ruolo si può revocare in ogni momento.
