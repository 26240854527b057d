//! NoCloud seed contents: validation of user-data / vendor-data, meta-data and network-config
//! (v1 and v2) with file, line and key in every problem; rendering of the defaults; the
//! embedded template library; secret detection. Pure logic, no I/O; never panics on input.
//!
//! YAML is parsed with saphyr (YAML 1.2, with source spans). cloud-init itself uses PyYAML
//! (YAML 1.1), so `yes`/`no`/`on`/`off` are accepted where a boolean is expected.
//!
//! Layout: `schema.rs` the key tables (data only), `yaml.rs` saphyr node helpers, `check.rs`
//! the walker of a node against the schema, `validate.rs` the per-file validators, `inputs.rs`
//! names, SSH keys and secret detection, `render.rs` the generated files, `templates.rs` the
//! template library, `user_options.rs` the legacy enhanced options. This file holds the types
//! they share and the public API.

mod check;
mod inputs;
mod render;
mod schema;
mod templates;
mod user_options;
mod validate;
mod yaml;

use serde::Serialize;

pub use inputs::{has_secrets, parse_ssh_keys, valid_hostname, valid_name, valid_ssh_key};
pub use render::{default_meta_data, default_user_data, quote, render_template};
pub use schema::T;
pub use templates::{template, Template, TEMPLATES};
pub use user_options::UserOptions;
pub use validate::{
    user_data_kind, validate_meta_data, validate_network_config, validate_user_data,
};

/// An error refuses the seed; a warning is reported and the seed is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding: `file:line: key `k`: message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if !self.key.is_empty() {
            write!(f, "key `{}`: ", self.key)?;
        }
        f.write_str(&self.message)
    }
}

/// What kind of user-data a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserDataKind {
    CloudConfig,
    Script,
    Include,
    Boothook,
    PartHandler,
    CloudConfigArchive,
    Multipart,
    Gzip,
}
