//! A real MTProto client for testdc's network tests and load benchmark: crates/mtproto's
//! client role (key exchange, encrypted session, transports) over a tokio TcpStream, plus a
//! tiny HTTP client for the control interface and helpers to build TL calls.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use mtproto::handshake::{ClientHandshake, ClientStep, HandshakeOutcome, KeyKind};
use mtproto::rsa_key::{RsaPrivateKey, RsaPublicKey};
use mtproto::session::{ClientEvent, ClientSession, RequestId};
use mtproto::transport::{Codec, Frame, TransportKind};
use mtproto::{AuthKey, UnixTime};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use testdc::net::{rpc, Server, ServerConfig};
use testdc::world::{Config, MtprotoSrp, World};
use tl::api::{enums, functions, types};
use tl::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

pub const WAIT: Duration = Duration::from_secs(10);

pub fn now() -> UnixTime {
    UnixTime::from_system_time(std::time::SystemTime::now())
}

/// One RSA key for every test of a process (generating one takes a while).
pub fn server_key() -> RsaPrivateKey {
    static KEY: std::sync::OnceLock<RsaPrivateKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::generate(&mut StdRng::seed_from_u64(7)).expect("rsa key"))
        .clone()
}

/// A server on 127.0.0.1 with system-chosen ports, its world in memory or in `data`.
pub async fn start_server(data: Option<&std::path::Path>) -> Server {
    start_server_with_backlog(data, ServerConfig::PUSH_BACKLOG).await
}

/// [`start_server`] with another bound on the pushes a connection may have waiting.
pub async fn start_server_with_backlog(
    data: Option<&std::path::Path>,
    push_backlog: usize,
) -> Server {
    let world = World::open(data, Config::default(), Box::new(MtprotoSrp)).expect("world");
    let config = ServerConfig {
        host: "127.0.0.1".parse().unwrap(),
        base_port: 0,
        dc_count: 3,
        rsa_key: server_key(),
        push_backlog,
    };
    Server::start(config, world, rpc::default_rpc())
        .await
        .expect("server starts")
}

pub fn dc_addr(server: &Server, dc: i32) -> SocketAddr {
    let port = server
        .shared
        .ports()
        .into_iter()
        .find(|(id, _)| *id == dc)
        .expect("dc")
        .1;
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Control interface of `server` on a system-chosen port.
pub async fn start_control(server: &Server) -> SocketAddr {
    testdc::control::start(server.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .expect("control")
}

/// How a client frames its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Transport {
    pub kind: TransportKind,
    pub obfuscated: bool,
}

impl Transport {
    pub const FULL: Transport = Transport {
        kind: TransportKind::Full,
        obfuscated: false,
    };
    pub const INTERMEDIATE: Transport = Transport {
        kind: TransportKind::Intermediate,
        obfuscated: false,
    };

    pub fn all() -> Vec<Transport> {
        let plain = [
            TransportKind::Abridged,
            TransportKind::Intermediate,
            TransportKind::PaddedIntermediate,
            TransportKind::Full,
        ];
        let mut all: Vec<Transport> = plain
            .iter()
            .map(|&kind| Transport {
                kind,
                obfuscated: false,
            })
            .collect();
        all.extend(plain[..3].iter().map(|&kind| Transport {
            kind,
            obfuscated: true,
        }));
        all
    }

    pub fn codec(self, dc: i32, rng: &mut StdRng) -> Codec {
        if self.obfuscated {
            Codec::client_obfuscated(self.kind, Some(dc as i16), rng).expect("obfuscated codec")
        } else {
            Codec::client(self.kind)
        }
    }
}

#[derive(Debug)]
pub enum ClientError {
    Io(std::io::Error),
    Closed,
    Timeout,
    Transport(i32),
    Protocol(String),
}

impl From<std::io::Error> for ClientError {
    fn from(e: std::io::Error) -> Self {
        ClientError::Io(e)
    }
}

/// The outcome of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Ok(Vec<u8>),
    Error(i32, String),
    Rejected(i32),
}

impl Answer {
    pub fn ok(self) -> Vec<u8> {
        match self {
            Answer::Ok(b) => b,
            other => panic!("expected a result, got {other:?}"),
        }
    }

    pub fn decode<T: Deserialize>(self) -> T {
        T::from_bytes(&self.ok()).expect("answer decodes")
    }
}

/// A connected client with an auth key and a session.
pub struct Client {
    pub stream: TcpStream,
    pub codec: Codec,
    pub session: ClientSession,
    pub rng: StdRng,
    pub dc: i32,
    pub transport: Transport,
    pub key: AuthKey,
    pub updates: Vec<Vec<u8>>,
    pub bad_salts_seen: usize,
    /// new_session_created notifications received.
    pub new_sessions: usize,
    answers: Vec<(RequestId, Answer)>,
    buf: Vec<u8>,
    initialized: bool,
    /// initConnection.device_model of the first request.
    pub device_model: String,
}

/// The key and first salt of an exchange, to reconnect with later.
#[derive(Clone)]
pub struct Credentials {
    pub key: AuthKey,
    pub salt: i64,
}

async fn read_frame(
    stream: &mut TcpStream,
    codec: &mut Codec,
    buf: &mut [u8],
) -> Result<Frame, ClientError> {
    loop {
        match codec.next_frame() {
            Ok(Some(frame)) => return Ok(frame),
            Ok(None) => {}
            Err(e) => return Err(ClientError::Protocol(e.to_string())),
        }
        let n = stream.read(buf).await?;
        if n == 0 {
            return Err(ClientError::Closed);
        }
        codec.feed(&buf[..n]);
    }
}

/// Runs a key exchange on a fresh connection.
pub async fn handshake(
    addr: SocketAddr,
    dc: i32,
    transport: Transport,
    kind: KeyKind,
    seed: u64,
) -> Result<(TcpStream, Codec, HandshakeOutcome, StdRng), ClientError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut codec = transport.codec(dc, &mut rng);
    let public: RsaPublicKey = server_key().public().clone();
    let mut hs = ClientHandshake::new(vec![public], dc, kind);
    let mut out = Vec::new();
    let first = hs.start(now(), &mut rng);
    codec
        .encode(&first, &mut rng, &mut out)
        .map_err(|e| ClientError::Protocol(e.to_string()))?;
    stream.write_all(&out).await?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let frame = timeout(WAIT, read_frame(&mut stream, &mut codec, &mut buf))
            .await
            .map_err(|_| ClientError::Timeout)??;
        let payload = match frame {
            Frame::Packet { payload, .. } => payload,
            Frame::Error(code) => return Err(ClientError::Transport(code)),
            Frame::QuickAck(_) => continue,
        };
        match hs
            .handle(now(), &payload, &mut rng)
            .map_err(|e| ClientError::Protocol(e.to_string()))?
        {
            ClientStep::Send(packet) => {
                out.clear();
                codec
                    .encode(&packet, &mut rng, &mut out)
                    .map_err(|e| ClientError::Protocol(e.to_string()))?;
                stream.write_all(&out).await?;
            }
            ClientStep::Done(outcome) => return Ok((stream, codec, outcome, rng)),
        }
    }
}

impl Client {
    /// A new permanent key on DC `dc`.
    pub async fn connect(
        addr: SocketAddr,
        dc: i32,
        transport: Transport,
        seed: u64,
    ) -> Result<Client, ClientError> {
        let (stream, codec, outcome, mut rng) =
            handshake(addr, dc, transport, KeyKind::Permanent, seed).await?;
        let session = ClientSession::new(
            outcome.auth_key.clone(),
            outcome.first_salt,
            outcome.time_offset,
            &mut rng,
        );
        Ok(Client::new(
            stream,
            codec,
            session,
            rng,
            dc,
            transport,
            outcome.auth_key,
        ))
    }

    /// A new connection and session with a known key.
    pub async fn reconnect(
        addr: SocketAddr,
        dc: i32,
        transport: Transport,
        creds: &Credentials,
        seed: u64,
    ) -> Result<Client, ClientError> {
        let mut rng = StdRng::seed_from_u64(seed);
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let codec = transport.codec(dc, &mut rng);
        let session = ClientSession::new(creds.key.clone(), creds.salt, 0, &mut rng);
        Ok(Client::new(
            stream,
            codec,
            session,
            rng,
            dc,
            transport,
            creds.key.clone(),
        ))
    }

    pub fn new(
        stream: TcpStream,
        codec: Codec,
        session: ClientSession,
        rng: StdRng,
        dc: i32,
        transport: Transport,
        key: AuthKey,
    ) -> Client {
        Client {
            stream,
            codec,
            session,
            rng,
            dc,
            transport,
            key,
            updates: Vec::new(),
            bad_salts_seen: 0,
            new_sessions: 0,
            answers: Vec::new(),
            buf: vec![0u8; 64 * 1024],
            initialized: false,
            device_model: DEVICE_MODEL.into(),
        }
    }

    pub fn credentials(&mut self) -> Credentials {
        Credentials {
            key: self.key.clone(),
            salt: self.session.salt(now()),
        }
    }

    /// Sends what the session has queued.
    pub async fn flush(&mut self) -> Result<(), ClientError> {
        let mut out = Vec::new();
        while let Some(packet) = self.session.poll_transmit(now(), &mut self.rng) {
            self.codec
                .encode(&packet, &mut self.rng, &mut out)
                .map_err(|e| ClientError::Protocol(e.to_string()))?;
        }
        if !out.is_empty() {
            self.stream.write_all(&out).await?;
        }
        Ok(())
    }

    /// Moves the session to a new TCP connection (the old one is dropped); unacknowledged
    /// messages go again.
    pub async fn move_to_new_connection(&mut self, addr: SocketAddr) -> Result<(), ClientError> {
        self.move_keeping_old(addr).await.map(drop)
    }

    /// Moves the session to a new TCP connection but keeps the old one open (a client whose
    /// old connection died without the server noticing yet); returns the old one.
    pub async fn move_keeping_old(&mut self, addr: SocketAddr) -> Result<TcpStream, ClientError> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let old = std::mem::replace(&mut self.stream, stream);
        self.codec = self.transport.codec(self.dc, &mut self.rng);
        self.session.resend_unacknowledged();
        Ok(old)
    }

    /// Reads one transport frame, bypassing the session.
    pub async fn read_frame(&mut self) -> Result<Frame, ClientError> {
        read_frame(&mut self.stream, &mut self.codec, &mut self.buf).await
    }

    /// Reads one frame and feeds the session.
    async fn pump(&mut self) -> Result<(), ClientError> {
        let frame = read_frame(&mut self.stream, &mut self.codec, &mut self.buf).await?;
        match frame {
            Frame::Packet { payload, .. } => {
                let salt_before = self.session.salt(now());
                self.session
                    .handle_packet(now(), &payload)
                    .map_err(|e| ClientError::Protocol(e.to_string()))?;
                if self.session.salt(now()) != salt_before {
                    self.bad_salts_seen += 1;
                }
            }
            Frame::Error(code) => return Err(ClientError::Transport(code)),
            Frame::QuickAck(_) => {}
        }
        while let Some(ev) = self.session.poll_event() {
            match ev {
                ClientEvent::Result { id, body } => self.answers.push((id, Answer::Ok(body))),
                ClientEvent::RpcError { id, code, message } => {
                    self.answers.push((id, Answer::Error(code, message)))
                }
                ClientEvent::Rejected { id, code } => {
                    self.answers.push((id, Answer::Rejected(code)))
                }
                ClientEvent::Update { body } => self.updates.push(body),
                ClientEvent::NewSession { .. } => self.new_sessions += 1,
                _ => {}
            }
        }
        self.flush().await
    }

    /// Queues a request, wrapped in invokeWithLayer(initConnection(..)) the first time.
    pub fn send(&mut self, body: Vec<u8>) -> RequestId {
        let body = if self.initialized {
            body
        } else {
            self.initialized = true;
            init_connection_as(body, &self.device_model)
        };
        self.session.invoke(body)
    }

    /// Sends one request and waits for its answer.
    pub async fn call(&mut self, body: Vec<u8>) -> Result<Answer, ClientError> {
        let id = self.send(body);
        self.flush().await?;
        self.wait_answer(id).await
    }

    pub async fn wait_answer(&mut self, id: RequestId) -> Result<Answer, ClientError> {
        timeout(WAIT, async {
            loop {
                if let Some(i) = self.answers.iter().position(|(a, _)| *a == id) {
                    return Ok(self.answers.remove(i).1);
                }
                self.pump().await?;
            }
        })
        .await
        .map_err(|_| ClientError::Timeout)?
    }

    /// Waits until at least `n` updates arrived.
    pub async fn wait_updates(&mut self, n: usize, wait: Duration) -> Result<(), ClientError> {
        timeout(wait, async {
            while self.updates.len() < n {
                self.pump().await?;
            }
            Ok(())
        })
        .await
        .map_err(|_| ClientError::Timeout)?
    }
}

/// The device model test clients report unless told otherwise.
pub const DEVICE_MODEL: &str = "net-test";

/// invokeWithLayer(227, initConnection(..., query)).
pub fn init_connection(query: Vec<u8>) -> Vec<u8> {
    init_connection_as(query, DEVICE_MODEL)
}

/// invokeWithLayer(227, initConnection(device_model, ..., query)).
pub fn init_connection_as(query: Vec<u8>, device_model: &str) -> Vec<u8> {
    functions::InvokeWithLayer {
        layer: tl::LAYER,
        query: functions::InitConnection {
            api_id: 1,
            device_model: device_model.into(),
            system_version: "linux".into(),
            app_version: "1".into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: tl::Blob(query),
        },
    }
    .to_bytes()
}

pub fn get_config() -> Vec<u8> {
    functions::help::GetConfig {}.to_bytes()
}

pub fn get_self() -> Vec<u8> {
    functions::users::GetUsers {
        id: vec![enums::InputUser::InputUserSelf],
    }
    .to_bytes()
}

pub fn send_code(phone: &str) -> Vec<u8> {
    functions::auth::SendCode {
        phone_number: phone.into(),
        api_id: 1,
        api_hash: "0123456789abcdef0123456789abcdef".into(),
        settings: types::CodeSettings {
            allow_flashcall: false,
            current_number: false,
            allow_app_hash: false,
            allow_missed_call: false,
            allow_firebase: false,
            unknown_number: false,
            logout_tokens: None,
            token: None,
            app_sandbox: None,
        }
        .into(),
    }
    .to_bytes()
}

/// A new account through sendCode + signUp (test number 99966XYYYY, code XXXXX); the
/// client's key is then signed in. Returns the user id.
pub async fn sign_up(client: &mut Client, phone: &str, first_name: &str) -> i64 {
    let sent: enums::auth::SentCode = client.call(send_code(phone)).await.unwrap().decode();
    let enums::auth::SentCode::SentCode(sent) = sent else {
        panic!("auth.sentCode expected")
    };
    let code: String = phone
        .chars()
        .nth(5)
        .map(|c| c.to_string().repeat(5))
        .unwrap_or_default();
    let sign_in: enums::auth::Authorization = client
        .call(
            functions::auth::SignIn {
                phone_number: phone.into(),
                phone_code_hash: sent.phone_code_hash.clone(),
                phone_code: Some(code),
                email_verification: None,
            }
            .to_bytes(),
        )
        .await
        .unwrap()
        .decode();
    assert!(
        matches!(sign_in, enums::auth::Authorization::SignUpRequired(_)),
        "a new number needs signUp"
    );
    let answer = client
        .call(
            functions::auth::SignUp {
                no_joined_notifications: false,
                phone_number: phone.into(),
                phone_code_hash: sent.phone_code_hash,
                first_name: first_name.into(),
                last_name: String::new(),
            }
            .to_bytes(),
        )
        .await
        .unwrap();
    let auth: enums::auth::Authorization = answer.decode();
    match auth {
        enums::auth::Authorization::Authorization(a) => match a.user {
            enums::User::User(u) => u.id,
            enums::User::Empty(_) => panic!("empty user"),
        },
        other => panic!("authorization expected, got {other:?}"),
    }
}

/// Signs an existing account in on `client`'s key (no 2FA). Returns the user id.
pub async fn sign_in(client: &mut Client, phone: &str) -> i64 {
    let sent: enums::auth::SentCode = client.call(send_code(phone)).await.unwrap().decode();
    let enums::auth::SentCode::SentCode(sent) = sent else {
        panic!("auth.sentCode expected")
    };
    let code: String = phone
        .chars()
        .nth(5)
        .map(|c| c.to_string().repeat(5))
        .unwrap_or_default();
    let auth: enums::auth::Authorization = client
        .call(
            functions::auth::SignIn {
                phone_number: phone.into(),
                phone_code_hash: sent.phone_code_hash,
                phone_code: Some(code),
                email_verification: None,
            }
            .to_bytes(),
        )
        .await
        .unwrap()
        .decode();
    match auth {
        enums::auth::Authorization::Authorization(a) => match a.user {
            enums::User::User(u) => u.id,
            enums::User::Empty(_) => panic!("empty user"),
        },
        other => panic!("authorization expected, got {other:?}"),
    }
}

/// (text, pts) of every new message in a pushed `Updates`.
pub fn new_messages(body: &[u8]) -> Vec<(String, i32)> {
    let Ok(updates) = enums::Updates::from_bytes(body) else {
        return Vec::new();
    };
    let from_update = |u: &enums::Update| match u {
        enums::Update::NewMessage(n) => match &n.message {
            enums::Message::Message(m) => Some((m.message.clone(), n.pts)),
            _ => None,
        },
        _ => None,
    };
    match updates {
        enums::Updates::UpdateShortMessage(m) => vec![(m.message.clone(), m.pts)],
        enums::Updates::UpdateShort(u) => from_update(&u.update).into_iter().collect(),
        enums::Updates::Updates(u) => u.updates.iter().filter_map(from_update).collect(),
        enums::Updates::Combined(u) => u.updates.iter().filter_map(from_update).collect(),
        _ => Vec::new(),
    }
}

/// The inputPeerUser of the user with `phone`, as `client` sees them (contacts.importContacts).
pub async fn peer_by_phone(client: &mut Client, phone: &str) -> enums::InputPeer {
    let imported: enums::contacts::ImportedContacts = client
        .call(
            functions::contacts::ImportContacts {
                contacts: vec![types::InputPhoneContact {
                    client_id: 1,
                    phone: phone.into(),
                    first_name: "Peer".into(),
                    last_name: String::new(),
                    note: None,
                }
                .into()],
            }
            .to_bytes(),
        )
        .await
        .unwrap()
        .decode();
    let enums::contacts::ImportedContacts::ImportedContacts(imported) = imported;
    match imported.users.first() {
        Some(enums::User::User(u)) => types::InputPeerUser {
            user_id: u.id,
            access_hash: u.access_hash.unwrap_or(0),
        }
        .into(),
        other => panic!("imported user expected, got {other:?}"),
    }
}

pub fn send_message(peer: enums::InputPeer, text: &str, random_id: i64) -> Vec<u8> {
    functions::messages::SendMessage {
        no_webpage: false,
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer,
        reply_to: None,
        message: text.into(),
        random_id,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    }
    .to_bytes()
}

pub fn random_seed() -> u64 {
    rand::thread_rng().next_u64()
}

/// One HTTP/1.1 request to the control interface; (status, JSON body).
pub async fn control(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.expect("control connects");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    timeout(WAIT, stream.read_to_end(&mut raw))
        .await
        .expect("control answers in time")
        .unwrap();
    let text = String::from_utf8(raw).expect("utf-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("header and body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, serde_json::from_str(body).expect("JSON body"))
}

/// A phone number of DC `dc` that no other test uses.
pub fn phone(dc: i32) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + (std::process::id() % 5000);
    format!("99966{dc}{:04}", n % 10_000)
}

pub type Shared = Arc<testdc::net::Shared>;
