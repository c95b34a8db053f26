//! Answers as bytes: the object's JSON, then `@extra`, then `@client_id`, NUL-terminated so
//! the C ABI can hand the buffer out as is.

use td_api::{JsonWriter, TlWrite};

/// An error answer: td_api's `error` object.
pub type TdError = td_api::Error;

/// What a request handler returns: its typed result or an error.
pub type Reply<T> = Result<T, TdError>;

pub fn error(code: i32, message: impl Into<String>) -> TdError {
    td_api::Error {
        code,
        message: message.into(),
    }
}

/// The honest answer for what this library doesn't do yet.
pub fn not_implemented<T>(function: &str) -> Reply<T> {
    Err(error(500, format!("Not implemented yet: {function}")))
}

/// Writes a typed result or its error.
pub fn write_reply<T: TlWrite>(w: &mut JsonWriter, reply: Reply<T>) {
    match reply {
        Ok(v) => v.write_json(w),
        Err(e) => e.write_json(w),
    }
}

/// Finishes an answer written into `w` (one object ending with `}`): appends `@extra` and
/// `@client_id` when given, then the NUL terminator.
pub fn finish(w: JsonWriter, extra: Option<&str>, client_id: Option<i32>) -> Vec<u8> {
    let mut bytes = w.into_bytes();
    if extra.is_some() || client_id.is_some() {
        if bytes.last() == Some(&b'}') {
            bytes.pop();
        }
        let mut tail = JsonWriter::with_buffer(bytes);
        if let Some(extra) = extra {
            tail.raw(b",\"@extra\":");
            tail.raw(extra.as_bytes());
        }
        if let Some(id) = client_id {
            tail.raw(b",\"@client_id\":");
            tail.int32(id);
        }
        tail.byte(b'}');
        bytes = tail.into_bytes();
    }
    bytes.push(0);
    bytes
}

/// A complete answer object, NUL-terminated.
pub fn answer<T: TlWrite>(reply: Reply<T>, extra: Option<&str>, client_id: Option<i32>) -> Vec<u8> {
    let mut w = JsonWriter::new();
    write_reply(&mut w, reply);
    finish(w, extra, client_id)
}
