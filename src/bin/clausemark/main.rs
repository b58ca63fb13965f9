//! `clausemark`: the command-line tool for researchers and for measuring.
//!
//! ```text
//! clausemark scan FILE                 JSON report of every clause (HTML, Markdown or text)
//! clausemark classify                  JSON Lines in → one JSON line out per input line
//! clausemark eval LABELS.jsonl [--split dev] [--json]
//! clausemark train LABELS.jsonl [--out src/classify/weights.rs]
//! clausemark diff OLD NEW [--format json|text]
//! clausemark taxonomy                  the purposes and flags as JSON
//! ```

mod classify_cmd;
mod diff_cmd;
mod eval_cmd;
mod scan_cmd;
mod train_cmd;

use std::process::ExitCode;

const USAGE: &str = "usage: clausemark <command> [args]

commands:
  scan FILE                          print a JSON report of every clause of FILE (HTML, Markdown or text)
  classify                           read JSON Lines ({id, text, section?, previous?}) on stdin, write one result per line
  eval LABELS.jsonl [--split S] [--json]
                                     per-purpose and per-flag precision/recall/F1 against labelled sentences
  train LABELS.jsonl [--out FILE]    train the model on the train split and write the weights file
  diff OLD NEW [--format json|text]  what changed between two versions of a policy
  taxonomy                           print the purposes and flags as JSON
  version                            print the version";

/// Rust ignores SIGPIPE, so `println!` into a closed pipe (`clausemark eval … | head`) panics
/// (rust-lang/rust#62569). A command-line tool should end quietly instead, as other Unix tools do.
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGPIPE: i32 = 13;
    const SIG_DFL: usize = 0;
    // SAFETY: restores the default disposition of one signal before any thread is started.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let code = match cmd.as_str() {
        "scan" => scan_cmd::run(rest),
        "classify" => classify_cmd::run(rest),
        "eval" => eval_cmd::run(rest),
        "train" => train_cmd::run(rest),
        "diff" => diff_cmd::run(rest),
        "taxonomy" => {
            println!(
                "{}",
                serde_json::to_string_pretty(&clausemark::taxonomy::taxonomy()).unwrap_or_default()
            );
            0
        }
        "version" | "--version" | "-V" => {
            println!("clausemark {}", clausemark::VERSION);
            0
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            0
        }
        other => {
            eprintln!("clausemark: unknown command {other:?}\n\n{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}
