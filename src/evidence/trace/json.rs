//! Serde helpers shared by the Jaeger and OTLP readers: lenient scalars that keep the JSON
//! path in their errors, and `null` read as "empty".

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
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
pub(crate) struct ScalarText<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for ScalarText<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarTextVisitor(PhantomData))
    }
}

struct ScalarTextVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ScalarTextVisitor<'a> {
    type Value = ScalarText<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Borrowed(value)))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Owned(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Borrowed("")))
    }

    fn visit_none<E: de::Error>(self) -> Result<ScalarText<'a>, E> {
        Ok(ScalarText(Cow::Borrowed("")))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ScalarText<'a>, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScalarText<'a>, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(ScalarText(Cow::Owned(value.to_string())))
    }
}

/// A field that may be absent (`None`), `null` (an empty list) or a list: tells "the key is
/// there" apart from "the key is missing", which is how the format is recognised.
pub(crate) fn present_or_null<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Some(
        Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default(),
    ))
}
