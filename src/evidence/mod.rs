//! Evidence readers: structured logs and distributed traces, turned into typed values that
//! the commands can build timeline entries, summaries and comparisons from.
//!
//! Everything here is a silent library: nothing prints, every failure is a typed error, and
//! input data never makes the code panic.
//!
//! - [`logs`]: follow one request (trace id or request id) through JSON-lines logs, streaming.
//! - [`trace`]: read Jaeger or OTLP JSON exports into one [`trace::Trace`] model, summarise
//!   them per service with a critical path, and pick the spans worth a timeline entry.
//! - [`compare`]: where a failing request diverges from a good one, for traces or log requests.

pub mod compare;
mod ids;
pub mod logs;
pub mod trace;

pub use ids::normalize_id;
