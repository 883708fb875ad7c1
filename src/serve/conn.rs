//! The connections of `debrief serve`: accepting them, serving each with hyper's HTTP/1.1 under
//! a header-read timeout (so connections that stay idle or send their request slowly are closed
//! and cannot exhaust the server), and the graceful stop.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::io::ErrorKind;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How long a client has to send the head of a request (request line and headers), counted from
/// when the connection is opened or its previous response was sent: a connection that sends
/// nothing, part of a request, or nothing more after a response, is closed after this. Node.js
/// closes idle keep-alive connections after 5 s too; a browser then opens a new one.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves `app` on every connection `listener` accepts until `stop` becomes `true`; then accepts
/// no more, lets the requests in flight finish, closes idle connections and returns when every
/// connection is closed.
pub async fn run(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // This connection failed before it was accepted: take the next one.
                Err(e) if per_connection(e.kind()) => continue,
                // Out of file descriptors, most likely: wait for connections to be closed (idle
                // ones are, after HEADER_READ_TIMEOUT) instead of trying again at once.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stop.wait_for(|stopped| *stopped) => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // An error is the client's (closed, timed out, not HTTP): nothing to do.
            let _ = conn.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

fn per_connection(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    )
}
