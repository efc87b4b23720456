# Review quality: ratings of a review, the hub's flags, an evaluator's record.

rating-label-helpful = Utile
rating-label-too-short = Troppo breve
rating-label-vague = Generica
rating-label-narrow = Parziale
rating-label-inconsistent = Punteggi e commenti non coerenti
rating-label-disrespectful = Irrispettosa
rating-flag-short = Molto più breve della media della sfida
rating-flag-far-from-consensus = Lontana dalla sintesi
rating-flag-recommendation-at-odds = Raccomandazione in contrasto con i punteggi
rating-by = { $who }, { $when }
rating-flags = Segnalazioni automatiche:
rating-heading = Giudizi sulla valutazione
rating-legend = Il suo giudizio sulla valutazione
rating-note = Nota per il valutatore (facoltativa)
rating-note-hint = Il valutatore legge il giudizio e la nota senza sapere chi li ha espressi.
rating-submit = Salva il giudizio
rating-refused-not-submitted = Si esprime un giudizio solo su una valutazione inviata.
field-error-contradictory = Una valutazione utile non può avere anche difetti: scelga le voci coerenti.
field-error-unknown-label = Voce non prevista.
manage-done-rated = Giudizio salvato: il valutatore ne è stato informato.
review-ratings-heading = Giudizi ricevuti su questa valutazione
review-ratings-hint = Li esprimono i responsabili dell'hub o il relatore della sintesi; chi li esprime non è indicato.

# An evaluator's record.
quality-title = Qualità delle valutazioni di { $name }
quality-lead = Il riepilogo delle valutazioni inviate: puntualità, giudizi ricevuti, segnalazioni automatiche, indulgenza rispetto agli altri valutatori e distanza dalle sintesi. L'assegnazione automatica può usarlo per scegliere tra candidati equivalenti.
quality-submitted = Valutazioni inviate
quality-on-time = Inviate entro la scadenza
quality-labels = Giudizi ricevuti
quality-flags = Segnalazioni automatiche
quality-leniency = Indulgenza (punti rispetto agli altri valutatori)
quality-distance = Distanza media dalla sintesi (punti per pilastro)
quality-merit = Indice di qualità
quality-none = —
quality-count = Numero
quality-what = Voce

# Automatic assignment.
manage-auto-quality = A parità di competenze e di carico, preferire chi ha valutazioni di qualità migliore
manage-auto-quality-hint = Puntualità, giudizi ricevuti e segnalazioni dell'hub: vedere la scheda di ogni valutatore nell'elenco dei valutatori.
