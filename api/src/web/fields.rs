//! The invalid fields of a form, in the page's language: one message per code of the domain (a code
//! the catalogue has no words for gets the generic one), and each invalid input's id.

use super::Tr;

/// The message for the domain's field-error `code`.
pub fn message(tr: Tr, code: &str) -> String {
    let key = format!("field-error-{}", code.replace('_', "-"));
    let message = tr.t(&key);
    if message == key { tr.t("field-error-invalid") } else { message }
}

/// The invalid fields of a form: each one's input id and its message.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    /// The domain's field errors; `id` maps the domain's field path to the input's id.
    pub fn from_domain(tr: Tr, fields: &[domain::FieldError], id: impl Fn(&str) -> String) -> Self {
        Self(fields.iter().map(|f| (id(&f.field), message(tr, f.code))).collect())
    }

    /// One invalid input.
    pub fn one(tr: Tr, id: &str, code: &str) -> Self {
        Self(vec![(id.to_owned(), message(tr, code))])
    }

    /// The message of the input `id`, if it is invalid.
    pub fn of(&self, id: &str) -> Option<&str> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, m)| m.as_str())
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use domain::Locale;

    #[test]
    fn a_code_without_words_gets_the_generic_message() {
        let tr = super::Tr(Locale::It);
        assert_eq!(super::message(tr, "wrong_password"), "La password attuale non è corretta.");
        assert_eq!(super::message(tr, "no_such_code"), "Il valore inserito non è valido.");
        assert_eq!(super::message(super::Tr(Locale::En), "required"), "This field is required.");
    }
}
