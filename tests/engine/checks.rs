//! A checker for everything one client emits: each answer and update must be a well-formed
//! td_api object (schema), and every user, chat, basic group, supergroup and secret chat id it
//! names must have been announced by an earlier update (td_api.tl's ordering promises).
//!
//! Why: an app written for TDLib trusts both. A missing field or an int64 written as a number
//! breaks typed bindings; a chat id that arrives before its `updateNewChat` leaves the app
//! with an id it cannot resolve. The engine tests see every object, so they can hold the
//! engine to both promises on every run, not only where a test happens to look.
//!
//! # Schema rules (td_api.tl, the part before `---functions---`)
//! - `@type` names a constructor; every other key is a field of that constructor (the
//!   top-level `@extra` and `@client_id` keys are ignored).
//! - Every field is present, except fields of an object type (concrete or abstract): TDLib's
//!   JSON writer leaves null objects out, so they may be omitted or `null`.
//! - `int32`: a JSON integer within i32. `int53`: a JSON integer with |x| < 2^53. `int64`: a
//!   JSON *string* holding an i64 (TDLib writes int64 as strings). `double`: a number.
//!   `string`: a string. `bytes`: a standard base64 string. `Bool`: true/false.
//!   `vector<T>`: an array whose elements are checked as T (null elements allowed when T is
//!   an object type).
//! - A concrete type (`formattedText`): an object whose `@type` is exactly that constructor.
//!   An abstract type (`MessageContent`): an object whose `@type` is one of its constructors.
//!
//! # Announced-before-used rules (td_api.tl: updateUser, updateBasicGroup, updateSupergroup,
//! updateSecretChat, updateNewChat "guaranteed to come before the identifier is returned")
//! - Announcements: `updateUser.user.id`, `updateBasicGroup.basic_group.id`,
//!   `updateSupergroup.supergroup.id`, `updateSecretChat.secret_chat.id`,
//!   `updateNewChat.chat.id`. They count wherever such an update appears (also inside the
//!   `updates` answer of getCurrentState), and the announced id counts from the announcing
//!   update itself on (so `chat.last_message.chat_id` inside updateNewChat is fine).
//! - References, in every object, answers included, when the value is non-zero:
//!   `int53` fields named `user_id` / `*_user_id` and `vector<int53>` fields `user_ids` /
//!   `*_user_ids` → users; `chat_id` / `*_chat_id` / `chat_ids` / `*_chat_ids` → chats;
//!   `basic_group_id` / `*_basic_group_id` → basic groups; `supergroup_id` /
//!   `*_supergroup_id` → supergroups; `int32` `secret_chat_id` → secret chats. This covers
//!   `chatTypePrivate.user_id` inside updateNewChat, `messageSenderUser.user_id`,
//!   `messageSenderChat.chat_id`, `chatTypeBasicGroup.basic_group_id` and so on. The field
//!   type is part of the rule, so `participant_user_ids:vector<int64>` is not a reference.
//! - Upgrades are checked too (`basicGroup.upgraded_to_supergroup_id`,
//!   `supergroupFullInfo.upgraded_from_basic_group_id`, `messageChatUpgradeTo.supergroup_id`,
//!   `messageChatUpgradeFrom.basic_group_id`): the schema's promise covers every returned
//!   identifier and makes no exception for them, and TDLib builds each of them through
//!   `get_supergroup_id_object` / `get_basic_group_id_object`, which send a placeholder
//!   update first for an id they do not know.
//! - Not checked: anything under `updateOption`, `authorizationState*` and `error` objects;
//!   and fields whose td_api.tl comment disclaims the promise ("may be unknown", "may be
//!   invalid", "may not be sent": `oauthLinkInfo.user_id`,
//!   `internalLinkTypePassportDataRequest.bot_user_id`, `updateTrustedMiniAppBots.bot_user_ids`).
//!   Own ids (`user.id`, `chat.id`, ...) are named `id` and are never references.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::{json, Map, Value};

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/tdlib/td_api.tl"
);

/// Phrases in a field's td_api.tl comment that withdraw the announced-before-used promise.
const NO_PROMISE: [&str; 3] = ["may be unknown", "may be invalid", "may not be sent"];

enum Ty {
    Int32,
    Int53,
    Int64,
    Double,
    Str,
    Bytes,
    Bool,
    Vector(Box<Ty>),
    /// A constructor name with a lowercase first letter.
    Ctor(String),
    /// A type name with an uppercase first letter, the result type of its constructors.
    Abstract(String),
}

impl Ty {
    fn parse(s: &str) -> Ty {
        match s {
            "int32" => Ty::Int32,
            "int53" => Ty::Int53,
            "int64" => Ty::Int64,
            "double" => Ty::Double,
            "string" => Ty::Str,
            "bytes" => Ty::Bytes,
            "Bool" => Ty::Bool,
            _ => match s.strip_prefix("vector<").and_then(|r| r.strip_suffix('>')) {
                Some(inner) => Ty::Vector(Box::new(Ty::parse(inner))),
                None if s.starts_with(|c: char| c.is_ascii_uppercase()) => Ty::Abstract(s.into()),
                None => Ty::Ctor(s.into()),
            },
        }
    }

    /// Object types may be null, which TDLib's JSON shows by leaving the field out.
    fn is_object(&self) -> bool {
        matches!(self, Ty::Ctor(_) | Ty::Abstract(_))
    }
}

/// What kind of announced id a field refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Ref {
    User,
    Chat,
    BasicGroup,
    Supergroup,
    SecretChat,
}

impl Ref {
    /// The reference a field holds, from its name and type (see the module rules).
    fn of(name: &str, ty: &Ty) -> Option<Ref> {
        let (base, scalar) = match ty {
            Ty::Vector(inner) => (name.strip_suffix('s')?, &**inner),
            _ => (name, ty),
        };
        let is = |suffix: &str| base == suffix || base.ends_with(&format!("_{suffix}"));
        match scalar {
            Ty::Int32 if is("secret_chat_id") => Some(Ref::SecretChat),
            Ty::Int53 if is("user_id") => Some(Ref::User),
            Ty::Int53 if is("secret_chat_id") => None,
            Ty::Int53 if is("chat_id") => Some(Ref::Chat),
            Ty::Int53 if is("basic_group_id") => Some(Ref::BasicGroup),
            Ty::Int53 if is("supergroup_id") => Some(Ref::Supergroup),
            _ => None,
        }
    }
}

/// The updates that announce ids: (update, its object field holding `id`, kind).
const ANNOUNCERS: [(&str, &str, Ref); 5] = [
    ("updateUser", "user", Ref::User),
    ("updateNewChat", "chat", Ref::Chat),
    ("updateBasicGroup", "basic_group", Ref::BasicGroup),
    ("updateSupergroup", "supergroup", Ref::Supergroup),
    ("updateSecretChat", "secret_chat", Ref::SecretChat),
];

struct Field {
    name: String,
    /// The type as td_api.tl spells it, for messages.
    tl: String,
    ty: Ty,
    reference: Option<Ref>,
}

struct Ctor {
    result: String,
    fields: Vec<Field>,
}

struct Schema {
    ctors: HashMap<String, Ctor>,
}

impl Schema {
    fn get() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            let text = std::fs::read_to_string(SCHEMA_PATH)
                .unwrap_or_else(|e| panic!("checks: cannot read td_api.tl at {SCHEMA_PATH}: {e}"));
            Schema::parse(&text)
        })
    }

    /// Constructors of the object part; builtins (`int32 = Int32;`, `boolTrue = Bool;`,
    /// `vector {t:Type} ...`) are types the checker knows natively, not constructors.
    fn parse(text: &str) -> Schema {
        let mut ctors = HashMap::new();
        let mut doc = String::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with("---functions---") {
                break;
            }
            if let Some(comment) = line.strip_prefix("//") {
                let comment = comment.strip_prefix('-').unwrap_or(comment);
                doc.push(' ');
                doc.push_str(comment);
                continue;
            }
            let comments = std::mem::take(&mut doc);
            let Some((left, result)) = line.trim_end_matches(';').split_once(" = ") else {
                continue;
            };
            let result = result.trim();
            let builtin = [
                "Double", "String", "Int32", "Int53", "Int64", "Bytes", "Bool",
            ];
            if left.contains(['?', '{']) || builtin.contains(&result) {
                continue;
            }
            let mut words = left.split_whitespace();
            let name = words.next().expect("constructor name").to_string();
            let fields = words
                .map(|w| {
                    let (field, ty) = w.split_once(':').expect("field name:type");
                    let (tl, ty) = (ty.to_string(), Ty::parse(ty));
                    let promised = !field_doc(&comments, field)
                        .map(|d| NO_PROMISE.iter().any(|p| d.to_lowercase().contains(p)))
                        .unwrap_or(false);
                    let reference = Ref::of(field, &ty).filter(|_| promised);
                    Field {
                        name: field.to_string(),
                        tl,
                        ty,
                        reference,
                    }
                })
                .collect();
            ctors.insert(
                name,
                Ctor {
                    result: result.to_string(),
                    fields,
                },
            );
        }
        assert!(
            ctors.len() > 1000,
            "checks: td_api.tl at {SCHEMA_PATH} has too few constructors"
        );
        Schema { ctors }
    }
}

/// The text after `@field ` in a constructor's comment block, up to the next `@`.
fn field_doc<'a>(comments: &'a str, field: &str) -> Option<&'a str> {
    comments.split('@').find_map(|part| {
        part.strip_prefix(field)
            .filter(|rest| rest.starts_with(' '))
    })
}

/// A violation found deep in an object; the path is collected on the way back up, so the
/// success path allocates nothing.
struct Fail {
    rev_path: Vec<String>,
    msg: String,
}

impl Fail {
    fn at(mut self, segment: String) -> Fail {
        self.rev_path.push(segment);
        self
    }
}

fn fail<T>(msg: String) -> Result<T, Fail> {
    Err(Fail {
        rev_path: Vec::new(),
        msg,
    })
}

/// Short JSON of a value for error messages.
fn show(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(120) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}

fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    s.len().is_multiple_of(4) && s.len() - body.len() <= 2 && body.bytes().all(alphabet)
}

/// Keys that are not fields: `@type` everywhere, `@extra` and `@client_id` on top-level objects.
fn is_meta(key: &str, top: bool) -> bool {
    key == "@type" || top && (key == "@extra" || key == "@client_id")
}

/// Checks, in order, every object one client emits. See the module documentation for the rules.
#[derive(Default)]
pub struct Checker {
    observed: usize,
    /// Every (kind, id) an announcing update has carried so far.
    announced: HashSet<(Ref, i64)>,
}

impl Checker {
    /// A checker that has seen nothing yet; the schema is parsed once per process.
    pub fn new() -> Checker {
        Schema::get();
        Checker::default()
    }

    /// How many objects were observed so far.
    pub fn observed(&self) -> usize {
        self.observed
    }

    /// Checks the client's next object (answer or update), and records what it announces.
    pub fn observe(&mut self, v: &Value) -> Result<(), String> {
        let n = self.observed;
        self.observed += 1;
        self.check_object(v, None, true, true).map_err(|f| {
            let ty = v.get("@type").map_or_else(|| "no @type".into(), show);
            let extra = v.get("@extra").map(|e| format!(", @extra {}", show(e)));
            let path: String = f.rev_path.iter().rev().map(String::as_str).collect();
            let at = if path.is_empty() { "top level" } else { &path };
            let (msg, extra) = (f.msg, extra.unwrap_or_default());
            format!(
                "object #{n} ({ty}{extra}) at {at}: {msg}; object: {}",
                show(v)
            )
        })
    }

    /// Checks a whole stream of one client's objects with a fresh checker.
    pub fn check_all(values: &[Value]) -> Result<(), String> {
        let mut checker = Checker::new();
        values.iter().try_for_each(|v| checker.observe(v))
    }

    /// `expect`: None for a top-level object, else the field's declared type. `refs`: whether
    /// references are checked here (false under updateOption, error, authorizationState*).
    fn check_object(
        &mut self,
        v: &Value,
        expect: Option<&Ty>,
        refs: bool,
        top: bool,
    ) -> Result<(), Fail> {
        let Some(obj) = v.as_object() else {
            return fail(format!("expected a td_api object, got {}", show(v)));
        };
        let Some(name) = obj.get("@type").and_then(Value::as_str) else {
            return fail("object without a string @type".into());
        };
        let Some(ctor) = Schema::get().ctors.get(name) else {
            return fail(format!("@type {name:?} is not a td_api.tl constructor"));
        };
        match expect {
            Some(Ty::Ctor(want)) if want != name => {
                return fail(format!("expected @type {want:?}, got {name:?}"));
            }
            Some(Ty::Abstract(want)) if *want != ctor.result => {
                let msg = format!(
                    "expected a constructor of {want}, got {name:?} (a {})",
                    ctor.result
                );
                return fail(msg);
            }
            _ => {}
        }
        let skip =
            ["updateOption", "error"].contains(&name) || name.starts_with("authorizationState");
        let refs = refs && !skip;
        self.announce(name, obj);
        let mut matched = obj.keys().filter(|k| is_meta(k, top)).count();
        for field in &ctor.fields {
            match obj.get(&field.name) {
                None if field.ty.is_object() => {}
                None => {
                    return fail(format!(
                        "{name}: missing field {:?} ({})",
                        field.name, field.tl
                    ))
                }
                Some(value) => {
                    matched += 1;
                    let reference = field.reference.filter(|_| refs);
                    self.check_value(value, &field.ty, reference, refs)
                        .map_err(|f| f.at(format!(".{}", field.name)))?;
                }
            }
        }
        if matched != obj.len() {
            let known = |k: &&String| is_meta(k, top) || ctor.fields.iter().any(|f| &f.name == *k);
            let unknown = obj.keys().find(|k| !known(k)).expect("an unmatched key");
            let fields: Vec<&str> = ctor.fields.iter().map(|f| f.name.as_str()).collect();
            return fail(format!(
                "{name} has no field {unknown:?} (its fields: {})",
                fields.join(", ")
            ));
        }
        Ok(())
    }

    fn check_value(
        &mut self,
        v: &Value,
        ty: &Ty,
        reference: Option<Ref>,
        refs: bool,
    ) -> Result<(), Fail> {
        let want = match ty {
            Ty::Int32 if v.as_i64().is_none_or(|x| i32::try_from(x).is_err()) => {
                "int32: a JSON integer within i32"
            }
            Ty::Int53 if v.as_i64().is_none_or(|x| x.unsigned_abs() >= 1 << 53) => {
                "int53: a JSON integer with |x| < 2^53"
            }
            Ty::Int64 if v.as_str().is_none_or(|s| s.parse::<i64>().is_err()) => {
                "int64: a JSON string holding an integer"
            }
            Ty::Double if !v.is_number() => "double: a JSON number",
            Ty::Str if !v.is_string() => "string: a JSON string",
            Ty::Bytes if !v.as_str().is_some_and(is_base64) => "bytes: a base64 JSON string",
            Ty::Bool if !v.is_boolean() => "Bool: true or false",
            Ty::Vector(inner) => {
                let Some(items) = v.as_array() else {
                    return fail(format!("expected an array (vector), got {}", show(v)));
                };
                for (i, item) in items.iter().enumerate() {
                    if !(item.is_null() && inner.is_object()) {
                        self.check_value(item, inner, reference, refs)
                            .map_err(|f| f.at(format!("[{i}]")))?;
                    }
                }
                return Ok(());
            }
            Ty::Ctor(_) | Ty::Abstract(_) if v.is_null() => return Ok(()),
            Ty::Ctor(_) | Ty::Abstract(_) => return self.check_object(v, Some(ty), refs, false),
            _ => "",
        };
        if !want.is_empty() {
            return fail(format!("expected {want}, got {}", show(v)));
        }
        match (reference, v.as_i64()) {
            (Some(r), Some(id)) if id != 0 && !self.announced.contains(&(r, id)) => {
                let (update, field, _) = ANNOUNCERS.iter().find(|a| a.2 == r).expect("kind");
                let what = field.replace('_', " ");
                fail(format!(
                    "{what} {id} is used before it was announced by {update}"
                ))
            }
            _ => Ok(()),
        }
    }

    /// Records the id an announcing update carries, before its contents are checked.
    fn announce(&mut self, name: &str, obj: &Map<String, Value>) {
        let Some(&(_, field, r)) = ANNOUNCERS.iter().find(|a| a.0 == name) else {
            return;
        };
        if let Some(id) = obj
            .get(field)
            .and_then(|o| o.get("id"))
            .and_then(Value::as_i64)
        {
            self.announced.insert((r, id));
        }
    }
}

// ---- unit tests: each rule can fail -------------------------------------------------------

fn user(id: i64) -> Value {
    json!({
        "@type": "user", "id": id, "first_name": "Ann", "last_name": "", "phone_number": "99966",
        "usernames": {"@type": "usernames", "active_usernames": ["ann"], "disabled_usernames": [],
            "editable_username": "ann", "collectible_usernames": []},
        "status": {"@type": "userStatusEmpty"}, "accent_color_id": 3,
        "background_custom_emoji_id": "0", "profile_accent_color_id": -1,
        "profile_background_custom_emoji_id": "0", "is_contact": false, "is_mutual_contact": false,
        "is_close_friend": false, "is_premium": false, "is_support": false,
        "restricts_new_chats": false, "paid_message_star_count": 0, "have_access": true,
        "type": {"@type": "userTypeRegular"}, "language_code": "", "added_to_attachment_menu": false
    })
}

fn update_user(id: i64) -> Value {
    json!({"@type": "updateUser", "user": user(id), "@client_id": 1})
}

fn message(chat_id: i64, sender_user_id: i64) -> Value {
    json!({
        "@type": "message", "id": 1048576, "chat_id": chat_id,
        "sender_id": {"@type": "messageSenderUser", "user_id": sender_user_id},
        "is_outgoing": false, "is_pinned": false, "is_from_offline": false, "can_be_saved": true,
        "has_timestamped_media": true, "is_channel_post": false, "is_paid_star_suggested_post": false,
        "is_paid_ton_suggested_post": false, "contains_unread_mention": false,
        "contains_unread_poll_votes": false, "date": 1700000000, "edit_date": 0,
        "unread_reactions": [], "self_destruct_in": 0.0, "auto_delete_in": 0.0, "via_bot_user_id": 0,
        "sender_business_bot_user_id": 0, "sender_boost_count": 0, "sender_tag": "",
        "paid_message_star_count": 0, "author_signature": "", "media_album_id": "0", "effect_id": "0",
        "summary_language_code": "",
        "content": {"@type": "messageText",
            "text": {"@type": "formattedText", "text": "hi", "entities": []}}
    })
}

fn private_chat(user_id: i64) -> Value {
    json!({
        "@type": "chat", "id": user_id, "type": {"@type": "chatTypePrivate", "user_id": user_id},
        "title": "Ann", "accent_color_id": 3, "background_custom_emoji_id": "0",
        "profile_accent_color_id": -1, "profile_background_custom_emoji_id": "0",
        "permissions": {"@type": "chatPermissions", "can_send_basic_messages": true,
            "can_send_audios": true, "can_send_documents": true, "can_send_photos": true,
            "can_send_videos": true, "can_send_video_notes": true, "can_send_voice_notes": true,
            "can_send_polls": true, "can_send_other_messages": true, "can_add_link_previews": true,
            "can_react_to_messages": true, "can_edit_tag": false, "can_change_info": false,
            "can_invite_users": false, "can_pin_messages": true, "can_create_topics": false},
        "last_message": message(user_id, user_id),
        "positions": [{"@type": "chatPosition", "list": {"@type": "chatListMain"},
            "order": "9221294780217032704", "is_pinned": false}],
        "chat_lists": [{"@type": "chatListMain"}],
        "has_protected_content": false, "is_translatable": false, "is_marked_as_unread": false,
        "view_as_topics": false, "has_scheduled_messages": false,
        "can_be_deleted_only_for_self": true, "can_be_deleted_for_all_users": true,
        "can_be_reported": false, "default_disable_notification": false, "unread_count": 1,
        "last_read_inbox_message_id": 0, "last_read_outbox_message_id": 0,
        "unread_mention_count": 0, "unread_reaction_count": 0, "unread_poll_vote_count": 0,
        "available_reactions": {"@type": "chatAvailableReactionsSome", "reactions": [],
            "max_reaction_count": 11},
        "message_auto_delete_time": 0,
        "video_chat": {"@type": "videoChat", "group_call_id": 0, "has_participants": false},
        "reply_markup_message_id": 0, "client_data": ""
    })
}

fn new_chat(chat: Value) -> Value {
    json!({"@type": "updateNewChat", "chat": chat, "@client_id": 1})
}

/// Checks `values` in order and asserts the first violation mentions every one of `needles`.
fn fails_with(values: &[Value], needles: &[&str]) {
    match Checker::check_all(values) {
        Ok(()) => panic!("expected a violation in {values:?}"),
        Err(e) => assert!(
            needles.iter().all(|n| e.contains(n)),
            "{needles:?} not in: {e}"
        ),
    }
}

#[test]
fn checks_schema_parses_and_every_type_resolves() {
    let schema = Schema::get();
    let mut results: HashSet<&str> = schema.ctors.values().map(|c| c.result.as_str()).collect();
    results.insert("Error");
    fn resolves(ty: &Ty, schema: &Schema, results: &HashSet<&str>) -> bool {
        match ty {
            Ty::Vector(inner) => resolves(inner, schema, results),
            Ty::Ctor(name) => schema.ctors.contains_key(name),
            Ty::Abstract(name) => results.contains(name.as_str()),
            _ => true,
        }
    }
    for (name, ctor) in &schema.ctors {
        for f in &ctor.fields {
            assert!(resolves(&f.ty, schema, &results), "{name}.{}", f.name);
        }
    }
    let field = |c: &str, f: &str| schema.ctors[c].fields.iter().find(|x| x.name == f).unwrap();
    let cases = [
        ("chatTypePrivate", "user_id", Some(Ref::User)),
        ("chatTypeSecret", "secret_chat_id", Some(Ref::SecretChat)),
        ("message", "sender_business_bot_user_id", Some(Ref::User)),
        (
            "basicGroup",
            "upgraded_to_supergroup_id",
            Some(Ref::Supergroup),
        ),
        (
            "messageChatUpgradeFrom",
            "basic_group_id",
            Some(Ref::BasicGroup),
        ),
        ("chats", "chat_ids", Some(Ref::Chat)),
        ("oauthLinkInfo", "user_id", None), // "may be unknown"
        ("updateTrustedMiniAppBots", "bot_user_ids", None), // "may not be sent"
        ("updateGroupCallParticipants", "participant_user_ids", None), // int64
    ];
    for (c, f, want) in cases {
        assert_eq!(field(c, f).reference, want, "{c}.{f}");
    }
    assert!(!schema.ctors.contains_key("boolTrue") && !schema.ctors.contains_key("getMe"));
}

#[test]
fn checks_chat_after_its_user_passes_and_before_it_fails() {
    Checker::check_all(&[update_user(777), new_chat(private_chat(777))]).expect("user, then chat");
    let before = "user 777 is used before it was announced by updateUser";
    fails_with(
        &[new_chat(private_chat(777))],
        &[before, "object #0", "at .chat.type.user_id"],
    );
}

#[test]
fn checks_message_from_unannounced_sender_fails() {
    let mut stream = vec![update_user(777), new_chat(private_chat(777))];
    let mut msg = json!({"@type": "updateNewMessage", "message": message(777, 777)});
    stream.push(msg.clone());
    let mut checker = Checker::new();
    stream
        .iter()
        .for_each(|v| checker.observe(v).expect("known chat and sender"));
    assert_eq!(checker.observed(), 3);
    msg["message"]["sender_id"]["user_id"] = json!(778);
    stream.push(msg);
    fails_with(
        &stream,
        &[
            "object #3",
            ".message.sender_id.user_id",
            "user 778 is used before",
        ],
    );
    // An answer naming an unknown chat fails too.
    let chats = json!({"@type": "chats", "total_count": 1, "chat_ids": [5], "@extra": "x"});
    fails_with(
        &[chats],
        &["chat 5 is used before", "at .chat_ids[0]", "@extra \"x\""],
    );
}

#[test]
fn checks_int64_as_number_fails() {
    let mut u = update_user(777);
    u["user"]["background_custom_emoji_id"] = json!(0);
    fails_with(
        &[u],
        &[".user.background_custom_emoji_id", "expected int64"],
    );
    let mut u = update_user(777);
    u["user"]["paid_message_star_count"] = json!(1u64 << 53);
    fails_with(&[u], &[".user.paid_message_star_count", "expected int53"]);
}

#[test]
fn checks_missing_bool_fails() {
    let mut u = update_user(777);
    u["user"].as_object_mut().unwrap().remove("is_contact");
    fails_with(
        &[u],
        &["at .user: user: missing field \"is_contact\" (Bool)"],
    );
}

#[test]
fn checks_unknown_field_fails() {
    let mut u = update_user(777);
    u["user"]["nickname"] = json!("ann");
    fails_with(&[u], &["user has no field \"nickname\""]);
    // But @extra and @client_id are fine at the top level.
    Checker::check_all(&[json!({"@type": "ok", "@extra": {"n": 1}, "@client_id": 3})]).unwrap();
}

#[test]
fn checks_wrong_concrete_type_fails() {
    let mut u = update_user(777);
    u["user"]["usernames"]["@type"] = json!("formattedText");
    fails_with(
        &[u],
        &["expected @type \"usernames\", got \"formattedText\""],
    );
}

#[test]
fn checks_constructor_of_another_abstract_type_fails() {
    let mut chat = private_chat(777);
    chat["type"] = json!({"@type": "userTypeRegular"});
    let want = "at .chat.type: expected a constructor of ChatType, got \"userTypeRegular\"";
    fails_with(&[update_user(777), new_chat(chat)], &[want]);
    fails_with(
        &[json!({"@type": "nonsense"})],
        &["not a td_api.tl constructor"],
    );
}

#[test]
fn checks_null_or_omitted_object_fields_pass() {
    let mut chat = private_chat(777);
    chat["last_message"] = Value::Null;
    chat.as_object_mut().unwrap().remove("video_chat");
    let mut u = update_user(777);
    u["user"]["usernames"] = Value::Null;
    Checker::check_all(&[u, new_chat(chat)]).expect("null objects are allowed");
    // A null string is not.
    let mut u = update_user(777);
    u["user"]["first_name"] = Value::Null;
    fails_with(&[u], &["expected string"]);
}

#[test]
fn checks_skip_options_errors_and_auth_states() {
    let status = json!({"@type": "userStatusRecently", "by_my_privacy_settings": false});
    let stream = [
        json!({"@type": "updateOption", "name": "my_id",
            "value": {"@type": "optionValueInteger", "value": "777"}}),
        json!({"@type": "error", "code": 400, "message": "CHAT_ID_INVALID", "@extra": 1}),
        json!({"@type": "updateAuthorizationState",
            "authorization_state": {"@type": "authorizationStateReady"}}),
        json!({"@type": "updates", "updates": [{"@type": "updateUser", "user": user(5)},
            {"@type": "updateUserStatus", "user_id": 5, "status": status}]}),
    ];
    Checker::check_all(&stream).expect("no references to check, nested announcement");
    let option = json!({"@type": "updateOption", "name": "x",
        "value": {"@type": "optionValueInteger", "value": 1}});
    fails_with(&[option], &["at .value.value: expected int64"]);
    let secret = json!({"@type": "updateSecretChat", "secret_chat": {"@type": "secretChat",
        "id": 9, "user_id": 5, "state": {"@type": "secretChatStateReady"}, "is_outbound": true,
        "key_hash": "not base64!", "layer": 144}});
    fails_with(
        &[update_user(5), secret],
        &[".secret_chat.key_hash", "expected bytes"],
    );
}
