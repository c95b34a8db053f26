//! The real SRP behind the password rules: the shared vector, and a whole 2FA sign-in.

use testdc::world::{
    standard_prime, Config, MtprotoSrp, NewUser, PasswordAlgo, PasswordCheck, PasswordMath,
    RpcError, World, STANDARD_G,
};

use crate::common::*;

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "hex of even length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

#[test]
fn the_shared_vector_passes_the_server_check() {
    let vector: serde_json::Value =
        serde_json::from_str(include_str!("../../../mtproto/tests/data/srp_vector.json"))
            .expect("vector JSON");
    let field = |name: &str| {
        hex(vector[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} missing")))
    };
    let algo = PasswordAlgo {
        salt1: field("salt1"),
        salt2: field("salt2"),
        g: STANDARD_G,
        p: standard_prime(),
    };
    let password = vector["password"].as_str().expect("password");
    let v = MtprotoSrp
        .verifier(&algo, password.as_bytes())
        .expect("verifier");
    assert_eq!(v, field("v"));
    assert!(MtprotoSrp.verifier_is_valid(&algo, &v));
    assert!(
        !MtprotoSrp.verifier_is_valid(&algo, &standard_prime()),
        "v = p is out of range"
    );
    assert_eq!(
        MtprotoSrp.server_public(&algo, &v, &field("b")).expect("B"),
        field("B")
    );
    assert!(MtprotoSrp.check(&algo, &v, &field("b"), &field("A"), &field("M1")));
    let mut wrong = field("M1");
    wrong[0] ^= 1;
    assert!(!MtprotoSrp.check(&algo, &v, &field("b"), &field("A"), &wrong));
}

#[test]
fn two_factor_sign_in_with_real_srp() {
    let mut w = World::open(
        None,
        Config {
            seed: Some(3),
            ..Config::default()
        },
        Box::new(MtprotoSrp),
    )
    .unwrap();
    let p = phone(2, 77);
    let me = w
        .create_user(
            &NewUser {
                phone: p.clone(),
                first_name: "Real".into(),
                password: Some("hunter2".into()),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    key(&mut w, 1, 2);
    let hash = w.send_code(1, &p, NOW).unwrap().phone_code_hash;
    assert!(w
        .sign_in(1, &p, &hash, "22222", NOW)
        .unwrap_err()
        .is(&RpcError::SessionPasswordNeeded));
    let prove = |w: &mut World, password: &str| -> PasswordCheck {
        let state = w.get_password(me.id, NOW).unwrap();
        let current = state.current.expect("password set");
        let params = mtproto::srp::SrpParams {
            salt1: current.algo.salt1,
            salt2: current.algo.salt2,
            g: current.algo.g,
            p: current.algo.p,
        };
        let proof = mtproto::srp::client_proof_with_secret(
            &params,
            password.as_bytes(),
            &current.srp_b,
            &[0x5A; 256],
        )
        .expect("client proof");
        PasswordCheck::Srp {
            srp_id: current.srp_id,
            a: proof.a.to_vec(),
            m1: proof.m1.to_vec(),
        }
    };
    let wrong = prove(&mut w, "hunter3");
    assert!(w
        .check_password(1, &wrong, NOW)
        .unwrap_err()
        .is(&RpcError::PasswordHashInvalid));
    let right = prove(&mut w, "hunter2");
    assert_eq!(w.check_password(1, &right, NOW).unwrap().id, me.id);
}
