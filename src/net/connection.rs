//! One TCP connection to a DC: the transport codec over a tokio socket, and the key exchange
//! run on it. This file and its caller `dc_session` are the only places with sockets.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use mtproto::handshake::{ClientHandshake, ClientStep, HandshakeError, HandshakeOutcome, KeyKind};
use mtproto::rsa_key::RsaPublicKey;
use mtproto::transport::{Codec, Frame, TransportError, TransportKind};
use mtproto::UnixTime;
use rand::rngs::StdRng;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// How long one connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the server may take to answer one step of the key exchange.
const HANDSHAKE_STEP_TIMEOUT: Duration = Duration::from_secs(15);
/// Bytes read from the socket at a time (kept on the stack, not in the connection).
const READ_CHUNK: usize = 16 * 1024;
/// Buffers larger than this are given back once empty, so idle clients stay small.
const KEEP_BUFFER: usize = 16 * 1024;

pub fn now() -> UnixTime {
    UnixTime::from_system_time(SystemTime::now())
}

#[derive(Debug, thiserror::Error)]
pub enum ConnError {
    #[error("no address is known for this DC")]
    NoAddress,
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("timed out")]
    Timeout,
    #[error("the server closed the connection")]
    Closed,
    #[error("transport: {0}")]
    Transport(#[from] TransportError),
    #[error("the server answered transport error {0}")]
    Server(i32),
    #[error("key exchange: {0}")]
    Handshake(#[from] HandshakeError),
}

pub struct Connection {
    stream: TcpStream,
    codec: Codec,
    out: Vec<u8>,
}

impl Connection {
    /// Connects to the first address that answers; obfuscated intermediate framing, TDLib's
    /// default transport.
    pub async fn open(
        addrs: &[SocketAddr],
        header_dc_id: i16,
        rng: &mut StdRng,
    ) -> Result<Self, ConnError> {
        let mut last = ConnError::NoAddress;
        for addr in addrs {
            match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => {
                    stream.set_nodelay(true)?;
                    let codec = Codec::client_obfuscated(
                        TransportKind::Intermediate,
                        Some(header_dc_id),
                        rng,
                    )?;
                    return Ok(Connection {
                        stream,
                        codec,
                        out: Vec::new(),
                    });
                }
                Ok(Err(e)) => last = ConnError::Io(e),
                Err(_) => last = ConnError::Timeout,
            }
        }
        Err(last)
    }

    /// Frames one MTProto packet for sending (see [`Self::flush`]).
    pub fn queue(&mut self, packet: &[u8], rng: &mut StdRng) -> Result<(), ConnError> {
        self.codec.encode(packet, rng, &mut self.out)?;
        Ok(())
    }

    pub fn has_output(&self) -> bool {
        !self.out.is_empty()
    }

    pub async fn flush(&mut self) -> Result<(), ConnError> {
        if !self.out.is_empty() {
            self.stream.write_all(&self.out).await?;
            self.out.clear();
            if self.out.capacity() > KEEP_BUFFER {
                self.out = Vec::new();
            }
        }
        Ok(())
    }

    /// The next frame from the server. Cancel-safe: bytes are only taken from the socket
    /// inside one poll, so dropping this future loses nothing.
    pub async fn read_frame(&mut self) -> Result<Frame, ConnError> {
        loop {
            if let Some(frame) = self.codec.next_frame()? {
                self.codec.release_buffer(KEEP_BUFFER);
                return Ok(frame);
            }
            self.stream.readable().await?;
            let mut chunk = [0u8; READ_CHUNK];
            match self.stream.try_read(&mut chunk) {
                Ok(0) => return Err(ConnError::Closed),
                Ok(n) => self.codec.feed(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The next MTProto packet; transport errors (-404, -429) end the connection.
    pub async fn read_packet(&mut self) -> Result<Vec<u8>, ConnError> {
        loop {
            match self.read_frame().await? {
                Frame::Packet { payload, .. } => return Ok(payload),
                Frame::Error(code) => return Err(ConnError::Server(code)),
                Frame::QuickAck(_) => {}
            }
        }
    }

    /// Runs one auth-key exchange on this connection.
    pub async fn exchange_key(
        &mut self,
        keys: &[RsaPublicKey],
        handshake_dc_id: i32,
        kind: KeyKind,
        rng: &mut StdRng,
    ) -> Result<HandshakeOutcome, ConnError> {
        let mut hs = ClientHandshake::new(keys.to_vec(), handshake_dc_id, kind);
        let first = hs.start(now(), rng);
        self.queue(&first, rng)?;
        self.flush().await?;
        loop {
            let packet = tokio::time::timeout(HANDSHAKE_STEP_TIMEOUT, self.read_packet())
                .await
                .map_err(|_| ConnError::Timeout)??;
            match hs.handle(now(), &packet, rng)? {
                ClientStep::Send(next) => {
                    self.queue(&next, rng)?;
                    self.flush().await?;
                }
                ClientStep::Done(outcome) => return Ok(outcome),
            }
        }
    }
}
