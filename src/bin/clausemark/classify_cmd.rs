//! (Stub: not implemented yet.)
pub fn run(_args: &[String]) -> u8 {
    eprintln!("clausemark: not implemented yet");
    2
}
