# Il controllo di riuso (CAD art. 68) e le proposte simili allo screening.
similarity-figure = somiglianza { $percent }%
similar-services-heading = Prima di inviare: servizi simili già nel catalogo
similar-services-lead = Il Codice dell'amministrazione digitale (art. 68) chiede di valutare il riuso delle soluzioni esistenti. Questi servizi del catalogo somigliano alla sua proposta: se uno risponde già al bisogno, conviene adottarlo; altrimenti spieghi nella descrizione in che cosa la sua proposta si distingue.
similar-services-none = Nessun servizio del catalogo somiglia alla sua proposta.
similar-proposals-heading = Proposte simili di altre organizzazioni
similar-proposals-lead = Proposte presentate prima di questa o insieme a essa, in qualunque sfida, dalle più simili: verifichi se si tratta di duplicati o di proposte da confrontare.
similar-proposals-none = Nessuna proposta di altre organizzazioni somiglia a questa.
similar-title = Proposta
similar-organization = Organizzazione
similar-challenge = Sfida
similar-state = Stato
similar-figure = Somiglianza
