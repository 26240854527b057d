//! useradd: system accounts for the toolbox's services.

use crate::exec::Cmd;

/// `useradd --system --user-group --no-create-home --home-dir /nonexistent --shell
/// /usr/sbin/nologin USER`: a non-login system account with its own group.
pub fn system_account(user: &str) -> Cmd {
    Cmd::new("useradd")
        .args([
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
        ])
        .arg(user)
        .timeout_secs(30)
}

#[cfg(test)]
mod tests {
    #[test]
    fn command() {
        let c = super::system_account("debvisor");
        assert!(c.to_string().starts_with("useradd --system --user-group"));
        assert!(c
            .to_string()
            .ends_with("--shell /usr/sbin/nologin debvisor"));
        assert_eq!(c.effect(), crate::exec::Effect::Mutating);
    }
}
