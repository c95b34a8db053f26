//! msg_id generation, time correction, seq_no and salts.
use mtproto::msg_id::{msg_id_at, msg_id_time, MsgIdClock, MsgIdKind, MsgIdProblem};
use mtproto::salt::{FutureSalt, SaltBook, SaltSchedule};
use mtproto::seq_no::SeqNo;
use mtproto::UnixTime;

const T0: i64 = 1_707_425_105; // the example's server_time

#[test]
fn msg_id_encodes_time() {
    let t = UnixTime::from_nanos(T0 * 1_000_000_000 + 500_000_000);
    let id = msg_id_at(t);
    assert_eq!(id >> 32, T0);
    assert_eq!(id & 0xFFFF_FFFF, 1 << 31);
    assert!((msg_id_time(id) - (T0 as f64 + 0.5)).abs() < 1e-6);
}

#[test]
fn client_and_server_residues_and_monotonic() {
    let now = UnixTime::from_secs(T0);
    let mut c = MsgIdClock::new();
    let mut s = MsgIdClock::new();
    let mut last_c = 0;
    let mut last_s = 0;
    for i in 0..10_000 {
        // Same instant many times: ids still increase.
        let t = now.add_nanos((i / 100) * 1000);
        let id = c.next(t, MsgIdKind::Client);
        assert_eq!(id % 4, 0);
        assert!(id > last_c);
        last_c = id;
        let kind = if i % 3 == 0 {
            MsgIdKind::ServerOther
        } else {
            MsgIdKind::ServerResponse
        };
        let sid = s.next(t, kind);
        assert_eq!(sid % 4, if kind == MsgIdKind::ServerOther { 3 } else { 1 });
        assert!(sid > last_s);
        last_s = sid;
    }
}

#[test]
fn time_offset_is_corrected_and_ids_stay_increasing() {
    let local = UnixTime::from_secs(T0);
    let mut c = MsgIdClock::new();
    let before = c.next(local, MsgIdKind::Client);
    // Server is one hour behind.
    let server_id = ((T0 - 3600) << 32) | 1;
    c.sync_to_msg_id(local, server_id);
    assert_eq!(c.offset_secs(), -3600);
    let after = c.next(local, MsgIdKind::Client);
    // A clock that ran ahead is pulled back: the ids follow the server's time
    // (the rejected ahead-of-time ids never counted), and increase from there.
    assert!(after < before);
    assert_eq!(after >> 32, T0 - 3600);
    assert!(c.next(local, MsgIdKind::Client) > after);
    // A fresh clock with that offset produces server-time ids.
    let mut fresh = MsgIdClock::with_offset_secs(-3600);
    assert_eq!(fresh.next(local, MsgIdKind::Client) >> 32, T0 - 3600);
    c.sync_to_secs(local, T0 + 3600);
    assert_eq!(c.offset_secs(), 3600);
}

#[test]
fn incoming_checks() {
    let now = UnixTime::from_secs(T0);
    let clock = MsgIdClock::new();
    let ok = T0 << 32;
    assert_eq!(clock.check_incoming(now, ok, true), Ok(()));
    assert_eq!(
        clock.check_incoming(now, ok | 1, true),
        Err(MsgIdProblem::WrongParity)
    );
    assert_eq!(
        clock.check_incoming(now, ok | 2, true),
        Err(MsgIdProblem::WrongParity)
    );
    assert_eq!(clock.check_incoming(now, ok | 1, false), Ok(()));
    assert_eq!(
        clock.check_incoming(now, ok, false),
        Err(MsgIdProblem::WrongParity)
    );
    assert_eq!(
        clock.check_incoming(now, (T0 - 301) << 32, true),
        Err(MsgIdProblem::TooLow)
    );
    assert_eq!(clock.check_incoming(now, (T0 - 299) << 32, true), Ok(()));
    assert_eq!(
        clock.check_incoming(now, (T0 + 31) << 32, true),
        Err(MsgIdProblem::TooHigh)
    );
    assert_eq!(MsgIdProblem::TooLow.code(), 16);
    assert_eq!(MsgIdProblem::TooHigh.code(), 17);
    assert_eq!(MsgIdProblem::WrongParity.code(), 18);
}

#[test]
fn seq_numbers() {
    let mut s = SeqNo::new();
    assert_eq!(s.next(false), 0);
    assert_eq!(s.next(true), 1);
    assert_eq!(s.next(true), 3);
    assert_eq!(s.next(false), 4);
    assert_eq!(s.next(true), 5);
    assert_eq!(s.content_sent(), 3);
    s.reset();
    assert_eq!(s.next(true), 1);
}

#[test]
fn salts() {
    let sched = SaltSchedule::with_period([7; 32], 1800);
    let a = sched.salt_at(T0);
    assert!(sched.accepts(a, T0));
    assert!(
        sched.accepts(a, T0 + 1800),
        "previous window still accepted"
    );
    assert!(!sched.accepts(a, T0 + 3600));
    assert!(!sched.accepts(a ^ 1, T0));
    let fut = sched.future(T0, 3);
    assert_eq!(fut.len(), 3);
    assert_eq!(fut[0].salt, a);
    assert!(fut.windows(2).all(|w| w[0].valid_since < w[1].valid_since));
    let mut book = SaltBook::new(0);
    assert_eq!(book.current(T0), 0);
    assert!(book.wants_more(T0, 600));
    book.add_future(&fut);
    assert_eq!(book.current(T0), a);
    let next = fut[1];
    assert_eq!(book.current(i64::from(next.valid_since)), next.salt);
    assert!(!book.wants_more(T0, 600));
    book.set_current(99);
    book.add_future(&[FutureSalt {
        valid_since: 0,
        valid_until: 1,
        salt: 5,
    }]);
    assert_eq!(
        book.current(T0),
        a,
        "expired salts are dropped, valid ones win"
    );
}
