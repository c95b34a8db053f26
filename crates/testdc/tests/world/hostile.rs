//! Hostile calls: valid requests with flipped bytes, decoded as the network would and run
//! against a populated world. Whatever decodes must get an answer or an rpc_error, never a
//! panic. Bounded: a fixed number of mutations from a seeded generator.

use rand::{Rng, SeedableRng};
use testdc::rpc::{self, Context, DcAddress};
use tl::api::{enums, functions, types, Function};
use tl::{Deserialize, Serialize};

use crate::common::*;

fn corpus(peer: enums::InputPeer) -> Vec<Vec<u8>> {
    let location = enums::InputFileLocation::InputDocumentFileLocation(Box::new(
        types::InputDocumentFileLocation {
            id: 1,
            access_hash: 2,
            file_reference: vec![1, 2, 3],
            thumb_size: String::new(),
        },
    ));
    vec![
        functions::messages::GetHistory {
            peer: peer.clone(),
            offset_id: 5,
            offset_date: 0,
            add_offset: -2,
            limit: 10,
            max_id: 0,
            min_id: 0,
            hash: 0,
        }
        .to_bytes(),
        functions::messages::ReadHistory {
            peer: peer.clone(),
            max_id: 3,
        }
        .to_bytes(),
        functions::messages::DeleteMessages {
            revoke: true,
            id: vec![1, 2, 3],
        }
        .to_bytes(),
        functions::messages::ForwardMessages {
            silent: false,
            background: false,
            with_my_score: false,
            drop_author: false,
            drop_media_captions: false,
            noforwards: false,
            allow_paid_floodskip: false,
            from_peer: peer.clone(),
            id: vec![1],
            random_id: vec![9],
            to_peer: enums::InputPeer::InputPeerSelf,
            top_msg_id: None,
            reply_to: None,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            video_timestamp: None,
            allow_paid_stars: None,
            suggested_post: None,
        }
        .to_bytes(),
        functions::updates::GetDifference {
            pts: 2,
            pts_limit: None,
            pts_total_limit: Some(10),
            date: NOW,
            qts: 0,
            qts_limit: None,
        }
        .to_bytes(),
        functions::upload::GetFile {
            precise: false,
            cdn_supported: false,
            location,
            offset: 4096,
            limit: 4096,
        }
        .to_bytes(),
        functions::upload::SaveBigFilePart {
            file_id: 7,
            file_part: 1,
            file_total_parts: 3,
            bytes: vec![0; 2048],
        }
        .to_bytes(),
        functions::messages::GetDialogs {
            exclude_pinned: false,
            folder_id: None,
            offset_date: NOW,
            offset_id: 4,
            offset_peer: peer.clone(),
            limit: 5,
            hash: 0,
        }
        .to_bytes(),
        functions::messages::Search {
            peer: peer.clone(),
            q: "ab%_".into(),
            from_id: None,
            saved_peer_id: None,
            saved_reaction: None,
            top_msg_id: None,
            filter: enums::MessagesFilter::InputMessagesFilterEmpty,
            min_date: 0,
            max_date: 0,
            offset_id: 0,
            add_offset: 0,
            limit: 20,
            max_id: 0,
            min_id: 0,
            hash: 0,
        }
        .to_bytes(),
        functions::contacts::ResolveUsername {
            username: "someone_x".into(),
            referer: None,
        }
        .to_bytes(),
        functions::account::UpdateUsername {
            username: "hostile_1".into(),
        }
        .to_bytes(),
        functions::auth::ImportAuthorization {
            id: 5,
            bytes: vec![1; 32],
        }
        .to_bytes(),
        functions::auth::AcceptLoginToken { token: vec![0; 32] }.to_bytes(),
    ]
}

#[test]
fn flipped_bytes_never_panic() {
    let mut w = world();
    let dcs: Vec<DcAddress> = (1..=3)
        .map(|id| DcAddress {
            id,
            ip: "127.0.0.1".into(),
            port: 1,
        })
        .collect();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    for i in 0..5 {
        send(&mut w, a, b.user_id, &format!("m{i}"));
    }
    let peer = enums::InputPeer::User(Box::new(types::InputPeerUser {
        user_id: b.user_id,
        access_hash: w.user_access_hash(a.user_id, b.user_id),
    }));
    let ctx = Context {
        auth_key_id: a.auth_key_id,
        dc_id: 2,
        now: NOW,
        dcs: &dcs,
        test_mode: false,
        ip: "127.0.0.1",
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let mut ran = 0;
    for original in corpus(peer) {
        // The unmutated call runs too.
        let call = Function::from_bytes(&original).expect("corpus decodes");
        let _ = rpc::handle(&mut w, &ctx, &call);
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..rng.gen_range(1..4) {
                let at = rng.gen_range(4..bytes.len());
                bytes[at] ^= 1 << rng.gen_range(0..8);
            }
            if let Ok(call) = Function::from_bytes(&bytes) {
                ran += 1;
                if let Err(e) = rpc::handle(&mut w, &ctx, &call) {
                    assert!(
                        e.code() >= 300 && !e.message().is_empty(),
                        "a real rpc_error: {e:?}"
                    );
                    assert_ne!(
                        e,
                        testdc::world::RpcError::Internal,
                        "bad input is the client's error, not storage's"
                    );
                }
            }
        }
    }
    assert!(ran > 1000, "most mutations still decode and run: {ran}");
    // The world still works afterwards.
    assert_eq!(send(&mut w, a, b.user_id, "after").message.text, "after");
}
