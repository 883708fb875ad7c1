//! Who `debrief serve` answers: the `Host` allow-list (against DNS rebinding), the refusal of
//! cross-site requests that are not navigations (against a page of another site reading the view
//! with `<script src>`, the pattern of CVE-2025-30359), and `Cross-Origin-Resource-Policy:
//! same-origin` on every response. The rules are in docs/serve.md, "Security".

use crate::i18n::Lang;
use crate::tr;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

const CORP: HeaderName = HeaderName::from_static("cross-origin-resource-policy");
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
const SEC_FETCH_MODE: HeaderName = HeaderName::from_static("sec-fetch-mode");

/// The host part of a `Host` header or of `--host`: an IP address, or a name in lowercase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    Ip(IpAddr),
    Name(String),
}

impl Host {
    /// `name`, `name:port`, `1.2.3.4`, `1.2.3.4:port`, `[v6]` or `[v6]:port` → the host and
    /// whether a port was given; `None` for anything else (an empty port, a port that is not 1 to
    /// 5 digits, a bare IPv6 address, user info, a character that no host name has).
    pub fn parse(authority: &str) -> Option<(Host, bool)> {
        let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
            let (inner, after) = rest.split_once(']')?;
            (Host::Ip(IpAddr::V6(inner.parse::<Ipv6Addr>().ok()?)), after)
        } else {
            let end = authority.find(':').unwrap_or(authority.len());
            let (name, after) = authority.split_at(end);
            let host = match name.parse::<Ipv4Addr>() {
                Ok(ip) => Host::Ip(IpAddr::V4(ip)),
                Err(_) if valid_name(name) => Host::Name(name.to_ascii_lowercase()),
                Err(_) => return None,
            };
            (host, after)
        };
        if port.is_empty() {
            return Some((host, false));
        }
        let digits = port.strip_prefix(':')?;
        let valid = (1..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        valid.then_some((host, true))
    }
}

/// Letters, digits, `-`, `_` and `.`: what DNS names and machine names are made of (browsers
/// send internationalized names in punycode).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The `--host` value parser: a host name or IP address, without a port.
pub fn parse_host_arg(s: &str) -> Result<Host, String> {
    parse_host_in(s, Lang::En)
}

/// `parse_host_arg` with its error in `lang`.
pub fn parse_host_in(s: &str, lang: Lang) -> Result<Host, String> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(Host::Ip(ip));
    }
    match Host::parse(s) {
        Some((host, false)) => Ok(host),
        Some((_, true)) => Err(tr!(
            lang,
            "donnez `{s}` sans son port\u{a0}: tous les ports d’un hôte autorisé reçoivent une réponse",
            "give `{s}` without its port: every port of an allowed host is answered"
        )),
        None => Err(tr!(
            lang,
            "`{s}` n’est ni un nom d’hôte ni une adresse IP (lettres, chiffres, `-`, `_` et `.`)",
            "`{s}` is not a host name or an IP address (letters, digits, `-`, `_` and `.`)"
        )),
    }
}

/// The hosts requests may be addressed to.
#[derive(Debug)]
pub struct Allowed {
    names: Vec<String>,
    ips: Vec<IpAddr>,
}

impl Allowed {
    /// `localhost`, `127.0.0.1` and `::1`; the address the server is bound to, unless it is
    /// `0.0.0.0` or `::` (which no browser should be sent to); and every `--host`.
    pub fn new(bind: IpAddr, extra: &[Host]) -> Allowed {
        let mut names = vec!["localhost".to_string()];
        let mut ips = vec![
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ];
        if !bind.is_unspecified() {
            ips.push(bind);
        }
        for host in extra {
            match host {
                Host::Ip(ip) => ips.push(*ip),
                Host::Name(name) => names.push(name.clone()),
            }
        }
        Allowed { names, ips }
    }

    /// Whether a `Host` header value (or a request URI's authority) names an allowed host, on any
    /// port. Names compare without regard to case, and exactly otherwise: `localhost.` (with the
    /// final dot of a fully qualified name) is another name, so are `localhost.evil.test` and
    /// `evil-localhost`.
    pub fn allows(&self, authority: &str) -> bool {
        match Host::parse(authority) {
            Some((Host::Ip(ip), _)) => self.ips.contains(&ip),
            Some((Host::Name(name), _)) => self.names.contains(&name),
            None => false,
        }
    }
}

/// What the middleware needs: the allow-list, and the language and URL of the refusals.
pub struct Guard {
    pub allowed: Allowed,
    pub lang: Lang,
    /// The URL printed in the terminal, which is always answered.
    pub url: String,
}

/// Why a request is refused.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// No `Host`, several, or one that is not allowed (or an absolute URI naming such a host).
    Host,
    /// `Sec-Fetch-Site: cross-site`, and not a navigation.
    CrossSite,
}

impl Guard {
    /// The reason to refuse a request, if there is one.
    pub fn refusal(&self, uri: &Uri, headers: &HeaderMap) -> Option<Refusal> {
        let mut hosts = headers.get_all(header::HOST).iter();
        let host_ok = match (hosts.next(), hosts.next()) {
            (Some(host), None) => host.to_str().is_ok_and(|h| self.allowed.allows(h)),
            // None (HTTP/1.0 lets a client leave it out), or several.
            _ => false,
        };
        // An absolute URI (`GET http://host/ HTTP/1.1`) names the host that counts (RFC 9112
        // 3.2.2); browsers never send one to a server that is not a proxy. Both must be allowed.
        let uri_ok = uri
            .authority()
            .is_none_or(|a| self.allowed.allows(a.as_str()));
        if !host_ok || !uri_ok {
            return Some(Refusal::Host);
        }
        let cross_site = headers
            .get_all(SEC_FETCH_SITE)
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
        let mut modes = headers.get_all(SEC_FETCH_MODE).iter();
        let navigation = match (modes.next(), modes.next()) {
            (Some(mode), None) => mode.as_bytes().eq_ignore_ascii_case(b"navigate"),
            _ => false,
        };
        (cross_site && !navigation).then_some(Refusal::CrossSite)
    }

    /// The 403 response: a short plain text saying what happened and what to do.
    fn refuse(&self, refusal: &Refusal, uri: &Uri, headers: &HeaderMap) -> Response {
        let (lang, url) = (self.lang, &self.url);
        let text = match refusal {
            Refusal::Host => {
                let mut hosts = headers.get_all(header::HOST).iter();
                let refused_uri = uri
                    .authority()
                    .map(|a| a.as_str())
                    .filter(|a| !self.allowed.allows(a));
                let another = || tr!(lang, "un autre hôte", "another host");
                let shown = |h: &str| {
                    if h.len() <= 255 {
                        format!("`{h}`")
                    } else {
                        another()
                    }
                };
                let to = match (refused_uri, hosts.next(), hosts.next()) {
                    (Some(authority), _, _) => shown(authority),
                    (None, None, _) => tr!(
                        lang,
                        "aucun hôte (pas d’en-tête Host)",
                        "no host (no Host header)"
                    ),
                    (None, Some(_), Some(_)) => tr!(lang, "plusieurs hôtes", "several hosts"),
                    (None, Some(host), None) => host.to_str().map_or_else(|_| another(), shown),
                };
                tr!(
                    lang,
                    "403 Interdit\u{a0}: debrief serve ne répond qu’aux requêtes adressées à localhost, 127.0.0.1 ou [::1] (sur tout port), à l’adresse donnée par --bind ou à un nom donné par --host\u{a0}; celle-ci était adressée à {to}.\nSi c’est vous qui avez ouvert cette adresse, relancez le serveur avec `--host NOM` pour autoriser ce nom d’hôte, ou ouvrez {url}.\n",
                    "403 Forbidden: debrief serve only answers requests addressed to localhost, 127.0.0.1 or [::1] (on any port), to the address given with --bind or to a name given with --host; this one was addressed to {to}.\nIf you opened this address yourself, restart the server with `--host NAME` to allow that host name, or open {url}.\n"
                )
            }
            Refusal::CrossSite => tr!(
                lang,
                "403 Interdit\u{a0}: debrief serve a refusé cette requête, faite par une page d’un autre site (Sec-Fetch-Site: cross-site)\u{a0}: le site servi n’est lu que par ses propres pages.\nOuvrez l’adresse directement dans le navigateur (par la barre d’adresse ou un lien).\n",
                "403 Forbidden: debrief serve refused this request, made by a page of another site (Sec-Fetch-Site: cross-site): the site it serves is only read by its own pages.\nOpen the address directly in the browser (from the address bar or a link).\n"
            ),
        };
        let len = text.len();
        let mut response = Response::new(Body::from(text));
        *response.status_mut() = StatusCode::FORBIDDEN;
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        response
    }
}

/// The middleware around every route, the event stream and the fallback: refuses what `refusal`
/// says, and adds `Cross-Origin-Resource-Policy: same-origin` to every response, refusals
/// included.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let mut response = match guard.refusal(request.uri(), request.headers()) {
        Some(refusal) => guard.refuse(&refusal, request.uri(), request.headers()),
        None => next.run(request).await,
    };
    response
        .headers_mut()
        .insert(CORP, HeaderValue::from_static("same-origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(bind: &str, extra: &[&str]) -> Guard {
        let extra: Vec<Host> = extra.iter().map(|h| parse_host_arg(h).unwrap()).collect();
        Guard {
            allowed: Allowed::new(bind.parse().unwrap(), &extra),
            lang: Lang::En,
            url: "http://127.0.0.1:3000/".into(),
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn hosts_parse_with_or_without_a_port() {
        let name = |s: &str| Host::Name(s.to_string());
        assert_eq!(Host::parse("localhost"), Some((name("localhost"), false)));
        assert_eq!(
            Host::parse("LocalHost:3000"),
            Some((name("localhost"), true))
        );
        assert_eq!(
            Host::parse("127.0.0.1:1"),
            Some((Host::Ip("127.0.0.1".parse().unwrap()), true))
        );
        assert_eq!(
            Host::parse("[::1]:65535"),
            Some((Host::Ip("::1".parse().unwrap()), true))
        );
        assert_eq!(
            Host::parse("[0:0:0:0:0:0:0:1]"),
            Some((Host::Ip("::1".parse().unwrap()), false))
        );
        for bad in [
            "",
            ":3000",
            "localhost:",
            "localhost:abc",
            "localhost:123456",
            "localhost:3000:1",
            "::1",
            "[::1",
            "[::1]x",
            "[::1]:",
            "[localhost]",
            "user@localhost",
            "local host",
            "localhost/",
            "*",
            "[127.0.0.1]",
        ] {
            assert_eq!(Host::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_loopback_hosts_bind_and_host_options_are_allowed() {
        let g = guard("127.0.0.1", &[]);
        for ok in [
            "localhost",
            "LOCALHOST",
            "localhost:1234",
            "127.0.0.1",
            "127.0.0.1:9",
            "[::1]",
            "[::1]:3000",
        ] {
            assert!(g.allowed.allows(ok), "{ok}");
        }
        for refused in [
            "localhost.",
            "localhost.:3000",
            "localhost.evil.com",
            "evil-localhost",
            "localhost-evil",
            "evil.com",
            "127.0.0.2",
            "127.1",
            "0x7f000001",
            "2130706433",
            "0.0.0.0",
            "[::]",
            "[::ffff:127.0.0.1]",
            "127.0.0.1.nip.io",
            "example.test",
        ] {
            assert!(!g.allowed.allows(refused), "{refused}");
        }
        let g = guard("0.0.0.0", &["Example.Test", "192.168.1.20", "fe80::1"]);
        for ok in [
            "example.test:3000",
            "EXAMPLE.test",
            "192.168.1.20:3000",
            "[fe80::1]",
            "localhost",
        ] {
            assert!(g.allowed.allows(ok), "{ok}");
        }
        for refused in ["0.0.0.0:3000", "www.example.test", "example.test."] {
            assert!(!g.allowed.allows(refused), "{refused}");
        }
        let g = guard("192.168.1.20", &[]);
        assert!(g.allowed.allows("192.168.1.20:3000"));
        assert!(!g.allowed.allows("192.168.1.21:3000"));
    }

    #[test]
    fn host_option_values() {
        assert_eq!(
            parse_host_arg("Laptop.local"),
            Ok(Host::Name("laptop.local".into()))
        );
        assert_eq!(parse_host_arg("::1"), Ok(Host::Ip("::1".parse().unwrap())));
        assert_eq!(
            parse_host_arg("[::1]"),
            Ok(Host::Ip("::1".parse().unwrap()))
        );
        assert!(
            parse_host_arg("laptop.local:3000")
                .unwrap_err()
                .contains("port")
        );
        assert!(parse_host_arg("*").is_err());
        assert!(parse_host_arg("").is_err());
        assert!(parse_host_arg("http://laptop/").is_err());
    }

    #[test]
    fn refusals() {
        let g = guard("127.0.0.1", &[]);
        let page: Uri = "/".parse().unwrap();
        let host = ("host", "localhost:3000");
        assert_eq!(g.refusal(&page, &headers(&[host])), None);
        assert_eq!(g.refusal(&page, &headers(&[])), Some(Refusal::Host));
        assert_eq!(
            g.refusal(&page, &headers(&[host, ("host", "localhost")])),
            Some(Refusal::Host)
        );
        assert_eq!(
            g.refusal(&page, &headers(&[("host", "evil.test")])),
            Some(Refusal::Host)
        );
        let absolute: Uri = "http://evil.test/".parse().unwrap();
        assert_eq!(g.refusal(&absolute, &headers(&[host])), Some(Refusal::Host));
        let absolute: Uri = "http://127.0.0.1:3000/".parse().unwrap();
        assert_eq!(g.refusal(&absolute, &headers(&[host])), None);

        let site = |s| ("sec-fetch-site", s);
        let mode = |m| ("sec-fetch-mode", m);
        for (pairs, expected) in [
            (
                vec![site("cross-site"), mode("no-cors")],
                Some(Refusal::CrossSite),
            ),
            (
                vec![site("cross-site"), mode("cors")],
                Some(Refusal::CrossSite),
            ),
            (vec![site("Cross-Site")], Some(Refusal::CrossSite)),
            (
                vec![site("cross-site"), mode("navigate"), mode("no-cors")],
                Some(Refusal::CrossSite),
            ),
            (vec![site("cross-site"), mode("navigate")], None),
            (vec![site("same-origin"), mode("no-cors")], None),
            (vec![site("same-site"), mode("no-cors")], None),
            (vec![site("none"), mode("navigate")], None),
            (vec![], None),
        ] {
            let mut pairs = pairs.clone();
            pairs.push(host);
            assert_eq!(g.refusal(&page, &headers(&pairs)), expected, "{pairs:?}");
        }
    }
}
