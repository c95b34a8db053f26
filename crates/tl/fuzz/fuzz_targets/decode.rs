//! Arbitrary bytes into every decoder by id: each boxed type of both schemas (through
//! `Object`) and each function (through `Function`). Decoding must never panic, hang or
//! over-allocate; whatever decodes must re-encode to bytes that decode to the same bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tl::{Deserialize, Serialize};

/// Decode → encode → decode → encode: the two encodings must agree (bytes, not values,
/// so NaN doubles compare equal).
fn check<T: Serialize + Deserialize>(data: &[u8]) {
    let Ok(value) = T::from_bytes(data) else { return };
    let bytes = value.to_bytes();
    let again = T::from_bytes(&bytes).expect("re-encoded value decodes");
    assert_eq!(again.to_bytes(), bytes, "encoding is not stable");
}

fuzz_target!(|data: &[u8]| {
    check::<tl::api::Object>(data);
    check::<tl::api::Function>(data);
    check::<tl::mtproto::Object>(data);
    check::<tl::mtproto::Function>(data);
    // Decoding a prefix of a longer input, as a transport reading one message does.
    let mut src = tl::Reader::new(data);
    let _ = <tl::api::Object as Deserialize>::deserialize(&mut src);
});
