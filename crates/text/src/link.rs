//! Checking and normalising the URL of a text link (`[text](url)`, `<a href>`), the way
//! TDLib does before it keeps a TextUrl entity: `t.me` → `http://t.me/`.

/// What a valid text link's URL turns into.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// `tg://user?id=N`: a mention of a user by id.
    User(i64),
    Url(String),
}

/// Why a URL is refused, in TDLib's words.
pub(crate) type Reason = &'static str;
const EMPTY_HOST: Reason = "URL host is empty";
const WRONG_URL: Reason = "Wrong HTTP URL";
const BAD_PROTOCOL: Reason = "Unsupported URL protocol";
const BAD_PORT: Reason = "Wrong port number specified in the URL";
const BAD_HOST_CHAR: Reason = "Disallowed character in URL host";
const BAD_PERCENT: Reason = "Wrong percent-encoded symbol in URL host";
const BAD_HOST: Reason = "Host is invalid";

/// Characters that may not appear in a host name (besides controls and spaces).
fn is_bad_host_byte(b: u8) -> bool {
    b <= 0x20
        || b == 0x7F
        || matches!(
            b,
            b'\\' | b'"' | b'<' | b'>' | b'{' | b'}' | b'|' | b'^' | b'`' | b'[' | b']'
        )
}

fn check_host(host: &str) -> Result<(), Reason> {
    let bytes = host.as_bytes();
    let inner = if bytes.first() == Some(&b'[') && bytes.last() == Some(&b']') && bytes.len() > 2 {
        &bytes[1..bytes.len() - 1]
    } else {
        bytes
    };
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        if is_bad_host_byte(b) {
            return Err(BAD_HOST_CHAR);
        }
        if b == b'%' {
            let ok = inner
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if !ok {
                return Err(BAD_PERCENT);
            }
            i += 3;
            continue;
        }
        i += 1;
    }
    if host == "." {
        return Err(BAD_HOST);
    }
    Ok(())
}

pub(crate) fn check_link(url: &str) -> Result<Link, Reason> {
    if let Some(user_id) = user_mention(url) {
        return Ok(Link::User(user_id));
    }
    normalize(url).map(Link::Url)
}

/// Largest user identifier a mention may carry (2^40 - 1).
const MAX_USER_ID: i64 = (1 << 40) - 1;

/// `tg:user?id=N`, `tg://user?id=N`, `tg://user/?…&id=N…`, case-insensitively.
fn user_mention(url: &str) -> Option<i64> {
    let rest = strip_prefix_ci(url, "tg:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let rest = strip_prefix_ci(rest, "user")?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let query = rest.strip_prefix('?')?;
    let query = query.split('#').next().unwrap_or("");
    let value = query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        k.eq_ignore_ascii_case("id").then_some(v)
    })?;
    parse_user_id(value)
}

fn parse_user_id(v: &str) -> Option<i64> {
    if v.is_empty() || v.len() > 16 || !v.bytes().all(|b| b.is_ascii_digit()) || v.starts_with('0')
    {
        return None;
    }
    let id: i64 = v.parse().ok()?;
    (1..=MAX_USER_ID).contains(&id).then_some(id)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Normalises an http(s)/ton/tonsite/tg URL.
pub(crate) fn normalize(url: &str) -> Result<String, Reason> {
    if let Some(rest) = strip_prefix_ci(url, "tg:") {
        return normalize_tg(rest);
    }
    let (scheme, rest) = match url.find("://") {
        Some(p) => (url[..p].to_ascii_lowercase(), &url[p + 3..]),
        None => ("http".to_string(), url),
    };
    if !matches!(scheme.as_str(), "http" | "https" | "ton" | "tonsite") {
        return Err(BAD_PROTOCOL);
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let tail = &rest[auth_end..];
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(p) => (Some(&authority[..p]), &authority[p + 1..]),
        None => (None, authority),
    };
    let (host, port) = split_port(hostport)?;
    if host.is_empty() {
        return Err(EMPTY_HOST);
    }
    check_host(host)?;
    if let Some(u) = userinfo {
        if u.bytes().any(|b| b <= 0x20 || b == 0x7F) {
            return Err(BAD_HOST_CHAR);
        }
    }
    let is_ipv6 = host.starts_with('[');
    if !is_ipv6 && !host.contains('.') && scheme != "ton" {
        return Err(WRONG_URL);
    }
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(&scheme);
    out.push_str("://");
    if let Some(u) = userinfo {
        out.push_str(u);
        out.push('@');
    }
    for c in host.chars() {
        out.push(c.to_ascii_lowercase());
    }
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    if !tail.starts_with('/') {
        out.push('/');
    }
    push_escaped(&mut out, tail);
    Ok(out)
}

/// Splits `host[:port]`; the port must be 1..=65535 when present.
fn split_port(hostport: &str) -> Result<(&str, Option<&str>), Reason> {
    let colon = if hostport.starts_with('[') {
        let close = hostport.find(']').ok_or(BAD_HOST_CHAR)?;
        match hostport[close + 1..].strip_prefix(':') {
            Some(_) => Some(close + 1),
            None if close + 1 == hostport.len() => None,
            None => return Err(BAD_HOST_CHAR),
        }
    } else {
        hostport.rfind(':')
    };
    match colon {
        None => Ok((hostport, None)),
        Some(c) => {
            let port = &hostport[c + 1..];
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BAD_PORT);
            }
            let n: u32 = port.parse().map_err(|_| BAD_PORT)?;
            if !(1..=65535).contains(&n) {
                return Err(BAD_PORT);
            }
            Ok((&hostport[..c], Some(port)))
        }
    }
}

/// Percent-encodes control characters and spaces.
fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        if (c as u32) <= 0x20 || c as u32 == 0x7F {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
}

/// `tg:` links keep their path and query: `tg:x` → `tg://x/`, `tg://resolve?domain=x` as is.
fn normalize_tg(rest: &str) -> Result<String, Reason> {
    let rest = rest.strip_prefix("//").unwrap_or(rest).trim();
    if rest.is_empty() {
        return Err(EMPTY_HOST);
    }
    if rest.bytes().any(|b| b <= 0x20) {
        return Err(WRONG_URL);
    }
    let (path, query) = match rest.find('?') {
        Some(p) => (&rest[..p], Some(&rest[p + 1..])),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return Err(EMPTY_HOST);
    }
    if !path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/'))
    {
        return Err(WRONG_URL);
    }
    let mut out = String::from("tg://");
    out.push_str(path);
    match query {
        Some(q) => {
            out.push('?');
            out.push_str(q);
        }
        None => out.push('/'),
    }
    Ok(out)
}
