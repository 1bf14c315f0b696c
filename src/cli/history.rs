//! `whys history ID`

use whys::archive::history::history;

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id.
    pub id: String,
    #[arg(long, value_enum, default_value_t = super::TextOrJson::Text)]
    pub format: super::TextOrJson,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let revisions = history(&ctx.archive, &args.id)?;
    match args.format {
        super::TextOrJson::Json => println!("{}", serde_json::to_string_pretty(&revisions)?),
        super::TextOrJson::Text => {
            if revisions.is_empty() {
                println!("{} has no committed revisions yet", args.id);
            }
            for r in &revisions {
                println!("{} {} {} <{}>", r.commit, r.date, r.author, r.email);
                println!("    {}", r.subject);
                for c in &r.changes {
                    println!("    - {c}");
                }
            }
        }
    }
    Ok(Outcome::Success)
}
