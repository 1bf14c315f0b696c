//! Serde helpers shared by the Jaeger and OTLP readers: lenient scalars that keep the JSON
//! path in their errors, and `null` read as "empty".

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;

/// `null` or a missing field reads as the type's default (exporters write `"tags": null`).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A non-negative integer written as a JSON number or as a string of digits (OTLP JSON writes
/// 64-bit integers as strings because JavaScript cannot hold them; some tools do not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WholeNumber(pub u64);

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WholeNumberVisitor)
    }
}

struct WholeNumberVisitor;

impl Visitor<'_> for WholeNumberVisitor {
    type Value = WholeNumber;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number (a non-negative integer, or a string of digits)")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<WholeNumber, E> {
        Ok(WholeNumber(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<WholeNumber, E> {
        u64::try_from(value)
            .map(WholeNumber)
            .map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<WholeNumber, E> {
        // Some tools print microsecond times as floats; round, but refuse nonsense.
        if (0.0..1.8e19).contains(&value) {
            Ok(WholeNumber(value.round() as u64))
        } else {
            Err(E::invalid_value(Unexpected::Float(value), &self))
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<WholeNumber, E> {
        value
            .trim()
            .parse::<u64>()
            .map(WholeNumber)
            .map_err(|_| E::invalid_value(Unexpected::Str(value), &self))
    }
}

/// Any JSON scalar as text (`true`, `200`, `"GET"` -> `GET`); arrays and objects as compact
/// JSON. Tag values in Jaeger exports are of any JSON type, whatever their `type` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ScalarText(pub String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarTextVisitor)
    }
}

struct ScalarTextVisitor;

impl<'de> Visitor<'de> for ScalarTextVisitor {
    type Value = ScalarText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ScalarText, E> {
        Ok(ScalarText(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ScalarText, E> {
        Ok(ScalarText(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ScalarText, E> {
        Ok(ScalarText(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ScalarText, E> {
        Ok(ScalarText(value.to_string()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ScalarText, E> {
        Ok(ScalarText(value.to_string()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<ScalarText, E> {
        Ok(ScalarText(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<ScalarText, E> {
        Ok(ScalarText(String::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<ScalarText, E> {
        Ok(ScalarText(String::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ScalarText, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(ScalarText(value.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScalarText, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(ScalarText(value.to_string()))
    }
}

/// Which top-level keys a document has, read without building anything, to tell the format
/// from the content.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TopLevelKeys {
    #[serde(default)]
    pub data: Option<IgnoredAny>,
    #[serde(default, rename = "resourceSpans", alias = "resource_spans")]
    pub resource_spans: Option<IgnoredAny>,
    #[serde(default)]
    pub batches: Option<IgnoredAny>,
    #[serde(default)]
    pub result: Option<IgnoredAny>,
    #[serde(default)]
    pub spans: Option<IgnoredAny>,
}
