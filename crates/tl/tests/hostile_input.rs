//! Malformed and hostile bytes give errors: no panic, no unbounded work or allocation.

#![cfg(feature = "api")]

use tl::api::{enums, functions, types, Function, Object};
use tl::{Blob, Deserialize, Error, Reader, RemoteCall, Serialize};

fn text_plain(s: &str) -> enums::RichText {
    types::TextPlain { text: s.into() }.into()
}

fn nested_bold(levels: usize) -> Vec<u8> {
    // Built by hand so the encoder's own recursion is not what is being tested.
    let mut bytes = Vec::new();
    for _ in 0..levels {
        bytes.extend_from_slice(&0x6724abc4u32.to_le_bytes()); // textBold
    }
    bytes.extend(text_plain("x").to_bytes());
    bytes
}

#[test]
fn nesting_is_bounded() {
    let ok = enums::RichText::from_bytes(&nested_bold(tl::MAX_DEPTH as usize - 1))
        .expect("within the bound");
    let mut depth = 0;
    let mut text = &ok;
    while let enums::RichText::TextBold(bold) = text {
        depth += 1;
        text = &bold.text;
    }
    assert_eq!(depth, tl::MAX_DEPTH as usize - 1);
    assert_eq!(
        enums::RichText::from_bytes(&nested_bold(tl::MAX_DEPTH as usize)),
        Err(Error::TooDeep)
    );
    assert_eq!(
        enums::RichText::from_bytes(&nested_bold(100_000)),
        Err(Error::TooDeep)
    );

    let mut calls = Vec::new();
    for _ in 0..10_000 {
        calls.extend_from_slice(&0xbf9459b7u32.to_le_bytes()); // invokeWithoutUpdates
    }
    assert_eq!(Function::from_bytes(&calls), Err(Error::TooDeep));
}

#[test]
fn deepest_nesting_fits_a_small_stack() {
    // A tokio worker has 2 MiB; decoding at the depth bound must fit well within that,
    // even unoptimized.
    let text = nested_bold(tl::MAX_DEPTH as usize - 1);
    let mut calls = Vec::new();
    for _ in 0..tl::MAX_DEPTH - 1 {
        calls.extend_from_slice(&0xbf9459b7u32.to_le_bytes()); // invokeWithoutUpdates
    }
    calls.extend(functions::help::GetConfig.to_bytes());
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            (
                enums::RichText::from_bytes(&text).is_ok(),
                Function::from_bytes(&calls).is_ok(),
            )
        })
        .expect("spawn");
    assert_eq!(handle.join().expect("no stack overflow"), (true, true));
}

#[test]
fn lengths_are_checked_before_allocating() {
    // Vector<long> claiming 2^31 elements, with 8 bytes of input.
    let mut bytes = 0x1cb5c415u32.to_le_bytes().to_vec();
    bytes.extend(0x8000_0000u32.to_le_bytes());
    bytes.extend([0; 8]);
    assert_eq!(Vec::<i64>::from_bytes(&bytes), Err(Error::UnexpectedEnd));
    // Exactly enough input for the count is fine.
    let mut two = 0x1cb5c415u32.to_le_bytes().to_vec();
    two.extend(2u32.to_le_bytes());
    two.extend([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(Vec::<i64>::from_bytes(&two), Ok(vec![1, 2]));

    // A string claiming 16 MiB.
    let mut src = Reader::new(&[254, 0xff, 0xff, 0xff, b'a', b'b', 0, 0]);
    assert_eq!(src.read_bytes(), Err(Error::UnexpectedEnd));
    assert_eq!(
        Reader::new(&[255, 0, 0, 0]).read_bytes(),
        Err(Error::BadLengthPrefix)
    );
    // A vector of users inside a message list, count far beyond the input.
    let mut users = 0x1cb5c415u32.to_le_bytes().to_vec();
    users.extend(u32::MAX.to_le_bytes());
    assert_eq!(
        Vec::<enums::User>::from_bytes(&users),
        Err(Error::UnexpectedEnd)
    );
}

#[test]
fn wrong_ids_name_the_expected_type() {
    let bytes = 0xdeadbeefu32.to_le_bytes();
    assert_eq!(
        enums::InputPeer::from_bytes(&bytes),
        Err(Error::UnexpectedConstructor {
            id: 0xdeadbeef,
            ty: "InputPeer"
        })
    );
    assert_eq!(
        bool::from_bytes(&bytes),
        Err(Error::UnexpectedConstructor {
            id: 0xdeadbeef,
            ty: "Bool"
        })
    );
    assert_eq!(
        Object::from_bytes(&bytes),
        Err(Error::UnexpectedConstructor {
            id: 0xdeadbeef,
            ty: "Object"
        })
    );
    assert_eq!(
        Function::from_bytes(&bytes),
        Err(Error::UnexpectedConstructor {
            id: 0xdeadbeef,
            ty: "Function"
        })
    );
    assert_eq!(
        types::InputPeerChat::from_bytes(&bytes),
        Err(Error::UnexpectedConstructor {
            id: 0xdeadbeef,
            ty: "inputPeerChat"
        })
    );
    let mut trailing = enums::InputPeer::InputPeerSelf.to_bytes();
    trailing.push(0);
    assert_eq!(
        enums::InputPeer::from_bytes(&trailing),
        Err(Error::TrailingBytes(1))
    );
}

#[test]
fn string_length_encodings() {
    for (len, header, padding) in [
        (0, 1, 3),
        (3, 1, 0),
        (253, 1, 2),
        (254, 4, 2),
        (300, 4, 0),
        (70_000, 4, 0),
    ] {
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        tl::write::put_bytes(&mut out, &data);
        assert_eq!(out.len(), header + len + padding, "len {len}");
        if header == 4 {
            assert_eq!(
                out[..4],
                [254, len as u8, (len >> 8) as u8, (len >> 16) as u8]
            );
        } else {
            assert_eq!(out[0], len as u8);
        }
        let mut src = Reader::new(&out);
        assert_eq!(src.read_bytes().as_deref(), Ok(&data[..]));
        assert_eq!(src.remaining(), 0);
    }
    // Invalid UTF-8 in a string is replaced, not an error.
    assert_eq!(
        Reader::new(&[2, 0xff, b'a', 0]).read_string().as_deref(),
        Ok("\u{fffd}a")
    );
}

#[test]
fn flag_bits_shared_by_fields() {
    // video_channel and video_quality share flags.0: written only together.
    let both = stream(Some(7), Some(8));
    let bytes = both.to_bytes();
    assert_eq!(bytes[4..8], 1u32.to_le_bytes(), "flags");
    assert_eq!(types::InputGroupCallStream::from_bytes(&bytes), Ok(both));

    let half = stream(Some(7), None);
    let bytes = half.to_bytes();
    assert_eq!(bytes[4..8], 0u32.to_le_bytes(), "flags");
    assert_eq!(
        types::InputGroupCallStream::from_bytes(&bytes),
        Ok(stream(None, None))
    );
}

fn stream(video_channel: Option<i32>, video_quality: Option<i32>) -> types::InputGroupCallStream {
    types::InputGroupCallStream {
        call: types::InputGroupCall {
            id: 1,
            access_hash: 2,
        }
        .into(),
        time_ms: 3,
        scale: 0,
        video_channel,
        video_quality,
    }
}

fn message_sample() -> Vec<u8> {
    enums::InputFileLocation::from(stream(Some(1), Some(2))).to_bytes()
}

#[test]
fn server_unwraps_generic_wrappers() {
    let init = functions::InitConnection {
        api_id: 6,
        device_model: "dev".into(),
        system_version: "sys".into(),
        app_version: "1.0".into(),
        system_lang_code: "en".into(),
        lang_pack: "".into(),
        lang_code: "en".into(),
        proxy: None,
        params: None,
        query: functions::help::GetConfig,
    };
    let call = functions::InvokeWithLayer {
        layer: tl::LAYER,
        query: init,
    };
    // The typed wrapper returns what the innermost call returns.
    let _: fn(&[u8]) -> Result<<functions::help::GetConfig as RemoteCall>::Return, Error> =
        <<functions::InvokeWithLayer<functions::InitConnection<functions::help::GetConfig>> as RemoteCall>::Return as Deserialize>::from_bytes;
    let bytes = call.to_bytes();

    let Function::InvokeWithLayer(layer) = Function::from_bytes(&bytes).expect("decodes") else {
        panic!("layer")
    };
    assert_eq!(layer.layer, tl::LAYER);
    let Function::InitConnection(init) = &layer.query else {
        panic!("initConnection")
    };
    assert_eq!(init.device_model, "dev");
    assert!(matches!(init.query, Function::HelpGetConfig(_)));

    // The same call with the inner query held as bytes encodes identically.
    let raw = functions::InvokeWithLayer {
        layer: tl::LAYER,
        query: functions::InitConnection {
            query: Blob(functions::help::GetConfig.to_bytes()),
            ..init_blob()
        },
    };
    assert_eq!(raw.to_bytes(), bytes);
}

fn init_blob() -> functions::InitConnection<Blob> {
    functions::InitConnection {
        api_id: 6,
        device_model: "dev".into(),
        system_version: "sys".into(),
        app_version: "1.0".into(),
        system_lang_code: "en".into(),
        lang_pack: "".into(),
        lang_code: "en".into(),
        proxy: None,
        params: None,
        query: Blob(Vec::new()),
    }
}

/// xorshift64*: deterministic input without a dependency.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let seeds: Vec<Vec<u8>> = vec![message_sample(), init_blob().to_bytes(), nested_bold(3)];
    for round in 0..3000 {
        let mut bytes = if round % 2 == 0 {
            let len = (next(&mut state) % 256) as usize;
            (0..len).map(|_| next(&mut state) as u8).collect()
        } else {
            seeds[round % seeds.len()].clone()
        };
        // Flip a few bytes, and sometimes start with a known id.
        for _ in 0..4 {
            if !bytes.is_empty() {
                let at = (next(&mut state) as usize) % bytes.len();
                bytes[at] = next(&mut state) as u8;
            }
        }
        let _ = Object::from_bytes(&bytes);
        let _ = Function::from_bytes(&bytes);
        let _ = tl::mtproto::Object::from_bytes(&bytes);
        let _ = tl::mtproto::Function::from_bytes(&bytes);
    }
}
