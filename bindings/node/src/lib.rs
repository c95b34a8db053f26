//! The native half of the `tdjson` npm package (index.js is the other half).
//!
//! libtdjson is opened at run time with dlopen (the `libloading` crate), from a path index.js
//! resolves (an option, `TDJSON_LIBRARY`, the package folder, or the loader's search path). The
//! addon is therefore its own shared library: libtdjson.so keeps exporting only TDLib's symbols,
//! and the addon works with any libtdjson, ours or TDLib's, without being rebuilt.
//!
//! What lives here is what JavaScript cannot do: the C calls, and one receive thread per
//! process. TDLib's `td_receive` serves every client from one queue and must never be entered by
//! two threads at once, so a single thread owns it; it hands batches of answers and updates (as
//! JSON text) to JavaScript through a threadsafe function. The JSON itself is built and parsed
//! in JavaScript (`JSON.stringify`/`JSON.parse` are faster than crossing N-API value by value).

use std::ffi::{c_char, c_double, c_int, CStr, CString};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};

use napi::bindgen_prelude::{Function, Null, Result, ToNapiValue};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Error, Status};
use napi_derive::napi;

type CreateClientIdFn = unsafe extern "C" fn() -> c_int;
type SendFn = unsafe extern "C" fn(c_int, *const c_char);
type ReceiveFn = unsafe extern "C" fn(c_double) -> *const c_char;
type ExecuteFn = unsafe extern "C" fn(*const c_char) -> *const c_char;

/// The loaded library: its entry points, kept for the life of the process.
struct Td {
    path: String,
    create_client_id: CreateClientIdFn,
    send: SendFn,
    receive: ReceiveFn,
    execute: ExecuteFn,
    // Never closed: the function pointers above point into it.
    _library: libloading::Library,
}

static TD: OnceLock<Td> = OnceLock::new();
static LOADING: Mutex<()> = Mutex::new(());

/// The highest client id this addon was handed; ids above it (or below 1) are unknown.
static LAST_CLIENT_ID: AtomicI32 = AtomicI32::new(0);

/// How long one `td_receive` waits before the thread looks at its state again.
const RECEIVE_TIMEOUT: f64 = 1.0;
/// At most this many answers and updates go to JavaScript in one call.
const BATCH: usize = 256;
/// Deepest nesting TDLib's JSON parser accepts; past it the request fails to parse and its
/// `@extra` is lost, so its promise could never settle: refused here instead.
const MAX_DEPTH: usize = 100;

fn error(message: impl Into<String>) -> Error {
    Error::new(Status::GenericFailure, message.into())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn td() -> Result<&'static Td> {
    TD.get()
        .ok_or_else(|| error("libtdjson is not loaded yet (load() first)"))
}

/// Copies a string libtdjson returned (valid only until the next call on this thread).
fn owned(ptr: *const c_char) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// An answer still in libtdjson's thread-local buffer, turned into a JavaScript string (or
/// null) straight from there when the call returns: one copy fewer than going through String.
/// Sound because nothing calls libtdjson on this thread between the return and the conversion.
pub struct Answer(*const c_char);

impl ToNapiValue for Answer {
    unsafe fn to_napi_value(
        env: napi::sys::napi_env,
        answer: Self,
    ) -> Result<napi::sys::napi_value> {
        if answer.0.is_null() {
            return unsafe { Null::to_napi_value(env, Null) };
        }
        let bytes = unsafe { CStr::from_ptr(answer.0) }.to_bytes();
        match std::str::from_utf8(bytes) {
            Ok(text) => unsafe { <&str>::to_napi_value(env, text) },
            Err(_) => unsafe {
                String::to_napi_value(env, String::from_utf8_lossy(bytes).into_owned())
            },
        }
    }
}

fn c_string(request: String) -> Result<CString> {
    CString::new(request).map_err(|_| error("the request contains a NUL character"))
}

/// Opens libtdjson at `path` (a file path, or a bare name for the loader's search path).
/// Loading happens once per process; a second call with another path is an error.
/// Returns the path that is loaded.
#[napi]
pub fn load(path: String) -> Result<String> {
    let _guard = lock(&LOADING);
    if let Some(td) = TD.get() {
        if td.path == path {
            return Ok(path);
        }
        return Err(error(format!(
            "libtdjson is already loaded from {}; one library per process",
            td.path
        )));
    }
    let library = unsafe { libloading::Library::new(&path) }
        .map_err(|e| error(format!("cannot load libtdjson from {path}: {e}")))?;
    fn symbol<T: Copy>(library: &libloading::Library, name: &[u8], path: &str) -> Result<T> {
        let s = unsafe { library.get::<T>(name) }.map_err(|e| {
            let name = String::from_utf8_lossy(&name[..name.len() - 1]);
            error(format!("{path} has no {name}: {e}"))
        })?;
        Ok(*s)
    }
    let td = Td {
        create_client_id: symbol(&library, b"td_create_client_id\0", &path)?,
        send: symbol(&library, b"td_send\0", &path)?,
        receive: symbol(&library, b"td_receive\0", &path)?,
        execute: symbol(&library, b"td_execute\0", &path)?,
        path: path.clone(),
        _library: library,
    };
    let _ = TD.set(td);
    Ok(path)
}

/// The path libtdjson was loaded from, if it was.
#[napi]
pub fn loaded_library() -> Option<String> {
    TD.get().map(|td| td.path.clone())
}

/// `td_execute`: a synchronous request as JSON text; its answer as JSON text.
#[napi]
pub fn execute(request: String) -> Result<Answer> {
    let td = td()?;
    let request = c_string(request)?;
    Ok(Answer(unsafe { (td.execute)(request.as_ptr()) }))
}

/// `td_create_client_id`.
#[napi]
pub fn create_client_id() -> Result<i32> {
    let td = td()?;
    let id = unsafe { (td.create_client_id)() };
    LAST_CLIENT_ID.fetch_max(id, Ordering::Relaxed);
    Ok(id)
}

/// The deepest nesting of arrays and objects in JSON text (strings skipped).
fn nesting_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut in_string = false;
    let mut escaped = false;
    for &b in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// `td_send` to a client this addon created. Unknown ids and requests the library could not
/// even parse (so their answer could not be matched) are JavaScript errors.
#[napi]
pub fn send(client_id: i32, request: String) -> Result<()> {
    let td = td()?;
    if client_id < 1 || client_id > LAST_CLIENT_ID.load(Ordering::Relaxed) {
        return Err(error(format!("unknown client id {client_id}")));
    }
    if nesting_depth(request.as_bytes()) > MAX_DEPTH {
        return Err(error(format!(
            "the request nests objects and arrays deeper than {MAX_DEPTH} levels"
        )));
    }
    let request = c_string(request)?;
    unsafe { (td.send)(client_id, request.as_ptr()) };
    Ok(())
}

/// Answers and updates go to JavaScript as arrays of JSON strings. Weak: it does not keep the
/// event loop alive by itself; `hold` refs it while clients are open.
type Deliver = ThreadsafeFunction<Vec<String>, (), Vec<String>, Status, false, true>;

struct Receiver {
    deliver: Option<Arc<Deliver>>,
    /// The JavaScript environment (main thread or worker) `deliver` belongs to.
    env: usize,
    /// Open clients; the thread calls td_receive only while there are some.
    open: u32,
    thread: bool,
}

static RECEIVER: Mutex<Receiver> = Mutex::new(Receiver {
    deliver: None,
    env: 0,
    open: 0,
    thread: false,
});
static WAKE: Condvar = Condvar::new();
/// Held around every td_receive, by the thread or by a raw `receive` call.
static RECEIVING: Mutex<()> = Mutex::new(());

/// Sets the function that receives every batch of answers and updates (arrays of JSON text)
/// and starts the process's receive thread. One JavaScript environment per process owns it.
#[napi]
pub fn start_receiver(env: Env, on_batch: Function<Vec<String>, ()>) -> Result<()> {
    td()?;
    let mut r = lock(&RECEIVER);
    if let Some(d) = &r.deliver {
        if !d.aborted() && r.env != env.raw() as usize {
            return Err(error(
                "another JavaScript thread of this process already receives from libtdjson",
            ));
        }
        if !d.aborted() && r.open > 0 {
            return Err(error("the receiver is in use by open clients"));
        }
    }
    let deliver = on_batch
        .build_threadsafe_function::<Vec<String>>()
        .weak::<true>()
        .callee_handled::<false>()
        .build()?;
    r.deliver = Some(Arc::new(deliver));
    r.env = env.raw() as usize;
    r.open = 0;
    if !r.thread {
        std::thread::Builder::new()
            .name("tdjson-receive".into())
            .spawn(receive_loop)
            .map_err(|e| error(format!("cannot start the receive thread: {e}")))?;
        r.thread = true;
    }
    Ok(())
}

fn owner<'a>(r: &'a Receiver, env: &Env) -> Result<&'a Arc<Deliver>> {
    match &r.deliver {
        Some(d) if r.env == env.raw() as usize && !d.aborted() => Ok(d),
        _ => Err(error(
            "startReceiver() was not called from this JavaScript thread",
        )),
    }
}

/// One more open client: the receive thread runs and keeps the event loop alive.
#[napi]
pub fn hold(env: Env) -> Result<()> {
    let mut r = lock(&RECEIVER);
    let raw = owner(&r, &env)?.raw();
    if r.open == 0 {
        let status = unsafe { napi::sys::napi_ref_threadsafe_function(env.raw(), raw) };
        if status != napi::sys::Status::napi_ok {
            return Err(error("cannot ref the receive callback"));
        }
        WAKE.notify_all();
    }
    r.open += 1;
    Ok(())
}

/// One client fewer; with none left the thread idles and the process may exit.
#[napi]
pub fn release(env: Env) -> Result<()> {
    let mut r = lock(&RECEIVER);
    let raw = owner(&r, &env)?.raw();
    if r.open == 0 {
        return Err(error("release() without hold()"));
    }
    r.open -= 1;
    if r.open == 0 {
        let status = unsafe { napi::sys::napi_unref_threadsafe_function(env.raw(), raw) };
        if status != napi::sys::Status::napi_ok {
            return Err(error("cannot unref the receive callback"));
        }
    }
    Ok(())
}

/// The process's receive thread: td_receive while clients are open, batches to JavaScript.
fn receive_loop() {
    let Ok(td) = td() else { return };
    loop {
        let deliver = {
            let mut r = lock(&RECEIVER);
            loop {
                match &r.deliver {
                    None => {
                        r.thread = false;
                        return;
                    }
                    Some(d) if r.open > 0 && !d.aborted() => break d.clone(),
                    _ => r = WAKE.wait(r).unwrap_or_else(|p| p.into_inner()),
                }
            }
        };
        let mut batch = Vec::new();
        {
            let _receiving = lock(&RECEIVING);
            let mut timeout = RECEIVE_TIMEOUT;
            while batch.len() < BATCH {
                match owned(unsafe { (td.receive)(timeout) }) {
                    Some(event) => batch.push(event),
                    None => break,
                }
                timeout = 0.0;
            }
        }
        if batch.is_empty() {
            continue;
        }
        // The queue is unbounded, so a non-blocking call fails only once the environment is
        // gone; then nobody listens any more.
        if deliver.call(batch, ThreadsafeFunctionCallMode::NonBlocking) == Status::Closing {
            let mut r = lock(&RECEIVER);
            if r.deliver.as_ref().is_some_and(|d| Arc::ptr_eq(d, &deliver)) {
                r.deliver = None;
                r.open = 0;
            }
        }
    }
}

/// `td_receive` called directly, for benchmarks and tools that drive the library by hand.
/// Refused while clients are open: the receive thread owns td_receive then.
#[napi]
pub fn receive(timeout: f64) -> Result<Answer> {
    let td = td()?;
    if lock(&RECEIVER).open > 0 {
        return Err(error(
            "td_receive belongs to the receive thread while clients are open",
        ));
    }
    if !(0.0..=1e6).contains(&timeout) {
        return Err(error("timeout must be between 0 and 1e6 seconds"));
    }
    let _receiving = lock(&RECEIVING);
    Ok(Answer(unsafe { (td.receive)(timeout) }))
}

#[cfg(test)]
mod tests {
    use super::nesting_depth;

    #[test]
    fn depth_counts_containers_outside_strings() {
        assert_eq!(nesting_depth(br#"{"a":1}"#), 1);
        assert_eq!(nesting_depth(br#"{"a":[{"b":[]}]}"#), 4);
        assert_eq!(nesting_depth(br#"{"a":"[[[{{{\"[["}"#), 1);
        assert_eq!(nesting_depth(br#"{"a":"\\","b":[[]]}"#), 3);
    }
}
