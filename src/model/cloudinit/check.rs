//! The schema walker: one YAML node against a [`T`] of the schema table, every mismatch a
//! [`Problem`] with the node's line and the key's path (`users[1].lock_passwd`).

use saphyr::{MarkedYaml, YamlData};

use super::schema::T;
use super::yaml::{as_str, is_bool, is_int, is_scalar_text, key_name, kind};
use super::{Problem, Severity};

/// Collects the problems of one file.
pub(super) struct Checker<'a> {
    file: &'a str,
    pub(super) problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(file: &'a str) -> Self {
        Checker {
            file,
            problems: Vec::new(),
        }
    }

    fn push(&mut self, sev: Severity, n: &MarkedYaml, key: &str, msg: String) {
        self.problems.push(Problem {
            severity: sev,
            file: self.file.to_string(),
            line: n.span.start.line().max(1),
            key: key.to_string(),
            message: msg,
        });
    }

    pub(super) fn err(&mut self, n: &MarkedYaml, key: &str, msg: String) {
        self.push(Severity::Error, n, key, msg);
    }

    /// `expected WHAT, got KIND` unless `ok`.
    fn expect(&mut self, n: &MarkedYaml, path: &str, ok: bool, what: &str) {
        if !ok {
            self.err(n, path, format!("expected {what}, got {}", kind(n)));
        }
    }

    /// Checks `n` (at key path `path`) against `t`; nesting deeper than 32 is not descended.
    pub(super) fn check(&mut self, n: &MarkedYaml, t: &T, path: &str, depth: usize) {
        if depth > 32 {
            return;
        }
        if let YamlData::Tagged(_, inner) = &n.data {
            return self.check(inner, t, path, depth + 1);
        }
        match t {
            T::Any => {}
            T::Str => self.expect(n, path, is_scalar_text(n), "a string"),
            T::Int => self.expect(n, path, is_int(n), "an integer"),
            T::Bool => self.expect(n, path, is_bool(n), "true or false"),
            T::StrOrInt => self.expect(
                n,
                path,
                is_scalar_text(n) || is_int(n),
                "a string or an integer",
            ),
            T::BoolOrStr => self.expect(
                n,
                path,
                is_scalar_text(n) || is_bool(n),
                "true, false or a string",
            ),
            T::StrOrList => match &n.data {
                YamlData::Sequence(items) => self.check_items(items, &T::Str, path, depth),
                _ => self.expect(n, path, is_scalar_text(n), "a string or a list of strings"),
            },
            T::Enum(allowed) => self.check_enum(n, allowed, path),
            T::List(inner) => match &n.data {
                YamlData::Sequence(items) => self.check_items(items, inner, path, depth),
                _ => self.expect(n, path, false, "a list"),
            },
            T::StrOrMap(keys, strict) => {
                if !is_scalar_text(n) {
                    self.check(n, &T::Map(keys, *strict), path, depth + 1);
                }
            }
            T::Map(keys, strict) => self.check_map(n, keys, *strict, path, depth),
            T::AnyMap => self.expect(n, path, matches!(n.data, YamlData::Mapping(_)), "a mapping"),
            T::MapOf(inner) => self.check_map_of(n, inner, path, depth),
            T::ListOrMap => self.expect(
                n,
                path,
                matches!(n.data, YamlData::Mapping(_) | YamlData::Sequence(_)),
                "a list or a mapping",
            ),
        }
    }

    fn check_enum(&mut self, n: &MarkedYaml, allowed: &[&str], path: &str) {
        match as_str(n) {
            Some(s) if allowed.contains(&s) => {}
            Some(s) => self.err(
                n,
                path,
                format!("`{s}` is not one of {}", allowed.join(", ")),
            ),
            None => self.expect(n, path, false, &format!("one of {}", allowed.join(", "))),
        }
    }

    /// Each entry of a list against `inner`, at `path[i]`.
    fn check_items(&mut self, items: &[MarkedYaml], inner: &T, path: &str, depth: usize) {
        for (i, it) in items.iter().enumerate() {
            self.check(it, inner, &format!("{path}[{i}]"), depth + 1);
        }
    }

    /// A mapping of known keys, each value against its key's type; an unknown key is an
    /// error when `strict`, else a warning.
    fn check_map(
        &mut self,
        n: &MarkedYaml,
        keys: &[(&str, T)],
        strict: bool,
        path: &str,
        depth: usize,
    ) {
        let YamlData::Mapping(map) = &n.data else {
            return self.expect(n, path, false, "a mapping");
        };
        for (k, v) in map.iter() {
            let name = key_name(k);
            let p = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            match keys.iter().find(|(kn, _)| *kn == name) {
                Some((_, kt)) => self.check(v, kt, &p, depth + 1),
                None => {
                    let sev = if strict {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    self.push(sev, k, &p, "unknown key".to_string());
                }
            }
        }
    }

    /// A mapping of any names to values of one shape, at `path.name`.
    fn check_map_of(&mut self, n: &MarkedYaml, inner: &T, path: &str, depth: usize) {
        let YamlData::Mapping(map) = &n.data else {
            return self.expect(n, path, false, "a mapping");
        };
        for (k, v) in map.iter() {
            let p = format!("{path}.{}", key_name(k));
            self.check(v, inner, &p, depth + 1);
        }
    }
}
