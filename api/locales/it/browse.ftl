# The public pages to browse: challenges, the four pillars, the catalogue and its services.
search-words = Parole da cercare
search-submit = Cerca
search-results = Risultati
filter-any = Qualsiasi
page-next = Pagina successiva
pillar = Pilastro

# Challenges.
challenges-title = Sfide
challenges-lead = Le sfide raccolgono i bisogni delle amministrazioni pubbliche. Ognuna indica chi la promuove, fino a quando si possono presentare proposte e come saranno valutate.
challenges-search-label = Cerca tra le sfide
challenges-state-filter = Stato
challenges-none = Nessuna sfida corrisponde alla ricerca.
challenge-state-draft = In preparazione
challenge-state-in_review = In esame presso l'hub
challenge-state-open = Aperta
challenge-state-closed = Chiusa
challenge-state-archived = Archiviata
challenge-sponsor = Amministrazione promotrice
challenge-co-sponsors = Co-promotori
challenge-responsible = Responsabile del procedimento
challenge-state = Stato
challenge-opens = Apertura
challenge-closes-at = Scadenza per le proposte
challenge-no-deadline = Nessuna scadenza
challenge-description = Descrizione
challenge-tags = Argomenti
challenge-evaluation = Come saranno valutate le proposte
challenge-evaluation-lead = Ogni proposta riceve da valutatori indipendenti un punteggio da 0 a 5 per ciascun pilastro. La tabella indica il peso di ogni pilastro e la soglia minima da raggiungere.
challenge-weight = Peso
challenge-threshold = Soglia minima
challenge-overall = Il punteggio complessivo ponderato deve raggiungere almeno { $score }.
challenge-min-reviews = Per decidere servono almeno { $count } { $count ->
    [one] valutazione
   *[other] valutazioni
}.
challenge-opinions = Le amministrazioni che promuovono la sfida leggono le proposte ammesse alla valutazione ed esprimono un parere non vincolante, che l'hub considera prima di decidere.
challenge-take-part = Come partecipare
challenge-take-part-signed-in = Può presentare una proposta per questa sfida a nome della sua organizzazione.
challenge-take-part-anonymous = Per presentare una proposta registri la sua organizzazione oppure acceda con il suo account.
challenge-new-proposal = Presenta una proposta
challenge-not-open = Questa sfida non accetta proposte in questo momento.

# The four pillars.
pillars-title = I quattro pilastri
pillars-lead = Ogni proposta è valutata secondo quattro pilastri, con un punteggio da 0 a 5 (anche a mezzi punti). Per ogni livello della scala è indicato che cosa significa. Versione della griglia: { $version }.
pillars-scale-of = Scala di valutazione: { $name }
pillars-score = Punteggio
pillars-meaning = Significato

# The catalogue.
catalogue-title = Catalogo dei servizi
catalogue-lead = I servizi nati dalle proposte accolte, pubblicati nel catalogo del Polo Strategico Nazionale perché ogni amministrazione possa adottarli e riusarli (CAD, artt. 68 e 69).
catalogue-search-label = Cerca nel catalogo
catalogue-model = Modello di servizio
catalogue-pillar = Pilastro del punteggio
catalogue-pillar-mean = Media dei quattro pilastri
catalogue-min-score = Punteggio minimo
catalogue-sort = Ordina per
catalogue-sort-name = Nome
catalogue-sort-newest = Più recenti
catalogue-sort-score = Punteggio
catalogue-none = Nessun servizio corrisponde alla ricerca.
development-status-concept = Idea
development-status-development = In sviluppo
development-status-beta = Beta
development-status-stable = Stabile
development-status-obsolete = Obsoleto
service-deprecated = Servizio dismesso
service-successor = Al suo posto si può adottare:
service-provider = Fornitore
service-licence = Licenza
service-version = Versione
service-status = Maturità
service-description = Descrizione
service-features = Funzionalità
service-scores = Punteggi alla valutazione
service-scores-lead = I punteggi medi che la proposta da cui nasce il servizio ha ottenuto per ciascun pilastro, su una scala da 0 a 5.
service-scores-chart-title = Punteggi per pilastro di { $name }
service-score = Punteggio (0–5)
service-reuse = Riuso
service-publiccode = Scarica il file publiccode.yml
service-repository = Codice sorgente
service-landing = Sito del servizio
service-platforms = Piattaforme:
service-contacts = Referenti
provider-lead = I servizi che questa organizzazione offre nel catalogo del Polo Strategico Nazionale.
