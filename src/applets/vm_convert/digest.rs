//! The format-independent guest-data digest: BLAKE3 (SHA-256 for version 1 manifests) of the
//! bytes a guest sees, read directly from a raw file or through a read-only qemu-nbd export.

use std::io::Read;
use std::path::Path;

use anyhow::Context as _;
use sha2::{Digest, Sha256};

use crate::exec::Exec;
use crate::model::qemu_img as m;
use crate::tools::qemu_img as q;

/// The digest of a manifest: BLAKE3 (version 2) or SHA-256 (version 1 manifests).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Algo {
    Blake3,
    Sha256,
}

impl Algo {
    pub(super) fn name(self) -> &'static str {
        match self {
            Algo::Blake3 => "blake3",
            Algo::Sha256 => "sha256",
        }
    }
}

/// One hasher of either algorithm.
enum GuestHasher {
    Blake3(Box<blake3::Hasher>),
    Sha256(Sha256),
}

impl GuestHasher {
    fn new(a: Algo) -> Self {
        match a {
            Algo::Blake3 => GuestHasher::Blake3(Box::new(blake3::Hasher::new())),
            Algo::Sha256 => GuestHasher::Sha256(Sha256::new()),
        }
    }
    fn update(&mut self, b: &[u8]) {
        match self {
            GuestHasher::Blake3(h) => {
                h.update(b);
            }
            GuestHasher::Sha256(h) => h.update(b),
        }
    }
    fn finish(self) -> String {
        match self {
            GuestHasher::Blake3(h) => h.finalize().to_hex().to_string(),
            GuestHasher::Sha256(h) => m::hex(&h.finalize()),
        }
    }
}

/// A thread hashing the guest data of `file`: read directly when raw (its bytes are the guest
/// bytes), through qemu-nbd otherwise.
pub(super) fn start_hash(
    exec: &Exec,
    file: &Path,
    fmt: &str,
    force_share: bool,
    algo: Algo,
) -> anyhow::Result<std::thread::JoinHandle<anyhow::Result<String>>> {
    if fmt == "raw" {
        let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
        Ok(std::thread::spawn(move || hash_reader(f, algo)))
    } else {
        let mut ex = exec.nbd_export(&q::nbd_serve(file, fmt, force_share))?;
        Ok(std::thread::spawn(move || {
            let mut h = GuestHasher::new(algo);
            ex.read_all(&mut |b| h.update(b))?;
            Ok(h.finish())
        }))
    }
}

fn hash_reader(mut f: impl Read, algo: Algo) -> anyhow::Result<String> {
    let mut h = GuestHasher::new(algo);
    let mut buf = vec![0u8; 4 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finish())
}
