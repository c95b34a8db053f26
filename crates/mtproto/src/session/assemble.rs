//! Turning queued message bodies into one top-level message: msg_ids and
//! seq_nos for each, and a msg_container when there is more than one.

use super::wire::{self, Inner};
use crate::msg_id::{MsgIdClock, MsgIdKind};
use crate::seq_no::SeqNo;
use crate::UnixTime;

pub(crate) struct Outgoing<'a> {
    pub body: &'a [u8],
    pub content_related: bool,
    pub kind: MsgIdKind,
    /// A message sent before and sent again as it was (msg_resend_req): its
    /// original (msg_id, seq_no). It always travels in a container, whose
    /// fresh msg_id is what the receiver's time window judges.
    pub resent: Option<(i64, i32)>,
}

pub(crate) struct Assembled {
    /// (msg_id, seq_no) of each message, in order.
    pub ids: Vec<(i64, i32)>,
    /// The container's msg_id, if one was built.
    pub container_id: Option<i64>,
    pub msg_id: i64,
    pub seq_no: i32,
    pub body: Vec<u8>,
}

/// Inner msg_ids are assigned first so the container's is the greatest.
pub(crate) fn assemble(
    now: UnixTime,
    clock: &mut MsgIdClock,
    seq: &mut SeqNo,
    msgs: &[Outgoing<'_>],
    container_kind: MsgIdKind,
) -> Option<Assembled> {
    let ids: Vec<(i64, i32)> = msgs
        .iter()
        .map(|m| match m.resent {
            Some(ids) => ids,
            None => (clock.next(now, m.kind), seq.next(m.content_related)),
        })
        .collect();
    match msgs {
        [] => None,
        [one] if one.resent.is_none() => Some(Assembled {
            msg_id: ids[0].0,
            seq_no: ids[0].1,
            body: one.body.to_vec(),
            container_id: None,
            ids,
        }),
        many => {
            let inner: Vec<Inner> = many
                .iter()
                .zip(&ids)
                .map(|(m, &(msg_id, seq_no))| Inner {
                    msg_id,
                    seq_no,
                    body: m.body.to_vec(),
                })
                .collect();
            let msg_id = clock.next(now, container_kind);
            let seq_no = seq.next(false);
            Some(Assembled {
                ids,
                container_id: Some(msg_id),
                msg_id,
                seq_no,
                body: wire::container(&inner),
            })
        }
    }
}

/// One message sent by itself whose body is made once its (msg_id, seq_no) is known.
pub(crate) fn assemble_one(
    now: UnixTime,
    clock: &mut MsgIdClock,
    seq: &mut SeqNo,
    build: impl FnOnce(i64, i32) -> Vec<u8>,
) -> Assembled {
    let msg_id = clock.next(now, MsgIdKind::Client);
    let seq_no = seq.next(true);
    Assembled {
        ids: vec![(msg_id, seq_no)],
        container_id: None,
        msg_id,
        seq_no,
        body: build(msg_id, seq_no),
    }
}
