# The evaluation summary (access to the records, L. 241/1990 art. 22): /proposals/{id}/summary.
summary-title = Relazione di sintesi della valutazione
summary-intro = Il resoconto della valutazione della proposta, che il gruppo proponente può consultare, stampare e conservare dopo la decisione (accesso agli atti, art. 22 della legge 241/1990). Le valutazioni sono anonime e non riportano le note riservate all'hub.
summary-link = Relazione di sintesi della valutazione, da stampare o scaricare
summary-download-json = Scarica in formato JSON
summary-print = Stampa
summary-identity = La proposta
summary-proposal = Proposta
summary-organization = Organizzazione proponente
summary-challenge = Sfida
summary-version = Versione
summary-submitted-on = presentata il { $date }
summary-decision = La decisione
summary-decided-by = decisione di { $name }
summary-override = Motivo della deroga alle regole:
summary-scores = Punteggi e regole della sfida
summary-rules = { $n ->
    [one] Per accettare una proposta la sfida richiede almeno una valutazione.
   *[other] Per accettare una proposta la sfida richiede almeno { $n } valutazioni.
}
summary-consensus-when-needed = Serve una relazione di consenso quando i punteggi di un pilastro distano 2 punti o più.
summary-consensus-always = Prima della decisione serve sempre una relazione di consenso.
summary-no-scores = Nessuna valutazione con tutti i punteggi: la decisione non si è basata su punteggi.
summary-basis-consensus = La decisione si è basata sui punteggi concordati nella relazione di consenso; accanto a ciascuno, la media delle singole valutazioni.
summary-basis-reviews = La decisione si è basata sulla media delle valutazioni presentate.
summary-scores-caption = Punteggi per pilastro, con le soglie e i pesi della sfida
summary-score = Punteggio della decisione
summary-reviews-mean = Media delle valutazioni
summary-consensus = La relazione di consenso
summary-consensus-finalised = Relazione approvata il { $date }. Per ogni pilastro, il punteggio concordato e la sua motivazione.
summary-positions = Le posizioni dei valutatori sul testo approvato
summary-stance-concur = concorda
summary-stance-dissent = dissente
summary-review-submitted = Presentata il { $date }
summary-timeline = Le fasi della procedura
summary-timeline-caption = Le fasi della procedura, in ordine di tempo
summary-generated = Documento generato il { $date }.
proposal-action-review-submitted = Valutazione presentata
proposal-action-consensus-finalised = Relazione di consenso approvata
