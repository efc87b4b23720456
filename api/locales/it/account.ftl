# The account pages: register, verify, passwords, invitations, profile, personal data, tokens.

# Messages for invalid fields (one per code of the domain; the rest get the generic one).
field-error-invalid = Il valore inserito non è valido.
field-error-required = Questo campo è obbligatorio.
field-error-too-short = Il valore inserito è troppo corto.
field-error-too-long = Il valore inserito è troppo lungo.
field-error-invalid-email = Inserisca un indirizzo email valido, ad esempio nome@esempio.it.
field-error-invalid-checksum = Il codice fiscale o la partita IVA non è valido: controlli le cifre.
field-error-unknown-kind = Scelga il tipo di organizzazione.
field-error-unknown-locale = Scelga una lingua tra quelle proposte.
field-error-control-characters = Il valore contiene caratteri non ammessi.

# Register.
register-title = Registri la sua organizzazione
register-intro = Crei l'account della sua organizzazione: ne diventerà il titolare e potrà presentare proposte e invitare i colleghi. Per unirsi a un'organizzazione già registrata serve l'invito di un suo membro.
register-organization = L'organizzazione
register-org-name = Denominazione
register-kind = Tipo di organizzazione
org-kind-startup = Startup
org-kind-university = Università
org-kind-research-centre = Centro di ricerca
org-kind-company = Impresa
org-kind-public-administration = Pubblica amministrazione
register-tax-code = Codice fiscale o partita IVA
register-tax-code-hint = 11 cifre.
register-ipa-code = Codice IPA
register-ipa-code-hint = Solo per le pubbliche amministrazioni: il codice dell'Indice delle Pubbliche Amministrazioni.
register-person = La persona che registra
register-display-name = Nome e cognome
register-password-hint = Da 12 a 128 caratteri. Una frase di più parole è facile da ricordare e difficile da indovinare.
register-locale = Lingua delle email e delle pagine
register-submit = Registra
register-have-account = Ha già un account? Acceda
register-sent-title = Controlli la sua casella di posta
register-sent-text = Se l'indirizzo indicato può essere registrato, riceverà a breve un'email con il collegamento per confermarlo. Il collegamento vale 48 ore. Se l'indirizzo ha già un account, l'email le spiega come accedere.
register-sent-login = Vai alla pagina di accesso

# Verify the address.
verify-title = Confermi il suo indirizzo email
verify-text = Per completare la registrazione, confermi che questo indirizzo email è il suo.
verify-submit = Conferma l'indirizzo
verify-done-title = Indirizzo confermato
verify-done-text = Grazie: il suo indirizzo email è confermato. Ora può accedere e presentare proposte.
verify-done-login = Accedi
verify-failed-title = Collegamento non valido
verify-failed-text = Il collegamento non è valido: è già stato usato oppure è scaduto (vale 48 ore). Acceda e chieda un nuovo collegamento dalla pagina del suo account.
