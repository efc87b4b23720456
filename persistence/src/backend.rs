//! SQL functions shared by both engines, declared once.

diesel::define_sql_function! {
    /// Lower-cases text (both SQLite and PostgreSQL call it `lower`).
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
