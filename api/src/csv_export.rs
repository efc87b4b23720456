//! The one way the hub writes CSV: every cell goes through [`neutralised`], so that no export opens
//! as a formula in a spreadsheet (OWASP's CSV injection rule).

use crate::error::ApiError;

/// `cell` made inert for spreadsheets: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a single quote in front (OWASP), so that it is read as text. A plain number (`-1.25`)
/// is not a formula and stays as it is.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let number = cell.strip_prefix('-').is_some_and(|digits| {
        !digits.is_empty()
            && digits.chars().filter(|c| *c == '.').count() <= 1
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !digits.starts_with('.')
            && !digits.ends_with('.')
    });
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !number => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A CSV document of `head` and `rows`, every cell neutralised.
///
/// # Errors
/// A 500 when writing fails (it writes to memory).
pub fn document<R, C>(head: &[&str], rows: R) -> Result<String, ApiError>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let head = std::iter::once(head.iter().map(|h| (*h).to_owned()).collect::<Vec<String>>());
    let bytes = records(head)?;
    let mut body = String::from_utf8(bytes).map_err(|e| ApiError::internal("csv export", e))?;
    body.push_str(&String::from_utf8(records(rows)?).map_err(|e| ApiError::internal("csv export", e))?);
    Ok(body)
}

/// CSV records, every cell neutralised: a document's part (a streamed export writes its head, then
/// its pages).
///
/// # Errors
/// A 500 when writing fails (it writes to memory).
pub fn records<R, C>(rows: R) -> Result<Vec<u8>, ApiError>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let fail = |e: &dyn std::fmt::Display| ApiError::internal("csv export", e);
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|c| neutralised(c.as_ref()).into_owned())).map_err(|e| fail(&e))?;
    }
    writer.into_inner().map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn formulas_are_quoted_and_numbers_are_not() {
        for (cell, out) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1+1", "'+1+1"),
            ("-1+cmd", "'-1+cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-", "'-"),
            ("-1.", "'-1."),
            ("-1.5", "-1.5"),
            ("-12", "-12"),
            ("3.750", "3.750"),
            ("Proposta A", "Proposta A"),
            ("", ""),
        ] {
            assert_eq!(neutralised(cell), out, "{cell:?}");
        }
    }
}
