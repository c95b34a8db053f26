//! The mtproto_api messages of Telegram's worked auth-key example encode and decode to the
//! exact bytes published (shared/reference/mtproto/samples-auth_key.md and .json).

use std::path::PathBuf;

use tl::mtproto::{enums, functions, types, Function, Object};
use tl::{Deserialize, Serialize};

fn reference(file: &str) -> String {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = manifest
        .ancestors()
        .map(|dir| dir.join("shared/reference/mtproto").join(file))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "shared/reference/mtproto/{file} not found above {}",
                manifest.display()
            )
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    assert_eq!(digits.len() % 2, 0, "odd hex: {text}");
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).expect("ascii"), 16).expect("hex"))
        .collect()
}

/// The body of the message dumped in the section whose heading starts with `heading`:
/// the dump without its 20-byte unencrypted-message header.
fn body(heading: &str) -> Vec<u8> {
    let md = reference("samples-auth_key.md");
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let block = section
        .split("```")
        .nth(1)
        .unwrap_or_else(|| panic!("no dump in {heading}"));
    let dump: Vec<u8> = block
        .lines()
        .filter_map(|l| l.split_once('|'))
        .flat_map(|(_, h)| hex(h))
        .collect();
    dump[20..].to_vec()
}

/// A top-level string value of samples-auth_key.json.
fn json(key: &str) -> String {
    let text = reference("samples-auth_key.json");
    let start = text
        .find(&format!("\"{key}\":"))
        .unwrap_or_else(|| panic!("no {key}"))
        + key.len()
        + 3;
    let rest = text[start..]
        .trim_start()
        .strip_prefix('"')
        .unwrap_or_else(|| panic!("{key} not a string"));
    rest[..rest.find('"').expect("closing quote")].to_string()
}

fn array<const N: usize>(bytes: Vec<u8>) -> [u8; N] {
    bytes.try_into().expect("length")
}

fn nonce() -> [u8; 16] {
    array(hex(&json("nonce")))
}

fn server_nonce() -> [u8; 16] {
    array(hex(&json("server_nonce")))
}

#[test]
fn req_pq_multi_encodes_to_the_sample() {
    let call = functions::ReqPqMulti { nonce: nonce() };
    assert_eq!(call.to_bytes(), body("1."));
    let Function::ReqPqMulti(decoded) = Function::from_bytes(&body("1.")).expect("decodes") else {
        panic!("not req_pq_multi");
    };
    assert_eq!(*decoded, call);
}

#[test]
fn res_pq_decodes_from_the_sample() {
    let bytes = body("2.");
    let enums::ResPQ::ResPQ(res) = enums::ResPQ::from_bytes(&bytes).expect("decodes");
    assert_eq!(res.nonce, nonce());
    assert_eq!(res.server_nonce, server_nonce());
    assert_eq!(res.pq, 2694724800268887959u64.to_be_bytes());
    let fingerprints: Vec<i64> = json_list("fingerprints_wire")
        .iter()
        .map(|h| i64::from_le_bytes(array(hex(h))))
        .collect();
    assert_eq!(res.server_public_key_fingerprints, fingerprints);
    assert_eq!(res.to_bytes(), bytes);
    // The same bytes through the any-type decoder.
    assert!(matches!(Object::from_bytes(&bytes), Ok(Object::ResPQ(_))));
}

fn json_list(key: &str) -> Vec<String> {
    let text = reference("samples-auth_key.json");
    let start = text
        .find(&format!("\"{key}\":"))
        .unwrap_or_else(|| panic!("no {key}"));
    let list = &text[start..];
    let list = &list[list.find('[').expect("[") + 1..list.find(']').expect("]")];
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .collect()
}

#[test]
fn p_q_inner_data_dc_encodes_to_the_sample() {
    let inner = types::PQInnerDataDc {
        pq: 2694724800268887959u64.to_be_bytes().to_vec(),
        p: 1513098571u32.to_be_bytes().to_vec(),
        q: 1780931429u32.to_be_bytes().to_vec(),
        nonce: nonce(),
        server_nonce: server_nonce(),
        new_nonce: array(hex(&json("new_nonce"))),
        dc: 2,
    };
    let expected = hex(&json("p_q_inner_data_dc"));
    assert_eq!(inner.to_bytes(), expected);
    assert_eq!(enums::PQInnerData::from(inner).to_bytes(), expected);
}

#[test]
fn req_dh_params_encodes_to_the_sample() {
    let call = functions::ReqDHParams {
        nonce: nonce(),
        server_nonce: server_nonce(),
        p: 1513098571u32.to_be_bytes().to_vec(),
        q: 1780931429u32.to_be_bytes().to_vec(),
        public_key_fingerprint: i64::from_le_bytes(array(hex(&json("chosen_fingerprint_wire")))),
        encrypted_data: hex(&json("rsa_encrypted_data")),
    };
    assert_eq!(call.to_bytes(), body("5."));
}

#[test]
fn server_dh_params_ok_and_inner_data_decode_from_the_sample() {
    let enums::ServerDHParams::Ok(ok) =
        enums::ServerDHParams::from_bytes(&body("6.")).expect("decodes")
    else {
        panic!("server_DH_params_ok expected")
    };
    assert_eq!(ok.nonce, nonce());
    assert_eq!(ok.encrypted_answer, hex(&json("encrypted_answer")));

    // answer_with_hash = SHA1 (20 bytes) + answer + padding; the answer parses by itself.
    let answer = hex(&json("answer_with_hash"));
    let mut src = tl::Reader::new(&answer[20..]);
    let inner = types::ServerDHInnerData::deserialize(&mut src).expect("decodes");
    assert_eq!(src.remaining(), 8, "padding after the answer");
    assert_eq!((inner.g, inner.server_time), (3, 1707425105));
    assert_eq!(inner.dh_prime.len(), 256);
    assert_eq!(inner.g_a.len(), 256);
    assert_eq!(answer[20..20 + 564], body_of_6b());
}

fn body_of_6b() -> Vec<u8> {
    // Section 6b dumps the bare answer (no message header).
    let md = reference("samples-auth_key.md");
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with("6b."))
        .expect("6b");
    let block = section.split("```").nth(1).expect("dump");
    block
        .lines()
        .filter_map(|l| l.split_once('|'))
        .flat_map(|(_, h)| hex(h))
        .collect()
}

#[test]
fn client_dh_inner_data_and_set_client_dh_params_encode_to_the_sample() {
    let inner = types::ClientDHInnerData {
        nonce: nonce(),
        server_nonce: server_nonce(),
        retry_id: 0,
        g_b: hex(&json("g_b")),
    };
    assert_eq!(inner.to_bytes(), hex(&json("client_DH_inner_data")));
    let call = functions::SetClientDHParams {
        nonce: nonce(),
        server_nonce: server_nonce(),
        encrypted_data: hex(&json("client_encrypted_data")),
    };
    assert_eq!(call.to_bytes(), body("7.2"));
}

#[test]
fn dh_gen_ok_decodes_from_the_sample() {
    let answer = enums::SetClientDHParamsAnswer::from_bytes(&body("9.")).expect("decodes");
    let enums::SetClientDHParamsAnswer::DhGenOk(ok) = answer else {
        panic!("not dh_gen_ok: {answer:?}")
    };
    assert_eq!(
        ok.new_nonce_hash1,
        array::<16>(hex(&json("new_nonce_hash1")))
    );
    assert_eq!(ok.server_nonce, server_nonce());
}
