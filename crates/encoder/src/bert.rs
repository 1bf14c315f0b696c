//! The forward pass of a BERT encoder with a sequence-classification head, for one sentence
//! at a time (so no padding and no attention mask).
//!
//! The arithmetic is the BERT paper's (Devlin et al. 2019) as Hugging Face's
//! `BertForSequenceClassification` computes it: word, position and token-type embeddings
//! summed and layer-normalised; per layer, multi-head self-attention and a feed-forward block
//! with the exact (erf) GELU, each added back to its input and layer-normalised; the pooler
//! (a dense layer with tanh on the first token's state) and a two-class linear head.

use crate::file::{Matrix, Parsed};
use crate::EncoderError;

/// A dense layer: `y = x Wᵀ + b`, W stored one output per row.
struct Linear {
    weight: Matrix,
    bias: Vec<f32>,
}

struct LayerNorm {
    gain: Vec<f32>,
    bias: Vec<f32>,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

pub struct Bert {
    words: Matrix,
    positions: Matrix,
    token_type: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    pooler: Linear,
    classifier: Linear,
    heads: usize,
    eps: f32,
    pub max_positions: usize,
}

/// Takes the tensors out of a parsed file by name, checking each shape.
struct Tensors {
    tensors: Vec<(String, Matrix)>,
}

impl Tensors {
    fn take(&mut self, name: &str, rows: usize, cols: usize) -> Result<Matrix, EncoderError> {
        let index = self
            .tensors
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| EncoderError::Format(format!("no tensor {name}")))?;
        let (_, m) = self.tensors.swap_remove(index);
        if m.rows != rows || m.cols != cols {
            return Err(EncoderError::Format(format!(
                "{name} is {}×{}; expected {rows}×{cols}",
                m.rows, m.cols
            )));
        }
        Ok(m)
    }

    fn vector(&mut self, name: &str, len: usize) -> Result<Vec<f32>, EncoderError> {
        Ok(self.take(name, 1, len)?.values)
    }

    fn linear(&mut self, name: &str, out: usize, inp: usize) -> Result<Linear, EncoderError> {
        Ok(Linear {
            weight: self.take(&format!("{name}.weight"), out, inp)?,
            bias: self.vector(&format!("{name}.bias"), out)?,
        })
    }

    fn norm(&mut self, name: &str, len: usize) -> Result<LayerNorm, EncoderError> {
        Ok(LayerNorm {
            gain: self.vector(&format!("{name}.weight"), len)?,
            bias: self.vector(&format!("{name}.bias"), len)?,
        })
    }
}

impl Bert {
    pub fn new(parsed: Parsed<'_>) -> Result<Bert, EncoderError> {
        let h = &parsed.header;
        let (hidden, inner, vocab) = (h.hidden, h.intermediate, h.vocab_size);
        if h.heads == 0 || hidden % h.heads != 0 || h.max_positions < 2 {
            return Err(EncoderError::Format(format!(
                "{hidden} wide with {} heads and {} positions",
                h.heads, h.max_positions
            )));
        }
        let mut t = Tensors {
            tensors: parsed.tensors,
        };
        let e = "bert.embeddings";
        let words = t.take(&format!("{e}.word_embeddings.weight"), vocab, hidden)?;
        let positions = t.take(
            &format!("{e}.position_embeddings.weight"),
            h.max_positions,
            hidden,
        )?;
        let token_type = t.vector(&format!("{e}.token_type_embeddings.weight"), hidden)?;
        let embedding_norm = t.norm(&format!("{e}.LayerNorm"), hidden)?;
        let mut layers = Vec::with_capacity(h.layers);
        for i in 0..h.layers {
            let p = format!("bert.encoder.layer.{i}");
            layers.push(Layer {
                query: t.linear(&format!("{p}.attention.self.query"), hidden, hidden)?,
                key: t.linear(&format!("{p}.attention.self.key"), hidden, hidden)?,
                value: t.linear(&format!("{p}.attention.self.value"), hidden, hidden)?,
                attention_out: t.linear(&format!("{p}.attention.output.dense"), hidden, hidden)?,
                attention_norm: t.norm(&format!("{p}.attention.output.LayerNorm"), hidden)?,
                intermediate: t.linear(&format!("{p}.intermediate.dense"), inner, hidden)?,
                output: t.linear(&format!("{p}.output.dense"), hidden, inner)?,
                output_norm: t.norm(&format!("{p}.output.LayerNorm"), hidden)?,
            });
        }
        let pooler = t.linear("bert.pooler.dense", hidden, hidden)?;
        let classifier = t.linear("classifier", 2, hidden)?;
        if let Some((name, _)) = t.tensors.first() {
            return Err(EncoderError::Format(format!("unexpected tensor {name}")));
        }
        Ok(Bert {
            words,
            positions,
            token_type,
            embedding_norm,
            layers,
            pooler,
            classifier,
            heads: h.heads,
            eps: h.layer_norm_eps,
            max_positions: h.max_positions,
        })
    }

    /// The probability of the second class (blameful) for one tokenised sentence. Ids past
    /// the vocabulary read as the first token; a sequence longer than the positions is cut.
    pub fn probability(&self, ids: &[u32]) -> f32 {
        let hidden = self.words.cols;
        let ids = &ids[..ids.len().min(self.max_positions)];
        let n = ids.len();
        let mut x = vec![0f32; n * hidden];
        for (t, &id) in ids.iter().enumerate() {
            let word = self.words.row((id as usize).min(self.words.rows - 1));
            let position = self.positions.row(t);
            let row = &mut x[t * hidden..(t + 1) * hidden];
            for (k, v) in row.iter_mut().enumerate() {
                *v = word[k] + position[k] + self.token_type[k];
            }
        }
        self.embedding_norm.apply(&mut x, hidden, self.eps);
        for layer in &self.layers {
            x = self.layer(layer, &x, n);
        }
        let mut pooled = self.pooler.apply(&x[..hidden], 1);
        pooled.iter_mut().for_each(|v| *v = v.tanh());
        let logits = self.classifier.apply(&pooled, 1);
        // Softmax of two: the probability of class 1.
        1.0 / (1.0 + (logits[0] - logits[1]).exp())
    }

    fn layer(&self, layer: &Layer, x: &[f32], n: usize) -> Vec<f32> {
        let hidden = self.words.cols;
        let head = hidden / self.heads;
        let q = layer.query.apply(x, n);
        let k = layer.key.apply(x, n);
        let v = layer.value.apply(x, n);
        let scale = 1.0 / (head as f32).sqrt();
        let mut context = vec![0f32; n * hidden];
        let mut scores = vec![0f32; n];
        for h in 0..self.heads {
            let cols = h * head..(h + 1) * head;
            for i in 0..n {
                let qi = &q[i * hidden..][cols.clone()];
                for (j, s) in scores.iter_mut().enumerate() {
                    *s = dot(qi, &k[j * hidden..][cols.clone()]) * scale;
                }
                softmax(&mut scores);
                let out = &mut context[i * hidden..][cols.clone()];
                for (j, &s) in scores.iter().enumerate() {
                    let vj = &v[j * hidden..][cols.clone()];
                    out.iter_mut().zip(vj).for_each(|(o, &b)| *o += s * b);
                }
            }
        }
        let mut attended = layer.attention_out.apply(&context, n);
        attended.iter_mut().zip(x).for_each(|(a, &b)| *a += b);
        layer.attention_norm.apply(&mut attended, hidden, self.eps);
        let mut inner = layer.intermediate.apply(&attended, n);
        inner.iter_mut().for_each(|v| *v = gelu(*v));
        let mut out = layer.output.apply(&inner, n);
        out.iter_mut().zip(&attended).for_each(|(a, &b)| *a += b);
        layer.output_norm.apply(&mut out, hidden, self.eps);
        out
    }
}

impl Linear {
    /// `n` rows of input, each as wide as the weight's rows; `n` rows of output.
    fn apply(&self, x: &[f32], n: usize) -> Vec<f32> {
        let mut y = vec![0f32; n * self.weight.rows];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has just been found to have AVX2, the only thing
            // `products_avx2` needs beyond what `products` does.
            unsafe { products_avx2(&self.weight, &self.bias, x, n, &mut y) };
            return y;
        }
        products(&self.weight, &self.bias, x, n, &mut y);
        y
    }
}

/// `products`, compiled for AVX2: the same arithmetic in 256-bit vectors, about twice as
/// fast where the processor has them (checked at run time, so one binary runs everywhere).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn products_avx2(weight: &Matrix, bias: &[f32], x: &[f32], n: usize, y: &mut [f32]) {
    products(weight, bias, x, n, y);
}

/// `y = x Wᵀ + b` for `n` input rows. Each weight row is read once and met by every input
/// row while it is in cache, four input rows at a time so that each load of the weights
/// serves four products.
#[inline(always)]
fn products(weight: &Matrix, bias: &[f32], x: &[f32], n: usize, y: &mut [f32]) {
    let (out, inp) = (weight.rows, weight.cols);
    let row = |t: usize| &x[t * inp..(t + 1) * inp];
    for (o, &b) in bias.iter().enumerate().take(out) {
        let w = weight.row(o);
        let mut t = 0;
        while t + 4 <= n {
            let sums = dot4([row(t), row(t + 1), row(t + 2), row(t + 3)], w);
            for (k, sum) in sums.into_iter().enumerate() {
                y[(t + k) * out + o] = sum + b;
            }
            t += 4;
        }
        for t in t..n {
            y[t * out + o] = dot(row(t), w) + b;
        }
    }
}

impl LayerNorm {
    fn apply(&self, x: &mut [f32], width: usize, eps: f32) {
        for row in x.chunks_exact_mut(width) {
            let mean = row.iter().sum::<f32>() / width as f32;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / width as f32;
            let inv = 1.0 / (var + eps).sqrt();
            for ((v, g), b) in row.iter_mut().zip(&self.gain).zip(&self.bias) {
                *v = (*v - mean) * inv * g + b;
            }
        }
    }
}

/// A dot product in eight lanes, which the compiler turns into vector instructions.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Four dot products with one vector, in eight lanes each.
#[inline(always)]
fn dot4(xs: [&[f32]; 4], w: &[f32]) -> [f32; 4] {
    let mut lanes = [[0f32; 8]; 4];
    let chunks = w
        .chunks_exact(8)
        .zip(xs[0].chunks_exact(8))
        .zip(xs[1].chunks_exact(8))
        .zip(xs[2].chunks_exact(8))
        .zip(xs[3].chunks_exact(8));
    for ((((wc, a), b), c), d) in chunks {
        for k in 0..8 {
            lanes[0][k] += a[k] * wc[k];
            lanes[1][k] += b[k] * wc[k];
            lanes[2][k] += c[k] * wc[k];
            lanes[3][k] += d[k] * wc[k];
        }
    }
    let whole = w.len() / 8 * 8;
    let mut out = [0f32; 4];
    for ((sum, lane), x) in out.iter_mut().zip(&lanes).zip(&xs) {
        *sum = lane.iter().sum::<f32>()
            + x[whole..]
                .iter()
                .zip(&w[whole..])
                .map(|(a, b)| a * b)
                .sum::<f32>();
    }
    out
}

fn softmax(v: &mut [f32]) {
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in v.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    v.iter_mut().for_each(|x| *x /= sum);
}

/// GELU with the error function, as BERT's `gelu` (not the tanh approximation).
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// The error function, through the Chebyshev-fitted complementary error function of
/// *Numerical Recipes* (Press et al., `erfcc`; fractional error below 1.2e-7), in f64.
fn erf(x: f32) -> f32 {
    let z = f64::from(x).abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    let r = 1.0 - erfc;
    (if x >= 0.0 { r } else { -r }) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [
            (0.0f32, 0.0f32),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-1.5, -0.966_105_1),
            (3.0, 0.999_977_9),
        ] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {}", erf(x));
        }
    }

    #[test]
    fn a_dot_product_counts_the_tail_past_the_lanes() {
        let a: Vec<f32> = (1..=11).map(|v| v as f32).collect();
        let b = vec![1f32; 11];
        assert_eq!(dot(&a, &b), 66.0);
    }

    #[test]
    fn four_dot_products_at_once_equal_four_alone() {
        let w: Vec<f32> = (0..19).map(|v| v as f32 * 0.5).collect();
        let xs: Vec<Vec<f32>> = (0..4)
            .map(|r| (0..19).map(|v| (v * (r + 1)) as f32).collect())
            .collect();
        let four = dot4([&xs[0], &xs[1], &xs[2], &xs[3]], &w);
        for (x, got) in xs.iter().zip(four) {
            assert_eq!(got, dot(x, &w));
        }
    }

    #[test]
    fn softmax_sums_to_one() {
        let mut v = [1.0, 2.0, 3.0];
        softmax(&mut v);
        assert!((v.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(v[2] > v[1] && v[1] > v[0]);
    }
}
