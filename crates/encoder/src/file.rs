//! The encoder file: the magic bytes `WHYSENC1`, a little-endian u32 length, a JSON header of
//! that length, the WordPiece vocabulary (UTF-8, a token per line), then every tensor in the
//! header's order. A `q8` tensor is its rows × columns int8 values followed by one f32 scale
//! per row; an `f32` tensor is its values. `bench/encoder-export.py` writes it.

use serde::Deserialize;

use crate::EncoderError;

const MAGIC: &[u8; 8] = b"WHYSENC1";

/// The header's account of the model.
#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    pub format: u32,
    /// What the model was fine-tuned on, for `whys check --explain`.
    #[serde(default)]
    pub trained_on: String,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub max_positions: usize,
    pub layer_norm_eps: f32,
    pub vocab_size: usize,
    pub vocab_bytes: usize,
    pub tensors: Vec<TensorEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TensorEntry {
    pub name: String,
    pub rows: usize,
    pub cols: usize,
    pub kind: String,
}

/// A matrix, row-major, as floats.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<f32>,
}

impl Matrix {
    pub fn row(&self, i: usize) -> &[f32] {
        &self.values[i * self.cols..(i + 1) * self.cols]
    }
}

/// The parts of a parsed file.
pub struct Parsed<'a> {
    pub header: Header,
    pub vocab: &'a str,
    /// The tensors in the header's order, dequantised.
    pub tensors: Vec<(String, Matrix)>,
}

/// Reads every part of `bytes`, checking each length against what is left.
pub fn parse(bytes: &[u8]) -> Result<Parsed<'_>, EncoderError> {
    let mut at = Cursor { bytes, at: 0 };
    if at.take(MAGIC.len(), "the magic bytes")? != MAGIC {
        return Err(EncoderError::Format(
            "not a whys encoder file (no WHYSENC1 at its start)".into(),
        ));
    }
    let len = u32::from_le_bytes(to_array(at.take(4, "the header length")?)) as usize;
    let header: Header = serde_json::from_slice(at.take(len, "the header")?)
        .map_err(|e| EncoderError::Format(format!("the header: {e}")))?;
    if header.format != 1 {
        return Err(EncoderError::Format(format!(
            "format {} (this whys reads format 1)",
            header.format
        )));
    }
    let vocab = std::str::from_utf8(at.take(header.vocab_bytes, "the vocabulary")?)
        .map_err(|e| EncoderError::Format(format!("the vocabulary is not UTF-8: {e}")))?;
    let mut tensors = Vec::with_capacity(header.tensors.len());
    for entry in &header.tensors {
        let count = entry
            .rows
            .checked_mul(entry.cols)
            .ok_or_else(|| EncoderError::Format(format!("{}: too large", entry.name)))?;
        let values = match entry.kind.as_str() {
            "q8" => {
                let raw = at.take(count, &entry.name)?;
                let scales = floats(at.take(entry.rows * 4, &entry.name)?);
                let mut values = Vec::with_capacity(count);
                for (row, scale) in raw.chunks_exact(entry.cols.max(1)).zip(&scales) {
                    values.extend(row.iter().map(|&q| f32::from(q as i8) * scale));
                }
                values
            }
            "f32" => floats(at.take(count * 4, &entry.name)?),
            other => {
                return Err(EncoderError::Format(format!(
                    "{}: unknown kind `{other}`",
                    entry.name
                )))
            }
        };
        tensors.push((
            entry.name.clone(),
            Matrix {
                rows: entry.rows,
                cols: entry.cols,
                values,
            },
        ));
    }
    if at.at != bytes.len() {
        return Err(EncoderError::Format(format!(
            "{} bytes after the last tensor",
            bytes.len() - at.at
        )));
    }
    Ok(Parsed {
        header,
        vocab,
        tensors,
    })
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], EncoderError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| {
                EncoderError::Format(format!(
                    "the file ends inside {what} (byte {} of {})",
                    self.at,
                    self.bytes.len()
                ))
            })?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
}

fn to_array(bytes: &[u8]) -> [u8; 4] {
    let mut out = [0; 4];
    out.copy_from_slice(&bytes[..4]);
    out
}

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(to_array(b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of one 2×3 int8 tensor and one f32 vector, with `extra` bytes after it.
    fn tiny(extra: &[u8]) -> Vec<u8> {
        let header = r#"{"format":1,"hidden":3,"layers":0,"heads":1,"intermediate":3,
            "max_positions":2,"layer_norm_eps":1e-12,"vocab_size":1,"vocab_bytes":6,
            "tensors":[{"name":"m","rows":2,"cols":3,"kind":"q8"},
                       {"name":"v","rows":1,"cols":2,"kind":"f32"}]}"#;
        let mut out = MAGIC.to_vec();
        out.extend((header.len() as u32).to_le_bytes());
        out.extend(header.as_bytes());
        out.extend(b"[UNK]\n");
        out.extend([1u8, 2, 3, 0xff, 0xfe, 0xfd]);
        out.extend([0.5f32.to_le_bytes(), 2.0f32.to_le_bytes()].concat());
        out.extend([1.5f32.to_le_bytes(), (-1.0f32).to_le_bytes()].concat());
        out.extend(extra);
        out
    }

    #[test]
    fn int8_rows_are_scaled_back_to_floats() {
        let bytes = tiny(&[]);
        let parsed = parse(&bytes).unwrap();
        assert_eq!(parsed.vocab, "[UNK]\n");
        assert_eq!(
            parsed.tensors[0].1.values,
            [0.5, 1.0, 1.5, -2.0, -4.0, -6.0]
        );
        assert_eq!(parsed.tensors[1].1.values, [1.5, -1.0]);
    }

    #[test]
    fn a_damaged_file_is_refused_with_what_is_wrong() {
        let message = |bytes: &[u8]| match parse(bytes) {
            Ok(_) => String::from("parsed"),
            Err(e) => e.to_string(),
        };
        assert!(message(b"NOTAFILE").contains("not a whys encoder file"));
        let whole = tiny(&[]);
        assert!(message(&whole[..whole.len() - 3]).contains("the file ends inside v"));
        assert!(message(&whole[..20]).contains("the file ends inside the header"));
        assert!(message(&tiny(&[0, 0])).contains("2 bytes after the last tensor"));
    }
}
