//! Integers as JSON Schema counts them. The OpenAPI document (JSON Schema 2020-12) calls `5.0` an
//! integer, and clients that compute numbers in floating point send it so; serde alone refuses it.
//! These deserialisers take any JSON number with no fractional part, and refuse the rest with a
//! message that names what was expected.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};

/// Reads one JSON number with no fractional part into `T`.
struct Integral<T>(PhantomData<T>);

/// The largest magnitude an `f64` holds exactly as an integer (2^53).
const EXACT_IN_F64: f64 = 9_007_199_254_740_992.0;

impl<T: TryFrom<i64>> Integral<T> {
    fn fit<E: de::Error>(value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &"an integer in range"))
    }
}

impl<T: TryFrom<i64>> Visitor<'_> for Integral<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Self::fit(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        let value = i64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))?;
        Self::fit(value)
    }

    #[expect(clippy::cast_possible_truncation, reason = "checked: whole and within ±2^53, exact in i64")]
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        if value.fract() != 0.0 || !value.is_finite() || value.abs() > EXACT_IN_F64 {
            return Err(E::invalid_value(Unexpected::Float(value), &self));
        }
        Self::fit(value as i64)
    }
}

/// A required integer.
///
/// # Errors
/// When the value is not a whole number in `T`'s range.
pub fn required<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(Integral(PhantomData))
}

/// An optional integer (`null` or absent: `None`); use with `#[serde(default)]`.
///
/// # Errors
/// When the value is not a whole number in `T`'s range.
pub fn optional<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<Option<T>, D::Error> {
    struct Maybe<T>(PhantomData<T>);
    impl<'de, T: TryFrom<i64>> Visitor<'de> for Maybe<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
            required(deserializer).map(Some)
        }
    }
    deserializer.deserialize_option(Maybe(PhantomData))
}

/// A field that may be absent (`None`), `null` (`Some(None)`) or an integer; use with
/// `#[serde(default)]`.
///
/// # Errors
/// When the value is not a whole number in `T`'s range.
pub fn double_optional<'de, D: Deserializer<'de>, T: TryFrom<i64>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    optional(deserializer).map(Some)
}

/// A map of names to integers.
///
/// # Errors
/// When a value is not a whole number in `T`'s range.
pub fn map<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<BTreeMap<String, T>, D::Error> {
    struct Entries<T>(PhantomData<T>);
    struct Value<T>(T);
    impl<'de, T: TryFrom<i64>> de::Deserialize<'de> for Value<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            required(deserializer).map(Value)
        }
    }
    impl<'de, T: TryFrom<i64>> Visitor<'de> for Entries<T> {
        type Value = BTreeMap<String, T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of integers")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut entries = BTreeMap::new();
            while let Some((key, Value(value))) = access.next_entry::<String, Value<T>>()? {
                entries.insert(key, value);
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_map(Entries(PhantomData))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "super::required")]
        level: u8,
        #[serde(default, deserialize_with = "super::optional")]
        days: Option<u32>,
        #[serde(default, deserialize_with = "super::double_optional")]
        budget: Option<Option<i64>>,
        #[serde(default, deserialize_with = "super::map")]
        weights: std::collections::BTreeMap<String, i64>,
    }

    fn parse(value: serde_json::Value) -> Result<Sample, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn whole_numbers_are_integers_however_written() {
        let sample = parse(json!({"level": 5.0, "days": 30, "budget": 1e3, "weights": {"a": 25.0, "b": 75}}));
        assert_eq!(
            sample,
            Ok(Sample {
                level: 5,
                days: Some(30),
                budget: Some(Some(1000)),
                weights: [("a".to_owned(), 25), ("b".to_owned(), 75)].into()
            })
        );
        let absent = parse(json!({"level": 1, "days": null, "budget": null})).expect("nulls");
        assert_eq!((absent.days, absent.budget), (None, Some(None)));
        assert_eq!(parse(json!({"level": 1})).expect("absent").budget, None);
    }

    #[test]
    fn fractions_strings_and_out_of_range_values_are_refused() {
        for (bad, expected) in [
            (json!({"level": 5.5}), "invalid value: floating point `5.5`, expected an integer"),
            (json!({"level": "5"}), "invalid type: string \"5\", expected an integer"),
            (json!({"level": 300}), "invalid value: integer `300`, expected an integer in range"),
            (json!({"level": -1.0}), "invalid value: integer `-1`, expected an integer in range"),
            (json!({"level": 1, "days": 1e300}), "invalid value: floating point `1e+300`, expected an integer"),
            (json!({"level": 1, "weights": {"a": 0.5}}), "invalid value: floating point `0.5`, expected an integer"),
        ] {
            let error = parse(bad.clone()).expect_err("refused");
            assert!(error.starts_with(expected), "{bad}: {error}");
        }
    }
}
