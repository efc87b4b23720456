# Allegati delle proposte (issue 20)
annex-heading = Allegati
annex-lead = La sfida chiede questi allegati. Il formato di ogni file è riconosciuto dal suo contenuto, non dal nome. Gli allegati obbligatori servono per presentare la proposta.
annex-required = obbligatorio
annex-optional = facoltativo
annex-types = Formati accettati
annex-max-size = Dimensione massima
annex-max-count = Numero massimo di file
annex-max-pages = Numero massimo di pagine
annex-no-files = Nessun file caricato.
annex-delete = Elimina
annex-upload = Carica
annex-choose = File per «{ $name }»
annex-choose-hint = Formati accettati: { $max }.
annex-full = Questo allegato ha già tutti i file previsti: per sostituirne uno, lo elimini e carichi quello nuovo.
annex-notice-added = File caricato.
annex-notice-deleted = File eliminato.
annex-pages = { $n ->
    [one] 1 pagina
   *[other] { $n } pagine
}
annex-size-bytes = { $n } byte
annex-size-kb = { $n } kB
annex-size-mb = { $n } MB
annex-error-too-large = Il file supera la dimensione massima consentita ({ $max }).
annex-error-type-not-allowed = Il contenuto del file non corrisponde a nessuno dei formati accettati ({ $max }).
annex-error-too-many-pages = Il PDF supera il numero massimo di pagine ({ $max }).
annex-error-unreadable-pdf = Il file sembra un PDF ma non si riesce ad aprirlo: è danneggiato (ad esempio le sue pagine non corrispondono a quanto dichiara) o protetto da una password. Lo esporti di nuovo dal programma che l'ha creato, senza protezione, e riprovi.
annex-error-too-many-annexes = Questo allegato ha già tutti i file previsti: ne elimini uno prima di caricarne un altro.
annex-error-not-editable = La proposta non è più modificabile: i suoi allegati non possono cambiare.
annex-error-empty = Scelga un file da caricare.
annex-error-unknown-rule = La sfida non chiede questo allegato.
annex-error-other = Il file non è stato caricato.
annex-working-copy = In preparazione
annex-working-copy-lead = I file che il gruppo sta preparando; saranno inviati con la proposta.
annex-manage = Gestisci gli allegati
annex-of-version = Allegati della versione { $version }
annex-none-submitted = Nessun allegato in questa versione.
annex-bundle = Scarica tutti gli allegati (ZIP)
annex-bundle-hint = Un unico archivio con gli allegati delle proposte che le sono assegnate e per cui ha dichiarato l'assenza di conflitti di interesse.
