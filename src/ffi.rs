//! The C ABI of libtdjson: TDLib's 14 exported functions. This file only converts pointers
//! and strings and keeps panics from reaching the host; the logic lives in `client` and `api`.
//!
//! Safety contract of every function, as in TDLib: string arguments are NULL or
//! NUL-terminated; `client` arguments are NULL or come from td_json_client_create and are not
//! used after td_json_client_destroy; returned strings are valid until the next td_receive or
//! td_execute call on the same thread.
#![allow(clippy::missing_safety_doc)]

use std::cell::RefCell;
use std::ffi::{c_char, c_double, c_int, c_longlong, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::time::Duration;

use crate::client::queue::ReceiveQueue;
use crate::client::registry;
use crate::log;

thread_local! {
    /// The string returned by td_receive/td_execute; valid until the next such call on the thread.
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

const INTERNAL_ERROR: &[u8] =
    b"{\"@type\":\"error\",\"code\":500,\"message\":\"Internal error\"}\0";

/// Keeps `bytes` (NUL-terminated) in the thread's result slot and returns a pointer to it.
fn hand_out(bytes: Vec<u8>) -> *const c_char {
    RESULT
        .try_with(|slot| match slot.try_borrow_mut() {
            Ok(mut slot) => {
                *slot = bytes;
                slot.as_ptr() as *const c_char
            }
            Err(_) => ptr::null(),
        })
        .unwrap_or(ptr::null())
}

fn take_result_buffer() -> Vec<u8> {
    RESULT
        .try_with(|slot| {
            slot.try_borrow_mut()
                .map(|mut s| std::mem::take(&mut *s))
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// The request bytes; NULL reads as the empty string, like TDLib.
unsafe fn request_bytes<'a>(request: *const c_char) -> &'a [u8] {
    if request.is_null() {
        b""
    } else {
        CStr::from_ptr(request).to_bytes()
    }
}

fn timeout(seconds: c_double) -> Duration {
    if seconds.is_nan() || seconds <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
    }
}

fn receive_from(queue: &ReceiveQueue, seconds: c_double) -> *const c_char {
    catch_unwind(AssertUnwindSafe(|| match queue.pop(timeout(seconds)) {
        Some(bytes) => hand_out(bytes),
        None => ptr::null(),
    }))
    .unwrap_or(ptr::null())
}

fn execute(request: &[u8]) -> *const c_char {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut buf = take_result_buffer();
        buf.clear();
        crate::api::sync::execute(request, buf)
    }));
    hand_out(result.unwrap_or_else(|_| INTERNAL_ERROR.to_vec()))
}

/// Returns a new client id (1, 2, ...). The client starts with its first request.
#[no_mangle]
pub extern "C" fn td_create_client_id() -> c_int {
    catch_unwind(|| registry().create_client_id()).unwrap_or(0)
}

/// Sends a request to a client; the answer arrives through td_receive.
#[no_mangle]
pub unsafe extern "C" fn td_send(client_id: c_int, request: *const c_char) {
    let request = request_bytes(request);
    let _ = catch_unwind(AssertUnwindSafe(|| registry().send(client_id, request)));
}

/// The next answer or update of any client, waiting up to `timeout` seconds; NULL if none.
#[no_mangle]
pub extern "C" fn td_receive(timeout: c_double) -> *const c_char {
    receive_from(&registry().queue, timeout)
}

/// Runs a synchronous request.
#[no_mangle]
pub unsafe extern "C" fn td_execute(request: *const c_char) -> *const c_char {
    execute(request_bytes(request))
}

/// Receives each log message up to the chosen level. A message of level 0 is fatal: the
/// process aborts when the callback returns. The callback must not call this library.
#[allow(non_camel_case_types)]
pub type td_log_message_callback_ptr =
    Option<extern "C" fn(verbosity_level: c_int, message: *const c_char)>;

/// Receives the message of a fatal error before the process aborts (deprecated interface).
#[allow(non_camel_case_types)]
pub type td_log_fatal_error_callback_ptr = Option<extern "C" fn(error_message: *const c_char)>;

/// Sets (or, with NULL, removes) the callback for log messages up to `max_verbosity_level`.
#[no_mangle]
pub extern "C" fn td_set_log_message_callback(
    max_verbosity_level: c_int,
    callback: td_log_message_callback_ptr,
) {
    let _ = catch_unwind(|| log::set_callback(max_verbosity_level, callback));
}

/// A client of the old interface (its own queue, no `@client_id`).
struct JsonClient {
    id: i32,
    queue: std::sync::Arc<ReceiveQueue>,
}

/// Creates a client of the old interface. Deprecated in TDLib; kept for old programs.
#[no_mangle]
pub extern "C" fn td_json_client_create() -> *mut c_void {
    catch_unwind(|| {
        let (id, queue) = registry().create_private();
        Box::into_raw(Box::new(JsonClient { id, queue })) as *mut c_void
    })
    .unwrap_or(ptr::null_mut())
}

unsafe fn json_client<'a>(client: *mut c_void) -> Option<&'a JsonClient> {
    (client as *const JsonClient).as_ref()
}

#[no_mangle]
pub unsafe extern "C" fn td_json_client_send(client: *mut c_void, request: *const c_char) {
    let request = request_bytes(request);
    if let Some(c) = json_client(client) {
        let _ = catch_unwind(AssertUnwindSafe(|| registry().send_private(c.id, request)));
    }
}

#[no_mangle]
pub unsafe extern "C" fn td_json_client_receive(
    client: *mut c_void,
    timeout: c_double,
) -> *const c_char {
    match json_client(client) {
        Some(c) => receive_from(&c.queue, timeout),
        None => ptr::null(),
    }
}

/// Runs a synchronous request; `client` is ignored and may be NULL.
#[no_mangle]
pub unsafe extern "C" fn td_json_client_execute(
    client: *mut c_void,
    request: *const c_char,
) -> *const c_char {
    let _ = client;
    execute(request_bytes(request))
}

/// Closes and frees a client of the old interface.
#[no_mangle]
pub unsafe extern "C" fn td_json_client_destroy(client: *mut c_void) {
    if client.is_null() {
        return;
    }
    let c = Box::from_raw(client as *mut JsonClient);
    let _ = catch_unwind(AssertUnwindSafe(|| registry().destroy_private(c.id)));
}

/// Deprecated: logs to `file_path` (NULL or "" means stderr). Returns 1 on success.
#[no_mangle]
pub unsafe extern "C" fn td_set_log_file_path(file_path: *const c_char) -> c_int {
    let path = String::from_utf8_lossy(request_bytes(file_path)).into_owned();
    catch_unwind(AssertUnwindSafe(|| c_int::from(log::set_file_path(&path)))).unwrap_or(0)
}

/// Deprecated: the size at which the log file is rotated.
#[no_mangle]
pub extern "C" fn td_set_log_max_file_size(max_file_size: c_longlong) {
    let _ = catch_unwind(|| log::set_max_file_size(max_file_size));
}

/// Deprecated: sets the log verbosity level.
#[no_mangle]
pub extern "C" fn td_set_log_verbosity_level(new_verbosity_level: c_int) {
    let _ = catch_unwind(|| log::set_verbosity_clamped(new_verbosity_level));
}

/// Deprecated: called with the message of a fatal error before the process aborts.
#[no_mangle]
pub extern "C" fn td_set_log_fatal_error_callback(callback: td_log_fatal_error_callback_ptr) {
    let _ = catch_unwind(|| log::set_fatal_callback(callback));
}
