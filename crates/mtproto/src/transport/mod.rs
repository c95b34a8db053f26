//! MTProto TCP transports as sans-IO codecs: abridged, intermediate, padded
//! intermediate and full framing, optionally wrapped in obfuscated2.
//!
//! A [`Codec`] is fed raw connection bytes and yields [`Frame`]s; it encodes
//! outgoing packets into bytes. The server-side codec detects the transport
//! from the first bytes of the connection.

mod detect;
mod framing;
mod obfuscated;

pub use detect::{detect, Detection};
pub use obfuscated::{Obfuscation, ObfuscationHeader};

use rand_core::RngCore;

use crate::Role;

/// Largest packet accepted or produced (8 MiB).
pub const MAX_PACKET: usize = 8 << 20;

/// The framing in use on a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportKind {
    Abridged,
    Intermediate,
    PaddedIntermediate,
    Full,
}

impl TransportKind {
    /// The tag a client sends first (plain), or puts at bytes 56..60 of the
    /// obfuscated2 header. Full has no plain tag and cannot be obfuscated.
    pub fn tag(self) -> &'static [u8] {
        match self {
            TransportKind::Abridged => &[0xEF],
            TransportKind::Intermediate => &[0xEE; 4],
            TransportKind::PaddedIntermediate => &[0xDD; 4],
            TransportKind::Full => &[],
        }
    }

    fn obfuscated_tag(self) -> Option<[u8; 4]> {
        match self {
            TransportKind::Abridged => Some([0xEF; 4]),
            TransportKind::Intermediate => Some([0xEE; 4]),
            TransportKind::PaddedIntermediate => Some([0xDD; 4]),
            TransportKind::Full => None,
        }
    }
}

/// One unit received from the peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// An MTProto packet. `quick_ack` is true when a client asked for a quick ack
    /// (only ever set in the server role).
    Packet { payload: Vec<u8>, quick_ack: bool },
    /// A quick-ack token from the server (client role).
    QuickAck(u32),
    /// A transport-level error code from the server, e.g. -404 or -429 (client role).
    Error(i32),
}

/// Framing errors; after one, the connection must be closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("bad packet length {0}")]
    BadLength(i64),
    #[error("packet of {0} bytes exceeds the limit")]
    TooLarge(usize),
    #[error("payload of {0} bytes is not a multiple of 4")]
    Unaligned(usize),
    #[error("CRC32 mismatch: frame says {expected:#010x}, computed {actual:#010x}")]
    BadCrc { expected: u32, actual: u32 },
    #[error("full-transport seq {actual}, expected {expected}")]
    BadSeq { expected: i32, actual: i32 },
    #[error("unknown transport in the first bytes of the connection")]
    UnknownTransport,
    #[error("HTTP transport is not supported")]
    Http,
    #[error("obfuscated2 header carries an unknown protocol tag {0:02x?}")]
    BadObfuscatedTag([u8; 4]),
    #[error("the full transport cannot be obfuscated and has no quick acks")]
    Unsupported,
    #[error("the codec failed earlier and the connection must be closed")]
    Failed,
}

#[derive(Debug, Clone)]
enum State {
    /// Server side, first bytes not seen yet.
    Detecting,
    Ready,
    Failed,
}

/// A per-connection transport codec (about 600 bytes plus its buffer).
pub struct Codec {
    role: Role,
    kind: Option<TransportKind>,
    state: State,
    /// Bytes to send before the first packet (client tag or obfuscated header).
    prefix: Vec<u8>,
    obfuscation: Option<Obfuscation>,
    dc_id: Option<i16>,
    send_seq: i32,
    recv_seq: i32,
    /// Received bytes, deobfuscated once the transport is known.
    inbuf: Vec<u8>,
    start: usize,
}

impl std::fmt::Debug for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Codec")
            .field("role", &self.role)
            .field("kind", &self.kind)
            .field("state", &self.state)
            .field("obfuscated", &self.obfuscation.is_some())
            .field("buffered", &(self.inbuf.len() - self.start))
            .finish()
    }
}

impl Codec {
    /// A client codec with a plain tag (or none, for full).
    pub fn client(kind: TransportKind) -> Self {
        Codec {
            role: Role::Client,
            kind: Some(kind),
            state: State::Ready,
            prefix: kind.tag().to_vec(),
            obfuscation: None,
            dc_id: None,
            send_seq: 0,
            recv_seq: 0,
            inbuf: Vec::new(),
            start: 0,
        }
    }

    /// A client codec wrapped in obfuscated2; `dc_id` goes into the header
    /// (negative for media DCs) if given.
    pub fn client_obfuscated(
        kind: TransportKind,
        dc_id: Option<i16>,
        rng: &mut dyn RngCore,
    ) -> Result<Self, TransportError> {
        let tag = kind.obfuscated_tag().ok_or(TransportError::Unsupported)?;
        let (obf, header) = Obfuscation::client(tag, dc_id, rng);
        let mut c = Codec::client(kind);
        c.prefix = header.to_vec();
        c.obfuscation = Some(obf);
        c.dc_id = dc_id;
        Ok(c)
    }

    /// A server codec that detects the transport from the first bytes.
    pub fn server() -> Self {
        Codec {
            role: Role::Server,
            kind: None,
            state: State::Detecting,
            prefix: Vec::new(),
            obfuscation: None,
            dc_id: None,
            send_seq: 0,
            recv_seq: 0,
            inbuf: Vec::new(),
            start: 0,
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The transport in use (None while a server codec is still detecting).
    pub fn kind(&self) -> Option<TransportKind> {
        self.kind
    }

    pub fn is_obfuscated(&self) -> bool {
        self.obfuscation.is_some()
    }

    /// DC id from the obfuscated2 header (server role) or as configured (client).
    pub fn dc_id(&self) -> Option<i16> {
        self.dc_id
    }

    /// Bytes buffered but not yet decoded.
    pub fn buffered(&self) -> usize {
        self.inbuf.len() - self.start
    }

    /// Gives the receive buffer's memory back when nothing is buffered and it has grown
    /// past `keep` bytes (one large packet should not stay allocated on an idle
    /// connection).
    pub fn release_buffer(&mut self, keep: usize) {
        if self.inbuf.len() == self.start && self.inbuf.capacity() > keep {
            self.inbuf = Vec::new();
            self.start = 0;
        }
    }

    /// Feeds bytes received from the connection.
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.inbuf.len() {
            self.inbuf.drain(..self.start);
            self.start = 0;
        }
        let at = self.inbuf.len();
        self.inbuf.extend_from_slice(bytes);
        if matches!(self.state, State::Ready) {
            if let Some(o) = &mut self.obfuscation {
                o.decrypt(&mut self.inbuf[at..]);
            }
        }
    }

    fn fail<T>(&mut self, e: TransportError) -> Result<T, TransportError> {
        self.state = State::Failed;
        Err(e)
    }

    /// The next complete frame, `Ok(None)` if more bytes are needed.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, TransportError> {
        match self.state {
            State::Failed => return Err(TransportError::Failed),
            State::Detecting => match detect(&self.inbuf[self.start..]) {
                Detection::NeedMore => return Ok(None),
                Detection::Failed(e) => return self.fail(e),
                Detection::Plain { kind, tag_len } => {
                    self.kind = Some(kind);
                    self.start += tag_len;
                    self.state = State::Ready;
                }
                Detection::Obfuscated {
                    kind,
                    dc_id,
                    mut obfuscation,
                } => {
                    self.start += 64;
                    obfuscation.decrypt(&mut self.inbuf[self.start..]);
                    self.kind = Some(kind);
                    self.dc_id = Some(dc_id);
                    self.obfuscation = Some(*obfuscation);
                    self.state = State::Ready;
                }
            },
            State::Ready => {}
        }
        let Some(kind) = self.kind else {
            return Ok(None);
        };
        let buf = &self.inbuf[self.start..];
        let res = framing::decode(kind, self.role, buf, &mut self.recv_seq);
        match res {
            Ok(Some((frame, used))) => {
                self.start += used;
                if self.start == self.inbuf.len() {
                    self.inbuf.clear();
                    self.start = 0;
                }
                Ok(Some(frame))
            }
            Ok(None) => Ok(None),
            Err(e) => self.fail(e),
        }
    }

    /// Appends the bytes that carry `payload` to `out` (with the client tag or
    /// obfuscated header before the first packet).
    pub fn encode(
        &mut self,
        payload: &[u8],
        rng: &mut dyn RngCore,
        out: &mut Vec<u8>,
    ) -> Result<(), TransportError> {
        self.encode_inner(payload, false, rng, out)
    }

    /// Client role: like [`encode`](Self::encode) but asks the server for a quick ack.
    pub fn encode_with_quick_ack(
        &mut self,
        payload: &[u8],
        rng: &mut dyn RngCore,
        out: &mut Vec<u8>,
    ) -> Result<(), TransportError> {
        if self.kind == Some(TransportKind::Full) {
            return Err(TransportError::Unsupported);
        }
        self.encode_inner(payload, self.role == Role::Client, rng, out)
    }

    fn encode_inner(
        &mut self,
        payload: &[u8],
        quick_ack: bool,
        rng: &mut dyn RngCore,
        out: &mut Vec<u8>,
    ) -> Result<(), TransportError> {
        let Some(kind) = self.kind else {
            return Err(TransportError::UnknownTransport);
        };
        out.extend_from_slice(&self.prefix);
        self.prefix.clear();
        let at = out.len();
        framing::encode(kind, payload, quick_ack, &mut self.send_seq, rng, out)?;
        if let Some(o) = &mut self.obfuscation {
            o.encrypt(&mut out[at..]);
        }
        Ok(())
    }

    /// Server role: a quick-ack token as the transport carries it.
    pub fn encode_quick_ack(
        &mut self,
        token: u32,
        out: &mut Vec<u8>,
    ) -> Result<(), TransportError> {
        let bytes = match self.kind {
            Some(TransportKind::Abridged) => (token | 0x8000_0000).to_be_bytes(),
            Some(TransportKind::Intermediate | TransportKind::PaddedIntermediate) => {
                (token | 0x8000_0000).to_le_bytes()
            }
            _ => return Err(TransportError::Unsupported),
        };
        let at = out.len();
        out.extend_from_slice(&bytes);
        if let Some(o) = &mut self.obfuscation {
            o.encrypt(&mut out[at..]);
        }
        Ok(())
    }

    /// Server role: a transport error (e.g. -404) as a 4-byte packet.
    pub fn encode_error(
        &mut self,
        code: i32,
        rng: &mut dyn RngCore,
        out: &mut Vec<u8>,
    ) -> Result<(), TransportError> {
        self.encode_inner(&code.to_le_bytes(), false, rng, out)
    }
}
