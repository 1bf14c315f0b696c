//! A small fine-tuned BERT sentence classifier, run on the CPU with nothing but the standard
//! library: the tokenizer (`tokenizer`), the file of weights (`file`) and the forward pass
//! (`bert`). whys uses it as a learned reader of blame (`lint.encoder` in `whys.yaml`); the
//! model is fine-tuned and exported by `bench/encoder-probe.sh` and `bench/encoder-export.py`.

mod bert;
mod file;
mod tokenizer;

pub use tokenizer::WordPiece;

/// Everything that can be wrong with an encoder file.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EncoderError {
    #[error("encoder file: {0}")]
    Format(String),
}

/// The tokenizer and the model of one encoder file.
pub struct Encoder {
    tokenizer: WordPiece,
    model: bert::Bert,
    trained_on: String,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("vocabulary", &self.tokenizer.len())
            .field("trained_on", &self.trained_on)
            .finish_non_exhaustive()
    }
}

impl Encoder {
    /// Reads an encoder file (see `file.rs` for its layout).
    pub fn from_bytes(bytes: &[u8]) -> Result<Encoder, EncoderError> {
        let parsed = file::parse(bytes)?;
        let trained_on = parsed.header.trained_on.clone();
        let tokenizer = WordPiece::new(parsed.vocab)
            .filter(|t| t.len() == parsed.header.vocab_size)
            .ok_or_else(|| {
                EncoderError::Format(
                    "the vocabulary lacks [CLS], [SEP] or [UNK], or its size is not the header's"
                        .into(),
                )
            })?;
        let model = bert::Bert::new(parsed)?;
        Ok(Encoder {
            tokenizer,
            model,
            trained_on,
        })
    }

    /// The token ids the model reads for `text`.
    pub fn tokens(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text, self.max_tokens())
    }

    /// The most tokens the model reads; the rest of a longer text is dropped.
    pub fn max_tokens(&self) -> usize {
        // The model was fine-tuned on at most 96 tokens (bench/encoder-probe.py).
        self.model.max_positions.min(96)
    }

    /// The model's probability that `text` belongs to the second class.
    pub fn probability(&self, text: &str) -> f32 {
        self.model.probability(&self.tokens(text))
    }

    /// The header's account of the training data.
    pub fn trained_on(&self) -> &str {
        &self.trained_on
    }
}
