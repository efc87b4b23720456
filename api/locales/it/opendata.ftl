# Open data: /open-data and its DCAT-AP_IT description.
opendata-title = Dati aperti dell'Innovation Hub
opendata-intro = I servizi nati dall'Innovation Hub e inseriti nel catalogo del Polo Strategico Nazionale, le amministrazioni che li adottano e l'andamento delle sfide, aggiornati in tempo reale, da scaricare in CSV o in JSON. Nessun dato personale: nei conteggi delle proposte, i valori da 1 a 4 non sono pubblicati.
opendata-licence = Tutti i dati sono rilasciati con licenza
opendata-csv = Scarica in CSV
opendata-json = Scarica in JSON
opendata-catalog = Descrizione dei dataset in DCAT-AP_IT (JSON-LD)
opendata-services-title = Servizi del catalogo PSN nati dall'Innovation Hub
opendata-services-description = Un servizio per riga: nome, fornitore, stato (pubblicato o dismesso), data di pubblicazione, se è nato da una proposta valutata dall'hub e quante amministrazioni lo usano, prevedono di usarlo o hanno smesso.
opendata-adoptions-title = Adozioni dei servizi da parte delle amministrazioni
opendata-adoptions-description = Un'adozione per riga, per le amministrazioni che scelgono di renderla pubblica: servizio, amministrazione, codice IPA, stato dell'adozione e data di inizio dichiarata.
opendata-funnel-title = Andamento delle sfide
opendata-funnel-description = Per ogni sfida pubblica: le proposte presentate e, tra queste, quante sono in valutazione, accolte, respinte o ritirate. I conteggi da 1 a 4 restano vuoti, insieme a un secondo valore quando servirebbe a ricavarli dal totale.
footer-open-data = Dati aperti
