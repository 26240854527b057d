//! One typed wrapper per external program: builds [`crate::exec::Cmd`] values and parses their
//! output into structs. No policy here (that lives in applets), no spawning (that lives in exec).

pub mod qemu_img;
pub mod vfat;
pub mod virsh;
pub mod xorriso;
