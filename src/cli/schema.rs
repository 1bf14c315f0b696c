//! `whys schema`

use super::out::Out;
use super::Outcome;

pub fn run() -> whys::Result<Outcome> {
    let mut out = Out::new();
    out.line(whys::record::schema::record_schema_json())?;
    out.finish()?;
    Ok(Outcome::Success)
}
