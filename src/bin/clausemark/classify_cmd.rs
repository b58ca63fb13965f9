//! `clausemark classify`: JSON Lines on stdin → exactly one JSON line per input line on stdout,
//! in order. Reads `id`, `text`, optional `section` and optional `previous` (the sentence before
//! it in the same section) of each object (other fields are ignored); a multi-sentence text gets
//! the union of its sentences' purposes. Bad lines get an `{"id": …, "error": "…"}` line; the
//! exit code is 0 once all input is read.
use clausemark::classify::classify_text;
use clausemark::taxonomy::{Purpose, NUM_PURPOSES};
use serde_json::{json, Map, Value};
use std::io::{BufRead, BufWriter, Write};

/// Bytes of `section` read (a heading, not a document).
const MAX_SECTION_BYTES: usize = 200;

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// The output line for one input line.
pub fn line_result(line: &[u8]) -> Value {
    let err = |id: Value, why: &str| json!({"id": id, "error": why});
    let Ok(line) = std::str::from_utf8(line) else {
        return err(Value::Null, "line is not valid UTF-8");
    };
    if line.trim().is_empty() {
        return err(Value::Null, "empty line");
    }
    let v: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return err(Value::Null, &format!("invalid JSON: {e}")),
    };
    let Value::Object(obj) = v else {
        return err(Value::Null, "not a JSON object");
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    let Some(text) = obj.get("text").and_then(Value::as_str) else {
        return err(id, "missing string field \"text\"");
    };
    let section = obj.get("section").and_then(Value::as_str).unwrap_or("");
    let section = clausemark::truncate_bytes(section, MAX_SECTION_BYTES);
    let previous = obj.get("previous").and_then(Value::as_str).unwrap_or("");
    let c = classify_text(text, section, previous);
    let mut scores = Map::new();
    for p in Purpose::ALL.iter().take(NUM_PURPOSES) {
        scores.insert(p.id().to_string(), json!(round3(c.scores[p.index()])));
    }
    let purposes: Vec<&str> = c.purposes.iter().map(|p| p.purpose.id()).collect();
    let flags: Vec<&str> = c.flags.iter().map(|f| f.id()).collect();
    json!({"id": id, "purposes": purposes, "flags": flags, "scores": scores})
}

pub fn run(_args: &[String]) -> u8 {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("clausemark classify: {e}");
                break;
            }
        }
        let mut line = buf.as_slice();
        if let Some(l) = line.strip_suffix(b"\n") {
            line = l;
        }
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        let res = line_result(line);
        if writeln!(out, "{res}").is_err() {
            return 1;
        }
    }
    if out.flush().is_err() {
        return 1;
    }
    0
}
