//! The MTProto service objects with `Object` fields (rpc_result, msg_container's message),
//! the oversize rule of `bytes`, and the names of built-in ids. Needs only `tl::mtproto`.

use tl::mtproto::{enums, types, Object};
use tl::write::{bytes_fit, put_bytes, MAX_BYTES_LEN, OVERSIZE_MARK};
use tl::{Blob, Deserialize, Error, Reader, Serialize};

fn le(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn container_layout_is_the_official_one() {
    // msg_container#73f1f8dc messages:vector<message>: a bare vector (count only) of bare
    // messages, each msg_id, seqno, bytes, then the body verbatim.
    let c = types::MsgContainer {
        messages: vec![
            types::Message {
                msg_id: 4,
                seqno: 1,
                body: Blob(vec![9; 8]),
            },
            types::Message {
                msg_id: 8,
                seqno: 2,
                body: Blob(vec![7; 4]),
            },
        ],
    };
    let bytes = c.to_bytes();
    assert_eq!(
        bytes,
        le(&[
            &0x73f1_f8dcu32.to_le_bytes(),
            &2u32.to_le_bytes(),
            &4i64.to_le_bytes(),
            &1i32.to_le_bytes(),
            &8i32.to_le_bytes(),
            &[9; 8],
            &8i64.to_le_bytes(),
            &2i32.to_le_bytes(),
            &4i32.to_le_bytes(),
            &[7; 4],
        ])
    );
    assert_eq!(types::MsgContainer::from_bytes(&bytes), Ok(c.clone()));
    assert_eq!(
        Object::from_bytes(&bytes),
        Ok(Object::MessageContainer(c.into()))
    );
}

#[test]
fn message_lengths_are_checked() {
    let header = |bytes: i32| {
        le(&[
            &1u32.to_le_bytes(),
            &5i64.to_le_bytes(),
            &1i32.to_le_bytes(),
            &bytes.to_le_bytes(),
        ])
    };
    let container = |bytes: i32, body: &[u8]| {
        let mut b = 0x73f1_f8dcu32.to_le_bytes().to_vec();
        b.extend(header(bytes));
        b.extend_from_slice(body);
        b
    };
    assert!(types::MsgContainer::from_bytes(&container(4, &[1, 2, 3, 4])).is_ok());
    for (bytes, body, err) in [
        (-4, &[][..], Error::BadLengthPrefix),
        (3, &[1, 2, 3][..], Error::BadLengthPrefix),
        (8, &[1, 2, 3, 4][..], Error::UnexpectedEnd),
        (i32::MAX - 3, &[0; 16][..], Error::UnexpectedEnd),
    ] {
        assert_eq!(
            types::MsgContainer::from_bytes(&container(bytes, body)),
            Err(err),
            "bytes {bytes}"
        );
    }
    // A count the input cannot hold (16 bytes per message at least) fails before allocating.
    let mut huge = 0x73f1_f8dcu32.to_le_bytes().to_vec();
    huge.extend(u32::MAX.to_le_bytes());
    huge.extend([0; 64]);
    assert_eq!(
        types::MsgContainer::from_bytes(&huge),
        Err(Error::UnexpectedEnd)
    );
}

#[test]
fn rpc_result_takes_the_rest() {
    let r = types::RpcResult {
        req_msg_id: 9,
        result: Blob(vec![1, 2, 3, 4, 5, 6, 7, 8]),
    };
    let bytes = r.to_bytes();
    assert_eq!(
        bytes,
        le(&[
            &0xf35c_6d01u32.to_le_bytes(),
            &9i64.to_le_bytes(),
            &[1, 2, 3, 4, 5, 6, 7, 8]
        ])
    );
    // Read from a longer input, it still takes everything: an rpc_result is always a whole
    // message body (or a container message's sized body).
    let mut src = Reader::new(&bytes);
    assert_eq!(types::RpcResult::deserialize(&mut src), Ok(r));
    assert_eq!(src.remaining(), 0);
    assert_eq!(
        types::RpcResult::from_bytes(&bytes[..12]),
        Ok(types::RpcResult {
            req_msg_id: 9,
            result: Blob(vec![])
        })
    );
    assert_eq!(
        types::RpcResult::from_bytes(&bytes[..11]),
        Err(Error::UnexpectedEnd)
    );
}

#[test]
fn legacy_and_fail_handshake_objects_decode_by_id() {
    let legacy = types::PQInnerData {
        pq: vec![0x17, 0xed],
        p: vec![0x49],
        q: vec![0x53],
        nonce: [1; 16],
        server_nonce: [2; 16],
        new_nonce: [3; 32],
    };
    let bytes = legacy.to_bytes();
    assert_eq!(bytes[..4], 0x83c9_5aecu32.to_le_bytes());
    assert_eq!(
        enums::PQInnerData::from_bytes(&bytes),
        Ok(enums::PQInnerData::PQInnerData(Box::new(legacy)))
    );
    let fail = types::ServerDHParamsFail {
        nonce: [1; 16],
        server_nonce: [2; 16],
        new_nonce_hash: [3; 16],
    };
    assert_eq!(fail.to_bytes().len(), 52);
    assert_eq!(
        enums::ServerDHParams::from_bytes(&fail.to_bytes()),
        Ok(enums::ServerDHParams::Fail(Box::new(fail)))
    );
}

#[test]
fn oversize_bytes_are_refused_not_cut() {
    assert!(bytes_fit(MAX_BYTES_LEN) && !bytes_fit(MAX_BYTES_LEN + 1));
    // The largest encodable length round-trips.
    let max = vec![0xab; MAX_BYTES_LEN];
    let mut out = Vec::new();
    put_bytes(&mut out, &max);
    assert_eq!(out[..4], [254, 0xff, 0xff, 0xff]);
    assert_eq!(Reader::new(&out).read_byte_slice(), Ok(&max[..]));
    drop(max);
    // One more byte: the mark, which every reader refuses, and nothing of the data.
    let over = vec![0xab; MAX_BYTES_LEN + 1];
    let mut out = 0x1234_5678u32.to_le_bytes().to_vec();
    put_bytes(&mut out, &over);
    assert_eq!(out[4..], OVERSIZE_MARK);
    assert_eq!(
        Reader::new(&out[4..]).read_byte_slice(),
        Err(Error::BadLengthPrefix)
    );
    // Inside a value, the whole value is refused.
    let gz = types::GzipPacked { packed_data: over };
    assert_eq!(gz.to_bytes().len(), 8);
    assert_eq!(
        types::GzipPacked::from_bytes(&gz.to_bytes()),
        Err(Error::BadLengthPrefix)
    );
}

#[test]
fn names_cover_service_and_builtin_ids() {
    for (id, name) in [
        (0x73f1_f8dc, "msg_container"),
        (0xf35c_6d01, "rpc_result"),
        (0x3072_cfa1, "gzip_packed"),
        (0x7abe_77ec, "ping"),
        (0xe751_2126, "destroy_session"),
    ] {
        assert_eq!(tl::mtproto::constructor_name(id), Some(name));
        assert_eq!(tl::constructor_name(id), Some(name));
    }
    for (id, name) in [
        (0x1cb5_c415, "vector"),
        (0x9972_75b5, "boolTrue"),
        (0xbc79_9737, "boolFalse"),
        (0x3fed_d339, "true"),
    ] {
        assert_eq!(tl::builtin_name(id), Some(name));
        assert_eq!(tl::mtproto::constructor_name(id), Some(name));
        assert_eq!(tl::constructor_name(id), Some(name));
        #[cfg(feature = "api")]
        assert_eq!(tl::api::constructor_name(id), Some(name));
    }
    assert_eq!(tl::constructor_name(0xdead_beef), None);
    #[cfg(feature = "api")]
    assert_eq!(tl::constructor_name(0xdde8_a54c), Some("inputPeerUser"));
}
