//! Fuzzes the card generator: any bytes, read as text the way a lenient
//! reader would (invalid UTF-8 replaced), must give cards without a panic,
//! an overflow or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = recall::cards::generate("fuzz", &text);
});
