//! The control interface's requests (CONTROL.md), each answered with a status and JSON.

use serde_json::{json, Value};

use super::http::Request;
use super::tuning;
use crate::faults::{FaultKind, FaultMatch, MigrateKind};
use crate::net::{unix_now_secs, Server};
use crate::world::{ControlTarget, Media, Message, NewBot, NewUser, Peer, User, World};

pub(super) type Answer = (u16, Value);

pub(super) fn error(status: u16, text: impl std::fmt::Display) -> Answer {
    (status, json!({ "error": text.to_string() }))
}

pub(super) fn ok(body: Value) -> Answer {
    (200, body)
}

pub async fn handle(server: &Server, req: &Request) -> Answer {
    let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("GET", ["health"]) => health(server),
        ("GET", ["users"]) => users(server),
        ("GET", ["users", id]) => match id.parse() {
            Ok(id) => user(server, id),
            Err(_) => error(400, "bad user id"),
        },
        ("POST", ["users"]) => create_user(server, &req.body),
        ("POST", ["bots"]) => create_bot(server, &req.body),
        ("GET", ["messages"]) => messages(server, req),
        ("POST", ["messages"]) => send_message(server, &req.body),
        ("GET", ["chats"]) => chats(server),
        ("GET", ["settings"]) => tuning::settings(server),
        ("POST", ["settings"]) => tuning::change_settings(server, &req.body),
        ("GET", ["faults"]) => ok(json!({
            "faults": server.shared.faults.list().iter().map(fault_json).collect::<Vec<_>>()
        })),
        ("DELETE", ["faults"]) => {
            server.shared.faults.clear();
            ok(json!({ "ok": true }))
        }
        ("POST", ["faults"]) => arm_fault(server, &req.body).await,
        ("GET", ["faults", id]) => {
            match id.parse().ok().and_then(|id| server.shared.faults.get(id)) {
                Some(f) => ok(fault_json(&f)),
                None => error(404, "no such fault"),
            }
        }
        (_, ["health" | "users" | "bots" | "messages" | "chats" | "faults" | "settings", ..]) => {
            error(405, "method not allowed")
        }
        _ => error(404, "not found"),
    }
}

pub(super) fn parse_body(body: &[u8]) -> Result<Value, Answer> {
    let value: Value = serde_json::from_slice(body).map_err(|e| error(400, e))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(error(400, "the body must be a JSON object"))
    }
}

fn str_field(v: &Value, key: &str) -> Result<Option<String>, Answer> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(error(400, format!("`{key}` must be a string"))),
    }
}

pub(super) fn int_field(v: &Value, key: &str) -> Result<Option<i64>, Answer> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| error(400, format!("`{key}` must be an integer"))),
    }
}

fn required<T>(value: Option<T>, key: &str) -> Result<T, Answer> {
    value.ok_or_else(|| error(400, format!("`{key}` is required")))
}

fn user_json(u: &User) -> Value {
    json!({
        "id": u.id,
        "phone": u.phone,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "username": u.username,
        "is_bot": u.is_bot,
        "dc": u.dc_id,
        "has_password": u.has_password,
    })
}

fn peer_json(p: Peer) -> Value {
    match p {
        Peer::User(id) => json!({ "user_id": id }),
        Peer::Chat(id) => json!({ "chat_id": id }),
        Peer::Channel(id) => json!({ "channel_id": id }),
    }
}

fn message_json(m: &Message) -> Value {
    let media = m.media.as_ref().map(|media| match media {
        Media::Document(d) => json!({ "kind": "document", "size": d.size }),
        Media::Photo(_) => json!({ "kind": "photo", "size": media.size() }),
    });
    json!({
        "id": m.id,
        "from_id": m.from_id,
        "peer": peer_json(m.peer),
        "date": m.date,
        "text": m.text,
        "out": m.out,
        "media": media,
    })
}

fn health(server: &Server) -> Answer {
    let dcs: Vec<Value> = server
        .shared
        .ports()
        .iter()
        .map(|(id, port)| json!({ "id": id, "port": port }))
        .collect();
    ok(json!({
        "ok": true,
        "dcs": dcs,
        "rsa_fingerprint": format!("{:016x}", server.shared.rsa_fingerprint as u64),
        "online_connections": server.shared.registry.len(),
        "key_exchanges": server.shared.handshakes(),
        "requests": server.shared.requests(),
        "slow_clients_closed": server.shared.slow_clients_closed(),
    }))
}

fn users(server: &Server) -> Answer {
    match server.shared.world().users() {
        Ok(list) => ok(json!({ "users": list.iter().map(user_json).collect::<Vec<_>>() })),
        Err(e) => error(500, e),
    }
}

fn user(server: &Server, id: i64) -> Answer {
    let world = server.shared.world();
    let user = match world.user(id) {
        Ok(Some(u)) => u,
        Ok(None) => return error(404, "no such user"),
        Err(e) => return error(500, e),
    };
    let authorizations = match world.user_authorizations(id) {
        Ok(list) => list,
        Err(e) => return error(500, e),
    };
    drop(world);
    let sessions: Vec<Value> = authorizations
        .iter()
        .map(|a| {
            let c = &a.client;
            json!({
                "auth_key_id": format!("{:016x}", a.auth_key_id as u64),
                "dc": a.dc_id,
                "online": server.shared.registry.is_online(a.auth_key_id),
                "hash": a.hash,
                "password_pending": a.password_pending,
                "api_id": c.api_id,
                "device_model": c.device_model,
                "platform": c.platform(),
                "system_version": c.system_version,
                "app_name": c.app_name(),
                "app_version": c.app_version,
                "system_lang_code": c.system_lang_code,
                "lang_pack": c.lang_pack,
                "lang_code": c.lang_code,
                "ip": c.ip,
                "date_created": a.created,
                "date_active": a.active,
            })
        })
        .collect();
    let mut body = user_json(&user);
    body["sessions"] = Value::Array(sessions);
    ok(body)
}

fn world_error(e: crate::world::WorldError) -> Answer {
    match e {
        crate::world::WorldError::Rpc(rpc) => error(400, rpc.message()),
        other => error(500, other),
    }
}

fn create_user(server: &Server, body: &[u8]) -> Answer {
    let run = || -> Result<Answer, Answer> {
        let v = parse_body(body)?;
        let new = NewUser {
            phone: required(str_field(&v, "phone")?, "phone")?,
            first_name: str_field(&v, "first_name")?.unwrap_or_default(),
            last_name: str_field(&v, "last_name")?.unwrap_or_default(),
            username: str_field(&v, "username")?,
            password: str_field(&v, "password")?,
        };
        let user = server
            .shared
            .world()
            .create_user(&new, unix_now_secs())
            .map_err(world_error)?;
        Ok(ok(user_json(&user)))
    };
    run().unwrap_or_else(|e| e)
}

fn create_bot(server: &Server, body: &[u8]) -> Answer {
    let run = || -> Result<Answer, Answer> {
        let v = parse_body(body)?;
        let dc_id = int_field(&v, "dc")?
            .map(|d| i32::try_from(d).map_err(|_| error(400, "bad dc")))
            .transpose()?;
        let new = NewBot {
            first_name: str_field(&v, "first_name")?.unwrap_or_else(|| "Bot".into()),
            username: str_field(&v, "username")?,
            dc_id,
        };
        let (user, token) = server
            .shared
            .world()
            .create_bot(&new, unix_now_secs())
            .map_err(world_error)?;
        let mut body = user_json(&user);
        body["token"] = Value::String(token);
        Ok(ok(body))
    };
    run().unwrap_or_else(|e| e)
}

fn send_message(server: &Server, body: &[u8]) -> Answer {
    let run = || -> Result<Answer, Answer> {
        let v = parse_body(body)?;
        let from = required(int_field(&v, "from_user_id")?, "from_user_id")?;
        let text = required(str_field(&v, "text")?, "text")?;
        let target = match (
            int_field(&v, "to_user_id")?,
            int_field(&v, "chat_id")?,
            int_field(&v, "channel_id")?,
        ) {
            (Some(user), None, None) => ControlTarget::User(user),
            (None, Some(chat), None) => ControlTarget::Chat(chat),
            (None, None, Some(channel)) => ControlTarget::Channel(channel),
            _ => {
                return Err(error(
                    400,
                    "exactly one of `to_user_id`, `chat_id`, `channel_id` is required",
                ))
            }
        };
        let shared = &server.shared;
        let mut world = shared.world();
        let sent = world.control_send(from, target, &text, unix_now_secs());
        let pushes = world.drain_pushes();
        crate::net::deliver(shared, &mut world, &pushes);
        let sent = sent.map_err(world_error)?;
        Ok(ok(json!({ "message_id": sent.message.id })))
    };
    run().unwrap_or_else(|e| e)
}

fn find_peer(world: &World, id: i64) -> Option<Peer> {
    if world.user(id).ok().flatten().is_some() {
        return Some(Peer::User(id));
    }
    if world.chat(id).ok().flatten().is_some() {
        return Some(Peer::Chat(id));
    }
    if world.channel(id).ok().flatten().is_some() {
        return Some(Peer::Channel(id));
    }
    None
}

fn messages(server: &Server, req: &Request) -> Answer {
    let number = |key: &str| -> Result<Option<i64>, Answer> {
        req.param(key)
            .map(|v| v.parse().map_err(|_| error(400, format!("bad `{key}`"))))
            .transpose()
    };
    let run = || -> Result<Answer, Answer> {
        let user = required(number("user_id")?, "user_id")?;
        let limit = number("limit")?.unwrap_or(100).clamp(0, 1000) as i32;
        let world = server.shared.world();
        let peer = match number("peer_id")? {
            Some(id) => Some(find_peer(&world, id).ok_or_else(|| error(404, "no such peer"))?),
            None => None,
        };
        let list = world
            .control_messages(user, peer, limit)
            .map_err(world_error)?;
        Ok(ok(
            json!({ "messages": list.iter().map(message_json).collect::<Vec<_>>() }),
        ))
    };
    run().unwrap_or_else(|e| e)
}

fn chats(server: &Server) -> Answer {
    let world = server.shared.world();
    let chats = match world.chats() {
        Ok(c) => c,
        Err(e) => return error(500, e),
    };
    let channels = match world.channels() {
        Ok(c) => c,
        Err(e) => return error(500, e),
    };
    let mut out: Vec<Value> = chats
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "kind": "chat",
                "title": c.title,
                "creator_id": c.creator_id,
                "members": c.members.iter().map(|m| m.user_id).collect::<Vec<_>>(),
            })
        })
        .collect();
    out.extend(channels.iter().map(|c| {
        json!({
            "id": c.id,
            "kind": if c.broadcast { "channel" } else { "supergroup" },
            "title": c.title,
            "creator_id": c.creator_id,
            "username": c.username,
            "participants_count": c.participants_count,
        })
    }));
    ok(json!({ "chats": out }))
}

fn fault_json(f: &crate::faults::Fault) -> Value {
    json!({ "fault_id": f.id, "kind": f.kind.name(), "fired": f.fired })
}

fn parse_fault(v: &Value) -> Result<(FaultKind, Option<FaultMatch>), Answer> {
    let kind = required(str_field(v, "kind")?, "kind")?;
    let int32 = |key: &str| -> Result<i32, Answer> {
        let n = required(int_field(v, key)?, key)?;
        i32::try_from(n).map_err(|_| error(400, format!("`{key}` is out of range")))
    };
    let kind = match kind.as_str() {
        "close_connection" => FaultKind::CloseConnection {
            run: match v.get("run") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(run)) => *run,
                Some(_) => return Err(error(400, "`run` must be a boolean")),
            },
        },
        "bad_server_salt" => FaultKind::BadServerSalt,
        "flood_wait" => FaultKind::FloodWait {
            seconds: int32("seconds")?,
        },
        "migrate" => {
            let name = required(str_field(v, "error")?, "error")?;
            let kind = MigrateKind::parse(&name)
                .ok_or_else(|| error(400, format!("unknown migrate error {name}")))?;
            FaultKind::Migrate {
                kind,
                dc: int32("dc")?,
            }
        }
        "rpc_error" => FaultKind::RpcError {
            code: int32("code")?,
            message: required(str_field(v, "message")?, "message")?,
        },
        "delay" => FaultKind::Delay {
            ms: u64::try_from(int32("ms")?).map_err(|_| error(400, "`ms` must be positive"))?,
        },
        "restart_dc" => FaultKind::RestartDc { dc: int32("dc")? },
        "updates_too_long" => FaultKind::UpdatesTooLong {
            user_id: required(int_field(v, "user_id")?, "user_id")?,
        },
        "channel_too_long" => FaultKind::ChannelTooLong {
            user_id: required(int_field(v, "user_id")?, "user_id")?,
            channel_id: required(int_field(v, "channel_id")?, "channel_id")?,
        },
        "difference_too_long" => FaultKind::DifferenceTooLong,
        "channel_difference_too_long" => FaultKind::ChannelDifferenceTooLong,
        other => return Err(error(400, format!("unknown fault kind {other}"))),
    };
    let matcher = match v.get("match") {
        None | Some(Value::Null) => None,
        Some(m) if m.is_object() => Some(FaultMatch {
            method: str_field(m, "method")?,
            dc: int_field(m, "dc")?
                .map(|d| i32::try_from(d).map_err(|_| error(400, "bad match.dc")))
                .transpose()?,
            user_id: int_field(m, "user_id")?,
            skip: int_field(m, "skip")?
                .map(|n| u32::try_from(n).map_err(|_| error(400, "bad match.skip")))
                .transpose()?
                .unwrap_or(0),
        }),
        Some(_) => return Err(error(400, "`match` must be an object")),
    };
    // The difference faults wait for their method unless told otherwise.
    let default_method = match kind {
        FaultKind::DifferenceTooLong => Some("updates.getDifference"),
        FaultKind::ChannelDifferenceTooLong => Some("updates.getChannelDifference"),
        _ => None,
    };
    let matcher = match default_method {
        Some(method) => {
            let mut m = matcher.unwrap_or_default();
            m.method.get_or_insert_with(|| method.to_string());
            Some(m)
        }
        None => matcher,
    };
    Ok((kind, matcher))
}

async fn arm_fault(server: &Server, body: &[u8]) -> Answer {
    let (kind, matcher) = match parse_body(body).and_then(|v| parse_fault(&v)) {
        Ok(parsed) => parsed,
        Err(e) => return e,
    };
    let faults = &server.shared.faults;
    let id = match (&kind, matcher) {
        (FaultKind::RestartDc { dc }, _) => {
            let dc = *dc;
            if let Err(e) = server.restart_dc(dc).await {
                return error(400, format!("cannot restart DC {dc}: {e}"));
            }
            faults.add(kind, FaultMatch::default(), true)
        }
        (FaultKind::CloseConnection { .. }, None) => {
            server.close_all_connections();
            faults.add(kind, FaultMatch::default(), true)
        }
        (FaultKind::UpdatesTooLong { user_id }, _) => {
            let update = crate::world::Update::TooLong;
            if let Err(e) = tuning::push_resync(server, *user_id, update) {
                return e;
            }
            faults.add(kind, FaultMatch::default(), true)
        }
        (
            FaultKind::ChannelTooLong {
                user_id,
                channel_id,
            },
            _,
        ) => {
            let pts = match server.shared.world().channel(*channel_id) {
                Ok(Some(c)) => c.pts,
                Ok(None) => return error(404, "no such channel"),
                Err(e) => return error(500, e),
            };
            let update = crate::world::Update::ChannelTooLong {
                channel_id: *channel_id,
                pts,
            };
            if let Err(e) = tuning::push_resync(server, *user_id, update) {
                return e;
            }
            faults.add(kind, FaultMatch::default(), true)
        }
        (_, matcher) => faults.add(kind, matcher.unwrap_or_default(), false),
    };
    ok(json!({ "fault_id": id }))
}
