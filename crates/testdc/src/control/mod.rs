//! The control interface of CONTROL.md: HTTP/1.1 + JSON on its own port, for tests to make
//! the world, look at it, and arm faults.

mod http;
mod routes;
mod tuning;

use std::net::SocketAddr;

use tokio::io::BufReader;
use tokio::net::{TcpListener, TcpStream};

use crate::net::Server;

/// Binds `addr` and serves the control interface until the task is dropped.
pub async fn start(server: Server, addr: SocketAddr) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            };
            // Answers are small and each is one write; nothing gains from Nagle's wait.
            let _ = stream.set_nodelay(true);
            tokio::spawn(serve(server.clone(), stream));
        }
    });
    Ok(local)
}

async fn serve(server: Server, stream: TcpStream) {
    let mut stream = BufReader::new(stream);
    loop {
        let request = match http::read_request(&mut stream).await {
            Ok(r) => r,
            Err(e) => {
                if let Some(status) = e.status() {
                    let body = serde_json::json!({ "error": e.to_string() });
                    let _ = http::write_response(&mut stream, status, &body, true).await;
                }
                return;
            }
        };
        let (status, body) = routes::handle(&server, &request).await;
        if http::write_response(&mut stream, status, &body, request.close)
            .await
            .is_err()
            || request.close
        {
            return;
        }
    }
}
