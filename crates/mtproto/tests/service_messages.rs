//! Exact bytes of the service messages (layouts from mtproto_api.tl and the
//! service-messages page), gzip limits, and refusal of malformed input.
mod common;
use common::*;
use mtproto::salt::FutureSalt;
use mtproto::session::gzip::{self, GzipError, MAX_INFLATED};
use mtproto::session::wire::{self, BadMsg, DropOutcome, Inner};

#[test]
fn layouts() {
    assert_eq!(
        wire::ids_message(wire::MSGS_ACK, &[1, 2]),
        hex("59b4d66215c4b51c0200000001000000000000000200000000000000")
    );
    let salt = BadMsg {
        bad_msg_id: 5,
        bad_msg_seqno: 3,
        error_code: 48,
        new_server_salt: Some(-1),
    };
    assert_eq!(
        salt.to_bytes(),
        [
            hex("7b44abed"),
            5i64.to_le_bytes().to_vec(),
            3i32.to_le_bytes().to_vec(),
            48i32.to_le_bytes().to_vec(),
            (-1i64).to_le_bytes().to_vec()
        ]
        .concat()
    );
    assert_eq!(BadMsg::parse(&salt.to_bytes()).unwrap(), salt);
    let bad = BadMsg {
        new_server_salt: None,
        error_code: 16,
        ..salt
    };
    assert_eq!(&bad.to_bytes()[..4], &hex("11f8efa7")[..]);
    assert_eq!(BadMsg::parse(&bad.to_bytes()).unwrap(), bad);
    assert_eq!(
        wire::new_session_created(1, 2, 3),
        [
            hex("0809c29e"),
            1i64.to_le_bytes().to_vec(),
            2i64.to_le_bytes().to_vec(),
            3i64.to_le_bytes().to_vec()
        ]
        .concat()
    );
    // future_salts: a bare vector of bare future_salt (count, no vector id).
    let s = FutureSalt {
        valid_since: 10,
        valid_until: 20,
        salt: 30,
    };
    assert_eq!(
        wire::future_salts(7, 9, &[s]),
        [
            hex("950850ae"),
            7i64.to_le_bytes().to_vec(),
            9i32.to_le_bytes().to_vec(),
            1u32.to_le_bytes().to_vec(),
            10i32.to_le_bytes().to_vec(),
            20i32.to_le_bytes().to_vec(),
            30i64.to_le_bytes().to_vec()
        ]
        .concat()
    );
    assert_eq!(
        wire::parse_future_salts(&wire::future_salts(7, 9, &[s])).unwrap(),
        (7, 9, vec![s])
    );
    assert_eq!(
        wire::ping(0x55),
        [hex("ec77be7a"), 0x55i64.to_le_bytes().to_vec()].concat()
    );
    assert_eq!(
        wire::pong(1, 2),
        [
            hex("c5737734"),
            1i64.to_le_bytes().to_vec(),
            2i64.to_le_bytes().to_vec()
        ]
        .concat()
    );
    assert_eq!(
        &wire::ping_delay_disconnect(1, 75)[..4],
        &hex("8c7b42f3")[..]
    );
    assert_eq!(
        wire::parse_ping(&wire::ping_delay_disconnect(1, 75)).unwrap(),
        (1, Some(75))
    );
    assert_eq!(
        wire::rpc_result(9, &[1, 2, 3, 4]),
        [
            hex("016d5cf3"),
            9i64.to_le_bytes().to_vec(),
            vec![1, 2, 3, 4]
        ]
        .concat()
    );
    assert_eq!(
        wire::rpc_error(420, "FLOOD_WAIT_3"),
        [
            hex("19ca4421a40100000c"),
            b"FLOOD_WAIT_3".to_vec(),
            vec![0, 0, 0]
        ]
        .concat()
    );
    assert_eq!(
        wire::parse_rpc_error(&wire::rpc_error(420, "FLOOD_WAIT_3")).unwrap(),
        (420, "FLOOD_WAIT_3".to_string())
    );
    let c = wire::container(&[Inner {
        msg_id: 4,
        seq_no: 1,
        body: vec![9; 8],
    }]);
    assert_eq!(
        c,
        [
            hex("dcf8f17301000000"),
            4i64.to_le_bytes().to_vec(),
            1i32.to_le_bytes().to_vec(),
            8u32.to_le_bytes().to_vec(),
            vec![9; 8]
        ]
        .concat()
    );
    assert_eq!(
        wire::parse_container(&c).unwrap(),
        vec![Inner {
            msg_id: 4,
            seq_no: 1,
            body: vec![9; 8]
        }]
    );
    assert_eq!(&wire::destroy_session(3)[..4], &hex("262151e7")[..]);
    assert_eq!(
        wire::parse_destroy_session(&wire::destroy_session(3)).unwrap(),
        3
    );
    assert_eq!(
        wire::destroy_session_res(3, true),
        [hex("fc4520e2"), 3i64.to_le_bytes().to_vec()].concat()
    );
    assert_eq!(
        wire::destroy_session_res(3, false),
        [hex("c950d362"), 3i64.to_le_bytes().to_vec()].concat()
    );
    assert_eq!(
        wire::parse_destroy_session_res(&wire::destroy_session_res(3, false)).unwrap(),
        (3, false)
    );
    assert_eq!(
        wire::detailed_info(Some(1), 2, 3),
        [
            hex("c63e6d27"),
            1i64.to_le_bytes().to_vec(),
            2i64.to_le_bytes().to_vec(),
            3i32.to_le_bytes().to_vec(),
            0i32.to_le_bytes().to_vec()
        ]
        .concat()
    );
    assert_eq!(
        wire::detailed_info(None, 2, 3),
        [
            hex("dfb69d80"),
            2i64.to_le_bytes().to_vec(),
            3i32.to_le_bytes().to_vec(),
            0i32.to_le_bytes().to_vec()
        ]
        .concat()
    );
    assert_eq!(
        wire::parse_detailed_info(&wire::detailed_info(None, 2, 3)).unwrap(),
        (None, 2)
    );
    assert_eq!(
        wire::rpc_drop_answer(5),
        [hex("40a7e458"), 5i64.to_le_bytes().to_vec()].concat()
    );
    assert_eq!(DropOutcome::Unknown.to_bytes(), hex("6ed32a5e"));
    assert_eq!(DropOutcome::Running.to_bytes(), hex("86e578cd"));
    let dropped = DropOutcome::Dropped {
        msg_id: 7,
        seq_no: 3,
        bytes: 20,
    };
    assert_eq!(
        dropped.to_bytes(),
        [
            hex("b7d83aa4"),
            7i64.to_le_bytes().to_vec(),
            3i32.to_le_bytes().to_vec(),
            20i32.to_le_bytes().to_vec()
        ]
        .concat()
    );
    assert_eq!(DropOutcome::parse(&dropped.to_bytes()).unwrap(), dropped);
}

#[test]
fn malformed_service_messages_are_errors() {
    let c = wire::container(&[Inner {
        msg_id: 4,
        seq_no: 1,
        body: vec![9; 8],
    }]);
    for len in 0..c.len() {
        assert!(wire::parse_container(&c[..len]).is_err(), "prefix {len}");
    }
    let mut huge = hex("dcf8f173");
    huge.extend_from_slice(&u32::MAX.to_le_bytes());
    assert!(wire::parse_container(&huge).is_err());
    // Well-formed, but more messages than any peer may put in one container.
    let many: Vec<Inner> = (0..wire::MAX_CONTAINER_MESSAGES as i64 + 1)
        .map(|i| Inner {
            msg_id: i * 4,
            seq_no: 0,
            body: vec![0; 4],
        })
        .collect();
    assert!(wire::parse_container(&wire::container(&many)).is_err());
    assert_eq!(
        wire::parse_container(&wire::container(&many[1..]))
            .unwrap()
            .len(),
        wire::MAX_CONTAINER_MESSAGES
    );
    assert!(wire::parse_ids_message(&hex("59b4d66215c4b51cffffff7f")).is_err());
    assert!(BadMsg::parse(&hex("7b44abed0500")).is_err());
    assert!(wire::parse_future_salts(&hex("950850ae0700000000000000090000000000ff7f")).is_err());
}

#[test]
fn gzip_round_trip_and_limits() {
    let body: Vec<u8> = b"abcd".iter().copied().cycle().take(4000).collect();
    let packed = gzip::maybe_pack(body.clone());
    assert_eq!(wire::constructor(&packed), wire::GZIP_PACKED);
    assert!(packed.len() < 200);
    assert_eq!(gzip::unpack(packed).unwrap(), body);
    // Small or incompressible bodies stay as they are.
    assert_eq!(gzip::maybe_pack(vec![1, 2, 3, 4]), vec![1, 2, 3, 4]);
    let mut noise = vec![0u8; 2000];
    rand::RngCore::fill_bytes(&mut seeded(3), &mut noise);
    assert!(
        gzip::maybe_pack(noise.clone()) == noise,
        "random bytes are not packed"
    );
    // Not gzip inside gzip_packed.
    assert_eq!(
        gzip::unpack(wire::gzip_packed(&[1, 2, 3, 4, 5])),
        Err(GzipError::Malformed)
    );
    // A bomb: 64 MiB of zeros compresses to ~64 KiB; inflation stops at the limit.
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(MAX_INFLATED >> 20) + 4 {
        enc.write_all(&zeros).unwrap();
    }
    let bomb = wire::gzip_packed(&enc.finish().unwrap());
    assert_eq!(gzip::unpack(bomb), Err(GzipError::TooLarge));
}
