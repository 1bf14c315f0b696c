//! Evidence about an incident: structured logs, distributed traces and a service
//! repository's changes before it started, turned into typed values that the commands can
//! build timeline entries, summaries, comparisons and `changes:` entries from.
//!
//! Everything here is a silent library: nothing prints, every failure is a typed error, and
//! input data never makes the code panic.
//!
//! - [`logs`]: follow one request (trace id or request id) through JSON-lines logs, streaming.
//! - [`trace`]: read Jaeger or OTLP JSON exports into one [`trace::Trace`] model, summarise
//!   them per service with a critical path, and pick the spans worth a timeline entry.
//! - [`changes`]: commits, merges and tags of a service repository in the window before an
//!   incident (`whys changes`), and writing them into the record's `changes:`.
//! - [`compare`]: where a failing request diverges from a good one, for traces or log requests.

pub mod changes;
pub mod compare;
mod ids;
pub mod logs;
pub mod prometheus;
pub mod timeline;
pub mod trace;

pub use ids::normalize_id;
