//! Console tickets: signed (HMAC-SHA256), TTL-bound, single-use bearer tokens bound to one VM.
//!
//! Format: `dvt1.<base64url(claims JSON)>.<base64url(HMAC-SHA256(key, "dvt1." + claims_b64))>`.
//! The claims are JSON (`{"v":1,"vm":…,"user":…,"iat":…,"exp":…,"ro":…,"nonce":…}`), so no
//! field can spill into another — the legacy `VM:EXPIRY:RAND:USER` text let a `:` in the VM
//! name turn the expiry into garbage and the ticket into one that never expired. The MAC is
//! checked (constant-time) before the claims are even parsed.
//!
//! base64url comes from the `base64` crate; its decoder is strict (no padding, no foreign
//! characters, no non-canonical trailing bits), so one ticket has exactly one spelling.
//!
//! Pure logic: keys, clocks and randomness are passed in.

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

pub const PREFIX: &str = "dvt1";
/// Longest ticket accepted for verification (a valid one is ~250 bytes).
pub const MAX_TICKET_LEN: usize = 2048;

use base64::Engine as _;

/// base64url without padding (RFC 4648 §5).
pub fn b64url_encode(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

/// Standard base64 with padding (RFC 4648 §4), e.g. for the secret file and WebSocket keys.
pub fn b64std_encode(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Strict base64url decoding: no padding, only the url alphabet, canonical trailing bits (the
/// crate's URL_SAFE_NO_PAD engine refuses the rest), so one ticket has exactly one spelling.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()
}

/// VM names accepted by the console tools: 1–64 of `[A-Za-z0-9._-]`, starting with a letter
/// or digit. No separators (`/`, `:`, `|`, whitespace), so no path traversal, no field
/// confusion, and safe as a file name, a systemd instance name and a URL path segment.
pub fn validate_vm_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 64 {
        return Err(format!(
            "invalid VM name {name:?}: must be 1 to 64 characters"
        ));
    }
    let first = name.as_bytes()[0];
    if !first.is_ascii_alphanumeric() {
        return Err(format!(
            "invalid VM name {name:?}: must start with a letter or a digit"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "invalid VM name {name:?}: character {c:?} is not allowed (only letters, digits, '.', '_', '-')"
        ));
    }
    Ok(())
}

/// User names in tickets: 1–64 printable characters without control characters.
pub fn validate_user(user: &str) -> Result<(), String> {
    if user.is_empty() || user.len() > 64 || user.chars().any(|c| c.is_control()) {
        return Err(format!(
            "invalid user {user:?}: must be 1 to 64 printable characters"
        ));
    }
    Ok(())
}

/// Parses a TTL: `90s`, `5m`, `1h`, `1m30s`; a bare number is minutes (the legacy `--ttl MIN`).
pub fn parse_ttl(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let err = || format!("invalid TTL {s:?}: use e.g. 60s, 5m, 1h (a bare number means minutes)");
    if t.is_empty() {
        return Err(err());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse::<u64>()
            .ok()
            .and_then(|m| m.checked_mul(60))
            .ok_or_else(err);
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let mult = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(err()),
        };
        let n: u64 = num.parse().map_err(|_| err())?;
        num.clear();
        total = n
            .checked_mul(mult)
            .and_then(|x| total.checked_add(x))
            .ok_or_else(err)?;
    }
    if !num.is_empty() {
        return Err(err());
    }
    Ok(total)
}

/// What a ticket grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    pub v: u32,
    pub vm: String,
    pub user: String,
    /// Issued at (unix seconds).
    pub iat: u64,
    /// Expires at (unix seconds): valid while `now < exp`.
    pub exp: u64,
    /// Read-only console (view only).
    pub ro: bool,
    /// 16 random bytes, base64url: identifies the ticket for single use.
    pub nonce: String,
}

impl Claims {
    /// A short, non-secret identifier for audit lines (the MAC never appears in logs).
    pub fn id(&self) -> String {
        let h = Sha256::digest(self.nonce.as_bytes());
        h[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn mac(key: &[u8], signed: &str) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(signed.as_bytes());
    m
}

/// Signs the claims into a ticket string.
pub fn sign(key: &[u8], claims: &Claims) -> String {
    let payload = b64url_encode(
        serde_json::to_string(claims)
            .expect("claims serialize")
            .as_bytes(),
    );
    let signed = format!("{PREFIX}.{payload}");
    let tag = mac(key, &signed).finalize().into_bytes();
    format!("{signed}.{}", b64url_encode(&tag))
}

/// Why a ticket is rejected. Stable snake_case names (JSON `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reject {
    Malformed,
    BadSignature,
    Expired,
    WrongVm,
    AlreadyUsed,
}

impl Reject {
    pub fn as_str(self) -> &'static str {
        match self {
            Reject::Malformed => "malformed",
            Reject::BadSignature => "bad_signature",
            Reject::Expired => "expired",
            Reject::WrongVm => "wrong_vm",
            Reject::AlreadyUsed => "already_used",
        }
    }
}

/// Checks format and signature (constant-time), then expiry and the VM binding. Single use is
/// the caller's job (see [`UsedStore`]) since it needs the store under a lock.
pub fn verify(
    key: &[u8],
    ticket: &str,
    now: u64,
    want_vm: Option<&str>,
) -> Result<Claims, (Reject, Option<Claims>)> {
    let t = ticket.trim();
    if t.len() > MAX_TICKET_LEN {
        return Err((Reject::Malformed, None));
    }
    let mut parts = t.split('.');
    let (Some(prefix), Some(payload), Some(tag), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err((Reject::Malformed, None));
    };
    if prefix != PREFIX {
        return Err((Reject::Malformed, None));
    }
    let Some(tag) = b64url_decode(tag).filter(|t| t.len() == 32) else {
        return Err((Reject::Malformed, None));
    };
    // Constant-time comparison (hmac's verify_slice uses `subtle`).
    if mac(key, &format!("{PREFIX}.{payload}"))
        .verify_slice(&tag)
        .is_err()
    {
        return Err((Reject::BadSignature, None));
    }
    let claims: Claims = b64url_decode(payload)
        .and_then(|p| serde_json::from_slice(&p).ok())
        .ok_or((Reject::Malformed, None))?;
    if claims.v != 1 || validate_vm_name(&claims.vm).is_err() || claims.exp <= claims.iat {
        return Err((Reject::Malformed, Some(claims)));
    }
    if now >= claims.exp {
        return Err((Reject::Expired, Some(claims)));
    }
    if let Some(vm) = want_vm {
        if vm != claims.vm {
            return Err((Reject::WrongVm, Some(claims)));
        }
    }
    Ok(claims)
}

/// The used-ticket store: nonce → expiry. Entries past their expiry are pruned on every write
/// (an expired ticket is rejected anyway, so forgetting its nonce is safe).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedStore {
    pub used: BTreeMap<String, u64>,
}

impl UsedStore {
    pub fn parse(text: &str) -> Result<UsedStore, String> {
        if text.trim().is_empty() {
            return Ok(UsedStore::default());
        }
        serde_json::from_str(text).map_err(|e| format!("unparsable used-ticket store: {e}"))
    }

    pub fn is_used(&self, nonce: &str) -> bool {
        self.used.contains_key(nonce)
    }

    pub fn mark(&mut self, nonce: &str, exp: u64) {
        self.used.insert(nonce.to_string(), exp);
    }

    /// Drops entries that expired before `now`; returns how many.
    pub fn prune(&mut self, now: u64) -> usize {
        let before = self.used.len();
        self.used.retain(|_, exp| *exp > now);
        before - self.used.len()
    }

    pub fn render(&self) -> String {
        serde_json::to_string(self).expect("store serializes") + "\n"
    }
}

/// The HMAC key held in a secret file: the file's text without its trailing newline (the legacy
/// format: 44 characters of base64 plus a newline — kept, so existing secrets stay valid).
pub fn key_from_secret_file(contents: &[u8]) -> Result<Vec<u8>, String> {
    let mut k = contents.to_vec();
    while matches!(k.last(), Some(b'\n' | b'\r')) {
        k.pop();
    }
    if k.len() < 16 {
        return Err(format!(
            "secret too short ({} bytes; at least 16 required)",
            k.len()
        ));
    }
    Ok(k)
}

/// The text of a new secret file from 32 random bytes.
pub fn new_secret_file(random: &[u8; 32]) -> Vec<u8> {
    let mut s = b64std_encode(random).into_bytes();
    s.push(b'\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claims(vm: &str, iat: u64, exp: u64) -> Claims {
        Claims {
            v: 1,
            vm: vm.into(),
            user: "alice".into(),
            iat,
            exp,
            ro: false,
            nonce: b64url_encode(&[7u8; 16]),
        }
    }

    #[test]
    fn base64_known_vectors() {
        assert_eq!(b64std_encode(b""), "");
        assert_eq!(b64std_encode(b"f"), "Zg==");
        assert_eq!(b64std_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(b64std_encode(b"fooba"), "Zm9vYmE=");
        assert_eq!(b64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(b64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(b64url_decode("-_9"), None, "non-canonical trailing bits");
        assert_eq!(b64url_decode("Zg=="), None, "padding is refused");
        assert_eq!(b64url_decode("Z"), None);
    }

    #[test]
    fn sign_then_verify_and_every_rejection() {
        let c = claims("web1", 1000, 1060);
        let t = sign(KEY, &c);
        assert!(t.starts_with("dvt1."));
        assert_eq!(verify(KEY, &t, 1000, Some("web1")).unwrap(), c);
        assert_eq!(verify(KEY, &t, 1059, None).unwrap(), c);
        assert_eq!(verify(KEY, &t, 1060, None).unwrap_err().0, Reject::Expired);
        assert_eq!(
            verify(KEY, &t, 1000, Some("web2")).unwrap_err().0,
            Reject::WrongVm
        );
        assert_eq!(
            verify(b"another key, 32 bytes long......", &t, 1000, None)
                .unwrap_err()
                .0,
            Reject::BadSignature
        );
        // A changed claim (longer expiry) with the old MAC is refused.
        let forged_payload = b64url_encode(
            serde_json::to_string(&claims("web1", 1000, u64::MAX))
                .unwrap()
                .as_bytes(),
        );
        let mac_part = t.rsplit('.').next().unwrap();
        let forged = format!("dvt1.{forged_payload}.{mac_part}");
        assert_eq!(
            verify(KEY, &forged, 1000, None).unwrap_err().0,
            Reject::BadSignature
        );
        for bad in ["", "dvt1", "dvt1..", "x.y.z", "dvt2.a.b", "dvt1.a.b.c"] {
            assert_eq!(verify(KEY, bad, 0, None).unwrap_err().0, Reject::Malformed);
        }
    }

    #[test]
    fn vm_names_reject_separators_and_traversal() {
        for ok in ["web1", "db-2.prod", "A_b", "1"] {
            assert!(validate_vm_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../escaped",
            "web:x",
            "a/b",
            ".hidden",
            "-x",
            "a b",
            "a|b",
            "a\nb",
            "é",
        ] {
            assert!(validate_vm_name(bad).is_err(), "{bad:?}");
        }
        assert!(validate_vm_name(&"a".repeat(65)).is_err());
    }

    #[test]
    fn ttl_forms() {
        assert_eq!(parse_ttl("60s"), Ok(60));
        assert_eq!(parse_ttl("5"), Ok(300));
        assert_eq!(parse_ttl("1h"), Ok(3600));
        assert_eq!(parse_ttl("1m30s"), Ok(90));
        for bad in ["", "s", "5x", "1.5m", "-5", "5m3"] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
        assert!(parse_ttl("99999999999999999999h").is_err());
    }

    #[test]
    fn used_store_prunes_expired() {
        let mut s = UsedStore::default();
        s.mark("a", 10);
        s.mark("b", 20);
        assert!(s.is_used("a"));
        assert_eq!(s.prune(15), 1);
        assert!(!s.is_used("a") && s.is_used("b"));
        let back = UsedStore::parse(&s.render()).unwrap();
        assert_eq!(back, s);
        assert!(UsedStore::parse("").unwrap().used.is_empty());
        assert!(UsedStore::parse("{").is_err());
    }

    #[test]
    fn secret_file_format() {
        let f = new_secret_file(&[1u8; 32]);
        assert_eq!(f.len(), 45);
        assert_eq!(key_from_secret_file(&f).unwrap().len(), 44);
        assert!(key_from_secret_file(b"short\n").is_err());
    }

    proptest! {
        #[test]
        fn b64url_round_trips(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            let e = b64url_encode(&data);
            prop_assert!(!e.contains('='));
            prop_assert_eq!(b64url_decode(&e), Some(data));
        }

        #[test]
        fn verify_never_panics_nor_accepts_garbage(s in ".{0,300}", now in any::<u64>()) {
            prop_assert!(verify(KEY, &s, now, None).is_err());
            let _ = b64url_decode(&s);
            let _ = parse_ttl(&s);
            let _ = validate_vm_name(&s);
        }

        #[test]
        fn any_valid_name_round_trips(vm in "[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}", user in "[a-z]{1,10}", ttl in 1u64..100_000) {
            let mut c = claims(&vm, 5, 5 + ttl);
            c.user = user;
            let t = sign(KEY, &c);
            prop_assert_eq!(verify(KEY, &t, 5, Some(&vm)).unwrap(), c);
            prop_assert_eq!(verify(KEY, &t, 5 + ttl, Some(&vm)).unwrap_err().0, Reject::Expired);
        }
    }
}
