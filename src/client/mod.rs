//! The client manager: client ids, one state machine per client, the receive queues, and the
//! runtime for requests that wait.
//!
//! A request runs on the thread that calls td_send: it is parsed, checked against the
//! client's state and answered at once when it needs no I/O (which is everything this
//! version does besides timers). A request that must wait registers a token with its client
//! ([`session::Session::begin`]), runs as a task on [`runtime`], and its answer comes back
//! through [`registry::complete`]; closing a client aborts whatever is still pending, so every
//! request gets exactly one answer. Updates produced off the caller's thread go through
//! [`registry::update`].

pub mod classify;
pub mod options;
mod preinit;
pub mod queue;
pub mod registry;
pub mod runtime;
pub mod session;
mod startup;
pub mod tdlib_parameters;

pub use registry::{complete, registry, update, with_session};
