//! `whys render PATH --format md|html [--out DIR]`

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use whys::fsutil::write_atomic;
use whys::record::load_record;
use whys::render::files::page_path;
use whys::render::{render, Format, Renderer};

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record file.
    pub path: PathBuf,
    /// Markdown for the repository, or one self-contained HTML page.
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    pub format: FormatArg,
    /// Write `<id>.md` or `<id>.html` into this folder instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Md,
    Html,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let loaded = load_record(&args.path, &ctx.archive.settings.limits)
        .map_err(|failure| whys::Error::Record(Box::new(failure)))?;
    let renderer = Renderer::for_archive(&ctx.archive)?;
    let format = match args.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    let text = render(&loaded.record, &renderer, format)?;
    match args.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        Some(dir) => {
            // The id names the file: only a slug, which cannot climb out of the folder.
            let path = page_path(&dir, &loaded.record.id, format.extension()).map_err(|e| {
                whys::Error::Usage(format!(
                    "{e}; `whys check {}` says more",
                    args.path.display()
                ))
            })?;
            std::fs::create_dir_all(&dir).map_err(|e| whys::Error::io(&dir, e))?;
            write_atomic(&path, text.as_bytes())?;
            println!("{}", path.display());
        }
    }
    Ok(Outcome::Success)
}
