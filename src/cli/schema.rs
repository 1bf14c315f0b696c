//! `whys schema`

use super::Outcome;

pub fn run() -> whys::Result<Outcome> {
    println!("{}", whys::record::schema::record_schema_json());
    Ok(Outcome::Success)
}
