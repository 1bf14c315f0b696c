//! `whys render PATH --format md|html [--out DIR]`

use std::path::PathBuf;

use whys::fsutil::write_atomic;
use whys::record::load_record;
use whys::render::files::page_path;
use whys::render::{render, Renderer};

use super::out::{forms, Format, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record file.
    pub path: PathBuf,
    /// Markdown for the repository, or one self-contained HTML page.
    #[arg(long, value_parser = forms(&[Format::Md, Format::Html]), default_value = "md")]
    pub format: Format,
    /// Write `<id>.md` or `<id>.html` into this folder instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let loaded = load_record(&args.path, &ctx.archive.settings.limits)
        .map_err(|failure| whys::Error::Record(Box::new(failure)))?;
    let renderer = Renderer::for_archive(&ctx.archive)?;
    let format = match args.format {
        Format::Html => whys::render::Format::Html,
        _ => whys::render::Format::Markdown,
    };
    let text = render(&loaded.record, &renderer, format)?;
    let mut out = Out::new();
    match args.out {
        None => out.text(&text)?,
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
            out.line(path.display())?;
        }
    }
    out.finish()?;
    Ok(Outcome::Success)
}
