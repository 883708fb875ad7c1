//! The HTTP side of `debrief serve`: the router, URL path → site file, content types, the
//! live-reload event stream and the script injected into HTML responses. It only reads the
//! published in-memory site (`state::Shared`): it never opens a file, so no request can reach a
//! file outside the built site, whatever its path (`..`, encoded or not, absolute, symlinks).

use super::guard::{Guard, check};
use super::state::{Event, Shared, Site};
use crate::site::routes;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, middleware};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// The event stream's path: under a directory no site page can have (a file name starting with
/// `__` is not a slug).
pub const EVENTS: &str = "/__debrief/events";

/// Injected before `</body>` of every HTML response (never into the files of `debrief build`):
/// reloads on `reload` (same URL), shows build errors in an overlay on `error` (as text, never
/// as HTML), and reconnects when the server comes back.
pub const SCRIPT: &str = r#"<script id="__debrief-live-reload">
(function () {
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("pre");
      box.id = "__debrief-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;margin:0;" +
        "max-height:60vh;overflow:auto;padding:1em 1.25em;background:#2a0f12;color:#ffe3e3;" +
        "border-top:4px solid #e5484d;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;" +
        "white-space:pre-wrap;";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function connect() {
    var es = new EventSource("/__debrief/events");
    es.addEventListener("reload", function () { location.reload(); });
    es.addEventListener("error", function (e) {
      if (typeof e.data === "string") { show(e.data); return; }
      if (es.readyState === EventSource.CLOSED) { es.close(); setTimeout(connect, 1000); }
    });
  }
  connect();
})();
</script>
"#;

#[derive(Clone)]
pub struct App {
    pub shared: Arc<Shared>,
    /// Becomes `true` when the server shuts down, which ends the event streams.
    pub shutdown: watch::Receiver<bool>,
}

/// Every route, the event stream and the fallback, behind the guard (`guard::check`).
pub fn router(app: App, guard: Guard) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback(file)
        .with_state(app)
        .layer(middleware::from_fn_with_state(Arc::new(guard), check))
}

/// The site file a URL path names, or `None` when the path is not one a site file can have:
/// `..` or `.` segments, backslashes, NUL, empty segments (`//etc/passwd`) or bytes that are not
/// UTF-8, checked after percent-decoding (a `%` not followed by two hex digits stays as it is).
/// `/` and `/dir/` name `index.html` and `dir/index.html`.
pub fn resolve(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments: Vec<&str> = decoded.split('/').collect();
    let dir = segments.last() == Some(&"");
    if dir {
        segments.pop();
    }
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return None;
    }
    if dir {
        segments.push(routes::INDEX);
    }
    Some(segments.join("/"))
}

/// The content type of a site file, by extension.
pub fn content_type(rel: &str) -> &'static str {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// `bytes` with the live-reload script before the last `</body>` (at the end when there is none).
fn with_script(bytes: &Bytes) -> Bytes {
    let at = bytes
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(bytes.len());
    let mut out = Vec::with_capacity(bytes.len() + SCRIPT.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(SCRIPT.as_bytes());
    out.extend_from_slice(&bytes[at..]);
    Bytes::from(out)
}

fn respond(status: StatusCode, rel: &str, bytes: &Bytes, head: bool) -> Response {
    let kind = content_type(rel);
    let body = if kind.starts_with("text/html") {
        with_script(bytes)
    } else {
        bytes.clone()
    };
    let len = body.len();
    let mut response = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The site's 404 page (or a minimal one while there is no site yet), with status 404.
fn not_found(site: &Site, head: bool) -> Response {
    match site.files.get(routes::NOT_FOUND) {
        Some(page) => respond(StatusCode::NOT_FOUND, routes::NOT_FOUND, page, head),
        None => {
            let page = Bytes::from_static(
                b"<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>404</h1></body></html>",
            );
            respond(StatusCode::NOT_FOUND, routes::NOT_FOUND, &page, head)
        }
    }
}

async fn file(State(app): State<App>, method: Method, uri: Uri) -> Response {
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let site = app.shared.site();
    let Some(rel) = resolve(uri.path()) else {
        return not_found(&site, head);
    };
    if let Some(bytes) = site.files.get(&rel) {
        return respond(StatusCode::OK, &rel, bytes, head);
    }
    // `/missions/x` → `/missions/x/`, so the page's relative links work.
    if site.files.contains_key(&format!("{rel}/{}", routes::INDEX)) {
        let location = format!("{}/", uri.path());
        if let Ok(value) = HeaderValue::from_str(&location) {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            response.headers_mut().insert(header::LOCATION, value);
            return response;
        }
    }
    not_found(&site, head)
}

fn to_sse(event: Event) -> sse::Event {
    match event {
        Event::Reload => sse::Event::default().event("reload").data("reload"),
        // SSE cannot carry a carriage return; lines become `data:` lines, joined back by `\n`.
        Event::Error(text) => sse::Event::default()
            .event("error")
            .data(text.replace('\r', "")),
    }
}

/// `GET /__debrief/events`: server-sent events. A page connecting while the build is broken gets
/// the error at once; then every `reload` and `error` as they happen.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<sse::Event, Infallible>>> {
    let receiver = app.shared.events.subscribe();
    let mut first = vec![
        sse::Event::default()
            .retry(Duration::from_millis(1000))
            .comment("connected"),
    ];
    if let Some(error) = app.shared.error() {
        first.push(to_sse(Event::Error(error)));
    }
    let first = stream::iter(first.into_iter().map(Ok));
    let live = stream::unfold(
        (receiver, app.shutdown),
        |(mut receiver, mut shutdown)| async move {
            if *shutdown.borrow() {
                return None;
            }
            let event = tokio::select! {
                received = receiver.recv() => match received {
                    Ok(event) => to_sse(event),
                    // Missed events: the page is out of date, reload it.
                    Err(broadcast::error::RecvError::Lagged(_)) => to_sse(Event::Reload),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = shutdown.changed() => return None,
            };
            Some((Ok(event), (receiver, shutdown)))
        },
    );
    Sse::new(futures_util::StreamExt::chain(first, live)).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(resolve("/lessons/").as_deref(), Some("lessons/index.html"));
        assert_eq!(
            resolve("/missions/caf%C3%A9/index.html").as_deref(),
            Some("missions/café/index.html")
        );
        assert_eq!(
            resolve("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(resolve("/missions/x").as_deref(), Some("missions/x"));
        // Not an escape: kept as it is, like any other character of a file name.
        assert_eq!(resolve("/100%zz").as_deref(), Some("100%zz"));
        assert_eq!(resolve("/a%2").as_deref(), Some("a%2"));
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/book.toml",
            "/%2E%2E/book.toml",
            "/..%2fbook.toml",
            "/..%5cbook.toml",
            "/static/../../book.toml",
            "/static/%2e%2e/%2e%2e/book.toml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/a/./b",
            "/a//b",
            "/%00",
            "/%c3",
            "relative",
        ] {
            assert_eq!(resolve(path), None, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = Bytes::from_static(b"<html><body><p>x</p></body></html>");
        let out = String::from_utf8(with_script(&page).to_vec()).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script id=\"__debrief-live-reload\">"));
        assert!(out.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("static/search.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(
            content_type("deadlines.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }
}
