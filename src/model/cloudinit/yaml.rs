//! Reading saphyr YAML nodes: what kind a node is (named as in the messages), the scalar
//! predicates with cloud-init's YAML 1.1 booleans, key lookup, and the one-document parse.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::{Problem, Severity};

/// What `n` is, as the messages name it ("expected a list, got an integer").
pub(super) fn kind(n: &MarkedYaml) -> &'static str {
    match &n.data {
        YamlData::Value(Scalar::Null) => "null",
        YamlData::Value(Scalar::Boolean(_)) => "a boolean",
        YamlData::Value(Scalar::Integer(_)) => "an integer",
        YamlData::Value(Scalar::FloatingPoint(_)) => "a number",
        YamlData::Value(Scalar::String(_)) | YamlData::Representation(..) => "a string",
        YamlData::Sequence(_) => "a list",
        YamlData::Mapping(_) => "a mapping",
        YamlData::Tagged(..) => "a tagged value",
        YamlData::Alias(_) => "an alias",
        YamlData::BadValue => "an invalid value",
    }
}

/// The text of a string scalar.
pub(super) fn as_str<'a>(n: &'a MarkedYaml) -> Option<&'a str> {
    match &n.data {
        YamlData::Value(Scalar::String(s)) => Some(s),
        YamlData::Representation(s, ..) => Some(s),
        _ => None,
    }
}

/// A YAML 1.2 boolean, or a YAML 1.1 one (`yes`, `off`, …) written as a plain string.
pub(super) fn is_bool(n: &MarkedYaml) -> bool {
    match &n.data {
        YamlData::Value(Scalar::Boolean(_)) => true,
        // YAML 1.1 booleans, as cloud-init's parser reads them.
        _ => as_str(n).is_some_and(|s| {
            matches!(
                s.to_ascii_lowercase().as_str(),
                "yes" | "no" | "on" | "off" | "true" | "false" | "y" | "n"
            )
        }),
    }
}

/// An integer scalar.
pub(super) fn is_int(n: &MarkedYaml) -> bool {
    matches!(n.data, YamlData::Value(Scalar::Integer(_)))
}

/// A string scalar.
pub(super) fn is_scalar_text(n: &MarkedYaml) -> bool {
    // Numbers and booleans are fine where text is expected only when the schema says so;
    // a string field given `5` is reported (cloud-init's schema does the same).
    as_str(n).is_some()
}

/// A mapping key as text, as it appears in key paths.
pub(super) fn key_name(k: &MarkedYaml) -> String {
    match &k.data {
        YamlData::Value(Scalar::String(s)) => s.to_string(),
        YamlData::Value(Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
        YamlData::Value(Scalar::Null) => "null".into(),
        _ => "?".into(),
    }
}

/// The value of `key` in a mapping (None for other nodes).
pub(super) fn get<'a>(map: &'a MarkedYaml<'a>, key: &str) -> Option<&'a MarkedYaml<'a>> {
    match &map.data {
        YamlData::Mapping(m) => m.iter().find(|(k, _)| key_name(k) == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Parses one YAML document; a syntax error becomes a problem at its line.
pub(super) fn parse<'a>(
    file: &str,
    text: &'a str,
    problems: &mut Vec<Problem>,
) -> Option<MarkedYaml<'a>> {
    match MarkedYaml::load_from_str(text) {
        Ok(mut docs) => {
            if docs.len() > 1 {
                problems.push(Problem {
                    severity: Severity::Error,
                    file: file.into(),
                    line: docs[1].span.start.line().max(1),
                    key: String::new(),
                    message: "more than one YAML document (---)".into(),
                });
                return None;
            }
            Some(docs.pop().unwrap_or_else(|| MarkedYaml {
                span: Default::default(),
                data: YamlData::Value(Scalar::Null),
            }))
        }
        Err(e) => {
            problems.push(Problem {
                severity: Severity::Error,
                file: file.into(),
                line: e.marker().line().max(1),
                key: String::new(),
                message: format!("invalid YAML: {}", e.info()),
            });
            None
        }
    }
}

/// A `null` value (what an empty document parses to).
pub(super) fn is_null(n: &MarkedYaml) -> bool {
    matches!(n.data, YamlData::Value(Scalar::Null))
}
