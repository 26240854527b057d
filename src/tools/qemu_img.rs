//! `qemu-img` and `qemu-nbd`: command builders. The format is always given explicitly (`-f`,
//! or a `driver=` in image options): nothing here lets qemu probe a format.

use std::path::Path;

use crate::exec::Cmd;
use crate::model::qemu_img::window_opts;

/// Options shared by the conversion commands.
#[derive(Debug, Clone, Default)]
pub struct ConvertOpts {
    pub compress: bool,
    /// false: `-S 0` (write every byte, no zero detection).
    pub sparse: bool,
    pub cache: String,
    /// Bytes per second (`-r`).
    pub rate_limit: Option<u64>,
    /// `-m` (1..16).
    pub coroutines: Option<u8>,
    /// `-W`: out-of-order writes.
    pub parallel_writes: bool,
    /// `-U`: read an image another process has open.
    pub force_share: bool,
}

/// `qemu-img --version`.
pub fn version() -> Cmd {
    Cmd::new("qemu-img")
        .arg("--version")
        .read_only()
        .timeout_secs(10)
}

fn info_base(force_share: bool) -> Cmd {
    let c = Cmd::new("qemu-img").arg("info").arg("--output=json");
    if force_share {
        c.arg("-U")
    } else {
        c
    }
}

/// `qemu-img info --output=json -f FMT FILE`: reads the header only (the backing file is not
/// opened).
pub fn info(file: &Path, format: &str, force_share: bool) -> Cmd {
    info_base(force_share)
        .arg("-f")
        .arg(format)
        .arg(file)
        .read_only()
        .timeout_secs(60)
        .what(format!("qemu-img info of {}", file.display()))
}

/// `… --backing-chain`: the whole chain (after the references were checked).
pub fn info_chain(file: &Path, format: &str, force_share: bool) -> Cmd {
    info_base(force_share)
        .arg("--backing-chain")
        .arg("-f")
        .arg(format)
        .arg(file)
        .read_only()
        .timeout_secs(60)
        .what(format!(
            "qemu-img info of the backing chain of {}",
            file.display()
        ))
}

/// `qemu-img measure`: space a conversion needs (qcow2 and raw targets).
pub fn measure(file: &Path, format: &str, target: &str) -> Cmd {
    Cmd::new("qemu-img")
        .args(["measure", "--output=json", "-f", format, "-O", target])
        .arg(file)
        .read_only()
        .timeout_secs(120)
}

/// Target creation options for `qemu-img create`/`convert -o`.
pub fn create_options(target: &str, compress: bool, zstd: bool) -> Vec<String> {
    let mut o = Vec::new();
    if target == "qcow2" && compress && zstd {
        o.push("compression_type=zstd".to_string());
    }
    if target == "vpc" {
        // Without it vpc rounds the size to its CHS geometry (1 GiB becomes 1073995776).
        o.push("force_size=on".to_string());
    }
    o
}

/// `qemu-img create -f FMT [-o …] FILE SIZE` (the empty target of a resumable conversion).
pub fn create(file: &Path, format: &str, options: &[String], size: u64) -> Cmd {
    let mut c = Cmd::new("qemu-img").args(["create", "-q", "-f", format]);
    if !options.is_empty() {
        c = c.arg("-o").arg(options.join(","));
    }
    c.arg(file)
        .arg(size.to_string())
        .timeout_secs(120)
        .what("qemu-img create")
}

fn common_convert(mut c: Cmd, o: &ConvertOpts) -> Cmd {
    c = c.arg("-p").arg("-t").arg(&o.cache);
    if !o.sparse {
        c = c.args(["-S", "0"]);
    }
    if let Some(r) = o.rate_limit {
        c = c.arg("-r").arg(r.to_string());
    }
    if let Some(m) = o.coroutines {
        c = c.arg("-m").arg(m.to_string());
    }
    if o.parallel_writes {
        c = c.arg("-W");
    }
    if o.force_share {
        c = c.arg("-U");
    }
    c
}

/// One-shot `qemu-img convert -f SRCFMT -O DSTFMT` (compressed conversions: the raw window of
/// a chunked conversion cannot pass compressed writes).
pub fn convert_whole(
    src: &Path,
    src_fmt: &str,
    dst: &Path,
    dst_fmt: &str,
    options: &[String],
    o: &ConvertOpts,
    timeout_secs: u64,
) -> Cmd {
    let mut c = common_convert(Cmd::new("qemu-img").arg("convert"), o);
    if o.compress {
        c = c.arg("-c");
    }
    c = c.arg("-f").arg(src_fmt).arg("-O").arg(dst_fmt);
    if !options.is_empty() {
        c = c.arg("-o").arg(options.join(","));
    }
    c.arg(src)
        .arg(dst)
        .timeout_secs(timeout_secs)
        .what("qemu-img convert")
}

/// Converts the window `[offset, offset+len)` of SRC into the same window of the pre-created
/// DST (`-n --target-is-zero`: DST was created empty and is only ever written with the same
/// source bytes, so zero areas need no writes).
#[allow(clippy::too_many_arguments)]
pub fn convert_chunk(
    src: &Path,
    src_fmt: &str,
    dst: &Path,
    dst_fmt: &str,
    offset: u64,
    len: u64,
    o: &ConvertOpts,
    timeout_secs: u64,
) -> Cmd {
    // -U is expressed in the image options (force-share=on) of the source.
    let o2 = ConvertOpts {
        force_share: false,
        ..o.clone()
    };
    common_convert(Cmd::new("qemu-img").arg("convert"), &o2)
        .args(["-n", "--target-is-zero", "--image-opts"])
        .arg(window_opts(src, src_fmt, offset, len, o.force_share))
        .arg("--target-image-opts")
        .arg(window_opts(dst, dst_fmt, offset, len, false))
        .timeout_secs(timeout_secs)
        .what(format!(
            "qemu-img convert of bytes {offset}..{}",
            offset + len
        ))
}

/// `qemu-img map --output=json -f FMT FILE` (unchecked). With `-U` during a conversion: in
/// stream mode the writer never changes the metadata while it writes data (raw has none;
/// qcow2 targets have their metadata preallocated), so the map is consistent.
pub fn map(file: &Path, format: &str, force_share: bool) -> Cmd {
    let mut c = Cmd::new("qemu-img").args(["map", "--output=json"]);
    if force_share {
        c = c.arg("-U");
    }
    c.arg("-f")
        .arg(format)
        .arg(file)
        .read_only()
        .unchecked()
        .timeout_secs(120)
        .what("qemu-img map of the partial output")
}

/// `qemu-img compare -f A -F B A B` (exit status is data: unchecked).
pub fn compare(a: &Path, a_fmt: &str, b: &Path, b_fmt: &str, force_share: bool, t: u64) -> Cmd {
    let mut c = Cmd::new("qemu-img").arg("compare");
    if force_share {
        c = c.arg("-U");
    }
    c.arg("-f")
        .arg(a_fmt)
        .arg("-F")
        .arg(b_fmt)
        .arg(a)
        .arg(b)
        .read_only()
        .unchecked()
        .timeout_secs(t)
        .what("qemu-img compare")
}

/// `qemu-img check -f FMT FILE` (unchecked: 2/3/63 are answers).
pub fn check(file: &Path, fmt: &str) -> Cmd {
    Cmd::new("qemu-img")
        .args(["check", "--output=json", "-f", fmt])
        .arg(file)
        .read_only()
        .unchecked()
        .timeout_secs(600)
        .what("qemu-img check")
}

/// `qemu-nbd --fork --read-only -f FMT FILE` (the socket is added by the execution layer).
/// Serves one client and exits when it disconnects.
pub fn nbd_serve(file: &Path, fmt: &str, force_share: bool) -> Cmd {
    let mut c = Cmd::new("qemu-nbd").args(["--fork", "--read-only", "-f", fmt]);
    if force_share {
        c = c.arg("--force-share");
    }
    c.arg(file)
        .read_only()
        .timeout_secs(30)
        .what("qemu-nbd to read the guest data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_is_always_explicit() {
        let o = ConvertOpts {
            sparse: true,
            cache: "writeback".into(),
            ..Default::default()
        };
        let c = convert_whole(
            Path::new("/a"),
            "raw",
            Path::new("/b"),
            "qcow2",
            &[],
            &o,
            60,
        );
        assert_eq!(
            c.to_string(),
            "qemu-img convert -p -t writeback -f raw -O qcow2 /a /b"
        );
        let c = convert_chunk(
            Path::new("/a"),
            "raw",
            Path::new("/b"),
            "qcow2",
            0,
            64,
            &o,
            9,
        );
        assert!(c
            .to_string()
            .contains("--image-opts driver=raw,offset=0,size=64,file.driver=file"));
        assert_eq!(
            info(Path::new("/a"), "qcow2", true).to_string(),
            "qemu-img info --output=json -U -f qcow2 /a"
        );
    }
}
