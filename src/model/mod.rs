//! Pure logic without I/O: parsers and renderers of external formats. Unit-tested and fuzzed here.
pub mod cloudinit;
pub mod qemu_img;
