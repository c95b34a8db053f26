//! The async runtime for work that waits (timers now; network and disk later). Started on
//! first use, so processes that only call td_execute or idle clients pay nothing for it.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

static RUNTIME: OnceLock<Option<Runtime>> = OnceLock::new();

fn runtime() -> Option<&'static Runtime> {
    RUNTIME
        .get_or_init(|| {
            Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("tdjson-worker")
                .enable_time()
                .enable_io()
                .build()
                .ok()
        })
        .as_ref()
}

/// Runs `task` on the runtime; false if the runtime could not be started.
pub fn spawn(task: impl Future<Output = ()> + Send + 'static) -> bool {
    match runtime() {
        Some(rt) => {
            rt.spawn(task);
            true
        }
        None => false,
    }
}

/// Whether the runtime has been started (tests check that idle use doesn't start it).
pub fn is_started() -> bool {
    RUNTIME.get().is_some()
}
