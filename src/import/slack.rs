//! Slack export reading (see below).
