//! tdjson-testdc: a local Telegram-compatible MTProto server (see README.md).
//!
//! `tdjson-testdc --listen 127.0.0.1:PORT --rsa-key FILE [--data DIR] [--control ADDR]`

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mtproto::rsa_key::RsaPrivateKey;
use testdc::net::{rpc, Server, ServerConfig};
use testdc::world::{Config, World};

const USAGE: &str = "usage: tdjson-testdc --listen HOST:PORT --rsa-key FILE [--data DIR] \
[--control HOST:PORT] [--verbose]
  --listen    DC 1 listens on PORT, DC 2 on PORT+1, DC 3 on PORT+2 (every transport)
  --rsa-key   the server's private RSA key (PEM; a 2048-bit key is made if missing);
              the public key is written to FILE.pub (PKCS#1 PEM)
  --data      keep the world in DIR/testdc.sqlite3 (default: in memory)
  --control   serve the control interface (HTTP + JSON, see CONTROL.md)
  --verbose   log connections and requests to stderr";

struct Args {
    listen: SocketAddr,
    rsa_key: PathBuf,
    data: Option<PathBuf>,
    control: Option<SocketAddr>,
    verbose: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut listen = None;
    let mut rsa_key = None;
    let mut data = None;
    let mut control = None;
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                listen = Some(v.parse().map_err(|_| format!("bad --listen address {v}"))?);
            }
            "--rsa-key" => rsa_key = Some(PathBuf::from(value("--rsa-key")?)),
            "--data" => data = Some(PathBuf::from(value("--data")?)),
            "--control" => {
                let v = value("--control")?;
                control = Some(
                    v.parse()
                        .map_err(|_| format!("bad --control address {v}"))?,
                );
            }
            "--verbose" | "-v" => verbose = true,
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        listen: listen.ok_or("--listen is required")?,
        rsa_key: rsa_key.ok_or("--rsa-key is required")?,
        data,
        control,
        verbose,
    })
}

/// Reads the private key, or makes and saves one; writes `FILE.pub` either way.
fn load_or_create_key(path: &Path) -> Result<RsaPrivateKey, String> {
    let key = match std::fs::read_to_string(path) {
        Ok(pem) => RsaPrivateKey::from_pem(&pem)
            .map_err(|e| format!("{}: not an RSA private key: {e}", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = RsaPrivateKey::generate(&mut rand::rngs::OsRng)
                .map_err(|e| format!("cannot generate an RSA key: {e}"))?;
            let pem = key.to_pkcs1_pem().map_err(|e| e.to_string())?;
            std::fs::write(path, pem).map_err(|e| format!("{}: {e}", path.display()))?;
            key
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let public = key.public().to_pkcs1_pem().map_err(|e| e.to_string())?;
    let mut pub_path = path.as_os_str().to_owned();
    pub_path.push(".pub");
    std::fs::write(&pub_path, public).map_err(|e| format!("{pub_path:?}: {e}"))?;
    Ok(key)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("tdjson-testdc: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    testdc::net::set_verbose(args.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tdjson-testdc: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => {
            // Leave without waiting for connection tasks still winding down.
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("tdjson-testdc: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let key = load_or_create_key(&args.rsa_key)?;
    let fingerprint = key.public().fingerprint();
    let world = World::open(
        args.data.as_deref(),
        Config::default(),
        Box::new(testdc::world::MtprotoSrp),
    )
    .map_err(|e| format!("cannot open the world: {e}"))?;
    let config = ServerConfig {
        host: args.listen.ip(),
        base_port: args.listen.port(),
        dc_count: 3,
        rsa_key: key,
        push_backlog: ServerConfig::PUSH_BACKLOG,
    };
    let server = Server::start(config, world, rpc::default_rpc())
        .await
        .map_err(|e| e.to_string())?;
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| format!("cannot watch SIGTERM: {e}"))?;
    if let Some(addr) = args.control {
        let local = testdc::control::start(server.clone(), addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        eprintln!("control interface on http://{local}");
    }
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "RSA fingerprint {:016x} ({fingerprint})",
            fingerprint as u64
        );
        for (id, port) in server.shared.ports() {
            let _ = writeln!(out, "DC {id} listening on {}:{port}", args.listen.ip());
        }
        let _ = out.flush();
    }
    tokio::select! {
        _ = sigterm.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    server.shutdown().await;
    Ok(())
}
