//! `clausemark scan FILE`: a JSON report of every clause.
use clausemark::{analyze, doc, Options};

pub fn run(args: &[String]) -> u8 {
    let Some(path) = args.first() else {
        eprintln!("usage: clausemark scan FILE");
        return 2;
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("clausemark: cannot read {path}: {e}");
            return 1;
        }
    };
    let blocks = match doc::load(&bytes, path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("clausemark: {path}: {e}");
            return 1;
        }
    };
    let options = Options {
        include_text: true,
        ..Options::default()
    };
    let report = analyze(&blocks, &options);
    match serde_json::to_string_pretty(&report) {
        Ok(s) => {
            println!("{s}");
            0
        }
        Err(e) => {
            eprintln!("clausemark: {e}");
            1
        }
    }
}
