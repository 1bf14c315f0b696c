//! Grafana annotations (below).
