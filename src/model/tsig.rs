//! TSIG keys: BIND `key "name" { algorithm …; secret "…"; };` files (parse and render), key
//! name validation, algorithms and base64. The secret is a [`Secret`]: never in Debug output.

use crate::exec::Secret;

/// HMAC algorithms BIND accepts for TSIG, with their output size (= the key size we generate).
pub const ALGORITHMS: &[(&str, usize)] = &[
    ("hmac-sha256", 32),
    ("hmac-sha384", 48),
    ("hmac-sha512", 64),
    ("hmac-sha224", 28),
    ("hmac-sha1", 20),
];

pub fn key_bytes(algorithm: &str) -> Option<usize> {
    ALGORITHMS
        .iter()
        .find(|(a, _)| *a == algorithm)
        .map(|(_, n)| *n)
}

#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub algorithm: String,
    pub secret: Secret,
}

/// A key name: a DNS name (LDH labels, `_` allowed), no trailing dot needed.
pub fn check_key_name(name: &str) -> Result<(), String> {
    crate::model::dns::parse_any_name(name)
        .map(|_| ())
        .map_err(|e| format!("invalid TSIG key name `{}`: {e}", name.escape_debug()))
}

/// BIND's key files: standard alphabet; padding and trailing bits as lenient as BIND's own
/// reader (keys written by other tools keep working).
const BIND_B64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

pub fn base64_encode(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    BIND_B64.decode(s).ok()
}

/// Renders one key statement (the format of BIND includes and of `nsupdate -k` files).
pub fn render(keys: &[&Key]) -> Vec<u8> {
    let mut s = String::new();
    for k in keys {
        s.push_str(&format!(
            "key \"{}\" {{\n\talgorithm {};\n\tsecret \"{}\";\n}};\n",
            k.name,
            k.algorithm,
            String::from_utf8_lossy(k.secret.expose())
        ));
    }
    s.into_bytes()
}

/// Strips `#`, `//` and `/* */` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '#' => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

fn tokens(text: &str) -> Vec<String> {
    let text = strip_comments(text);
    let mut toks = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                if !cur.is_empty() {
                    toks.push(std::mem::take(&mut cur));
                }
                let mut s = String::from("\"");
                for n in chars.by_ref() {
                    if n == '"' {
                        break;
                    }
                    s.push(n);
                }
                toks.push(s);
            }
            '{' | '}' | ';' => {
                if !cur.is_empty() {
                    toks.push(std::mem::take(&mut cur));
                }
                toks.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    toks.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        toks.push(cur);
    }
    toks
}

fn word(t: &str) -> &str {
    t.strip_prefix('"').unwrap_or(t)
}

/// Parses every `key` statement of a BIND key file. Errors never contain the secret.
pub fn parse(text: &str) -> Result<Vec<Key>, String> {
    let toks = tokens(text);
    let mut keys = Vec::new();
    let mut i = 0;
    let at = |i: usize| toks.get(i).map(String::as_str);
    while i < toks.len() {
        if toks[i] != "key" {
            return Err(format!(
                "unexpected `{}` (expected a key statement)",
                word(&toks[i]).chars().take(20).collect::<String>()
            ));
        }
        let name = at(i + 1)
            .map(word)
            .ok_or("key statement without a name")?
            .to_string();
        check_key_name(&name)?;
        if at(i + 2) != Some("{") {
            return Err(format!("key \"{name}\": expected `{{`"));
        }
        i += 3;
        let (mut algorithm, mut secret) = (None, None);
        loop {
            match at(i) {
                Some("}") => {
                    i += 1;
                    if at(i) == Some(";") {
                        i += 1;
                    }
                    break;
                }
                Some("algorithm") => {
                    algorithm = at(i + 1).map(|s| word(s).to_ascii_lowercase());
                    i += 2;
                }
                Some("secret") => {
                    secret = at(i + 1).map(|s| word(s).to_string());
                    i += 2;
                }
                Some(";") => i += 1,
                Some(other) => {
                    return Err(format!("key \"{name}\": unknown option `{}`", word(other)))
                }
                None => return Err(format!("key \"{name}\": missing `}};`")),
            }
        }
        let algorithm = algorithm.ok_or_else(|| format!("key \"{name}\": no algorithm"))?;
        let algorithm = algorithm.trim_end_matches('.').to_string();
        let secret = secret.ok_or_else(|| format!("key \"{name}\": no secret"))?;
        if base64_decode(&secret).is_none_or(|b| b.is_empty()) {
            return Err(format!("key \"{name}\": the secret is not valid base64"));
        }
        keys.push(Key {
            name,
            algorithm,
            secret: Secret::new(secret.into_bytes()),
        });
    }
    Ok(keys)
}

/// The other rotation slot of `base`: rotation alternates between `base` and `base-alt`, so
/// both names can be granted in the zones' update-policy once and for all.
pub fn alternate(current: &str, base: &str) -> String {
    if current == base {
        format!("{base}-alt")
    } else {
        base.to_string()
    }
}

/// The update-policy lines for a key (both rotation slots).
pub fn policy_snippet(base: &str) -> String {
    format!(
        "update-policy {{\n    grant \"{base}\" zonesub A AAAA PTR TXT;\n    grant \"{base}-alt\" zonesub A AAAA PTR TXT;   # tsig-rotate's second slot\n}};\n"
    )
}

/// An UPDATE that proves a key is accepted without changing the zone: it adds and removes a
/// TXT record in one message (the server authenticates it and applies nothing).
pub fn probe_script(server: &crate::model::dns::Server, zone: &crate::model::dns::Fqdn) -> String {
    format!(
        "server {} {}\nzone {zone}\nupdate add _debvisor-tsig-probe.{zone} 60 TXT \"tsig-rotate\"\nupdate delete _debvisor-tsig-probe.{zone} TXT\nsend\nanswer\n",
        server.host, server.port
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_and_known_values() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_decode("Zm9vYg==").unwrap(), b"foob");
        assert!(base64_decode("not base64!").is_none());
    }

    #[test]
    fn parses_tsig_keygen_output_and_comments() {
        let text = "# generated\nkey \"ddns-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0c2VjcmV0\";\n};\n\
                    /* second */ key b.example { algorithm HMAC-SHA512; secret \"Zm9v\"; }; // x\n";
        let k = parse(text).unwrap();
        assert_eq!(k.len(), 2);
        assert_eq!(k[0].name, "ddns-key");
        assert_eq!(k[0].algorithm, "hmac-sha256");
        assert_eq!(k[1].algorithm, "hmac-sha512");
        let again = parse(&String::from_utf8(render(&[&k[0]])).unwrap()).unwrap();
        assert_eq!(again[0].secret.expose(), k[0].secret.expose());
        assert!(!format!("{k:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn rejects_broken_files_without_echoing_secrets() {
        let e = parse(
            "key \"x\" { algorithm hmac-sha256; secret \"REPLACE_WITH_GENERATED_SECRET\"; };",
        )
        .unwrap_err();
        assert!(e.contains("base64"), "{e}");
        assert!(parse("key \"x\" { secret \"Zm9v\"; };").is_err());
        assert!(parse("key \"bad name\" { algorithm hmac-sha256; secret \"Zm9v\"; };").is_err());
        assert!(parse("options { };").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,300}") {
            let _ = parse(&s);
        }
        #[test]
        fn base64_round_trips(v in proptest::collection::vec(proptest::num::u8::ANY, 0..100)) {
            proptest::prop_assert_eq!(base64_decode(&base64_encode(&v)).unwrap(), v);
        }
    }
}
