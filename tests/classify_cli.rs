//! `clausemark classify` as a black box: one output line per input line, in order, errors as
//! lines, never a crash.
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn run(input: &[u8]) -> (Vec<Value>, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clausemark"))
        .arg("classify")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn clausemark");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("join").expect("write stdin");
    let text = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    (lines, out.status.code().unwrap_or(-1))
}

#[test]
fn one_line_out_per_line_in_with_errors_in_place() {
    let input = concat!(
        r#"{"id": "a", "text": "We do not sell your personal information."}"#,
        "\n\n",
        "not json\n",
        r#"{"id": 7, "section": "How we use information"}"#,
        "\n",
        "[1, 2]\n",
        r#""just a string""#,
        "\n",
        r#"{"id": "b", "text": 42}"#,
        "\n",
        r#"{"id": "c", "text": "We use your information to detect fraud and keep accounts secure.", "section": "How we use information", "purposes": ["x"], "extra": {"k": 1}}"#,
        "\n",
        r#"{"text": "We use cookies to show you personalised ads."}"#,
        "\r\n",
        "   \n",
    );
    let (lines, code) = run(input.as_bytes());
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 10, "{lines:?}");
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0]["purposes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("advertising")));
    assert!(lines[0]["flags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("negated")));
    assert_eq!(
        lines[1],
        serde_json::json!({"id": null, "error": "empty line"})
    );
    assert!(lines[2]["id"].is_null() && lines[2]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(lines[3]["id"], 7);
    assert!(lines[3]["error"].as_str().unwrap().contains("text"));
    assert!(lines[4]["id"].is_null() && lines[4]["error"].is_string());
    assert!(lines[5]["id"].is_null() && lines[5]["error"].is_string());
    assert_eq!(lines[6]["id"], "b");
    assert!(lines[6]["error"].is_string());
    // Extra fields (even gold labels) are ignored.
    assert_eq!(lines[7]["id"], "c");
    assert!(lines[7]["purposes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("safety-security")));
    assert!(!lines[7]["purposes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("x")));
    assert!(lines[8]["id"].is_null());
    assert!(lines[8]["purposes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("advertising")));
    assert_eq!(lines[9]["error"], "empty line");
}

#[test]
fn scores_cover_every_purpose_in_unit_range() {
    let (lines, _) = run(b"{\"id\":1,\"text\":\"Contact us at privacy@example.com.\"}\n");
    let scores = lines[0]["scores"].as_object().unwrap();
    assert_eq!(scores.len(), 13);
    for p in clausemark::Purpose::ALL {
        let s = scores[p.id()].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
    }
}

#[test]
fn hostile_input_never_crashes() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe not utf-8\n");
    input.extend_from_slice(
        format!(
            "{{\"id\":1,\"text\":\"{}\"}}\n",
            "advertising ".repeat(2000)
        )
        .as_bytes(),
    );
    input.extend_from_slice(
        "{\"id\":2,\"text\":\"\u{202e}🙂 n’t ’’ \\u0000 \u{301}\"}\n".as_bytes(),
    );
    input.extend_from_slice(b"{\"id\":3,\"text\":\"\"}\n");
    input.extend_from_slice(b"{\"id\":4,\"text\":\"no newline at the end\"}");
    let (lines, code) = run(&input);
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 5);
    assert!(lines[0]["error"].as_str().unwrap().contains("UTF-8"));
    for (i, l) in lines.iter().enumerate().skip(1) {
        assert_eq!(l["id"], i as u64);
        assert!(l["purposes"].is_array(), "{l}");
    }
}

#[test]
fn order_is_kept_on_many_lines() {
    let input: String = (0..500)
        .map(|i| format!("{{\"id\":{i},\"text\":\"We share data with advertisers ({i}).\"}}\n"))
        .collect();
    let (lines, code) = run(input.as_bytes());
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 500);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], i as u64);
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // `clausemark scan big.md | head -c 100`: the reader goes away; no panic message.
    let mut child = Command::new(env!("CARGO_BIN_EXE_clausemark"))
        .args(["scan", "../shared/data/policies/Facebook.md"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn clausemark");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
