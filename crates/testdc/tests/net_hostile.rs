//! Hostile input: garbage on the MTProto ports and malformed HTTP on the control port end
//! those connections, never the server.
mod net_support;

use std::time::Duration;

use net_support::*;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Writes `bytes`, then reads until the server closes (or 5 s pass); returns what came back.
async fn poke(addr: std::net::SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let _ = s.write_all(bytes).await;
    let _ = s.shutdown().await;
    let mut back = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut back)).await;
    back
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_on_the_mtproto_ports_is_survived() {
    let server = start_server(None).await;
    let addr = dc_addr(&server, 1);
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let mut inputs: Vec<Vec<u8>> = vec![
        b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        vec![0xEF, 0x7F, 0xFF, 0xFF, 0xFF], // abridged, a 64 MiB packet announced
        vec![0xEE, 0xEE, 0xEE, 0xEE, 3, 0, 0, 0], // intermediate, unaligned length
        vec![0xEF, 0x01, 1, 2, 3, 4],       // abridged, a 4-byte "packet"
        [vec![0xEE; 4], 40u32.to_le_bytes().to_vec(), vec![0; 40]].concat(), // zero key id, junk
        [vec![0xEE; 4], 40u32.to_le_bytes().to_vec(), vec![7; 40]].concat(), // unknown key id
        [
            40u32.to_le_bytes().to_vec(),
            vec![0; 4],
            vec![1; 40],
            vec![0; 4],
        ]
        .concat(), // full, bad CRC
    ];
    for len in [1usize, 7, 63, 64, 65, 200, 5000] {
        let mut junk = vec![0u8; len];
        rng.fill(&mut junk[..]);
        inputs.push(junk);
    }
    for input in &inputs {
        let back = poke(addr, input).await;
        assert!(back.len() <= 64, "{} bytes back for junk", back.len());
    }
    // None of that left a session behind, and clients are served as before.
    let mut c = Client::connect(addr, 1, Transport::INTERMEDIATE, 1)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    assert_eq!(server.shared.registry.len(), 1);
    let mut again = Client::connect(addr, 1, Transport::FULL, 2).await.unwrap();
    again.call(get_config()).await.unwrap().ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_http_on_the_control_port_is_refused() {
    let server = start_server(None).await;
    let control = start_control(&server).await;
    let cases: [(&[u8], &str); 5] = [
        (b"NONSENSE\r\n\r\n", "400"),
        (b"GET /health HTTP/9.9\r\n\r\n", "400"),
        (
            b"POST /users HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",
            "413",
        ),
        (b"POST /users HTTP/1.1\r\nContent-Length: x\r\n\r\n", "400"),
        (
            b"POST /users HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "400",
        ),
    ];
    for (request, status) in cases {
        let back = String::from_utf8_lossy(&poke(control, request).await).into_owned();
        assert!(
            back.starts_with(&format!("HTTP/1.1 {status}")),
            "{:?} answered {back:?}",
            String::from_utf8_lossy(request)
        );
    }
    // A body that is JSON but not what the route wants.
    let (status, body) = net_support::control(
        control,
        "POST",
        "/users",
        Some(serde_json::json!({"phone": 5})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = net_support::control(control, "GET", "/nowhere", None).await;
    assert_eq!(status, 404);
    let (status, health) = net_support::control(control, "GET", "/health", None).await;
    assert_eq!((status, health["ok"].as_bool()), (200, Some(true)));
    assert_eq!(health["dcs"].as_array().map(Vec::len), Some(3));
}
