//! The `lede` command line: the same analysis as the browser, over JSONL.
//!
//! ```text
//! lede annotate [FILE]          JSONL {"id","text"} in (FILE or stdin), JSONL {"id","spans"} out
//! lede annotate --text FILE     the spans of one plain-text file, as a JSON array
//! ```

use lede::output::to_json_spans;
use lede::{Highlighter, Options};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  lede annotate [FILE]        read JSONL {\"id\",\"text\"} lines from FILE or stdin,
                              write JSONL {\"id\",\"spans\":[...]} lines
  lede annotate --text FILE   print the spans of a plain-text file as JSON
options:
  --no-quotes --no-numbers --no-entities   skip a layer
  --typewriter-quotes         read two apostrophes (''…'', ``…'') as a double
                              quotation mark (wire-copy archives); off by default";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("lede: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((cmd, rest)) = args.split_first() else { return Err("no command".into()) };
    match cmd.as_str() {
        "annotate" => annotate(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}")),
    }
}

fn annotate(args: &[String]) -> Result<ExitCode, String> {
    let mut options = Options::default();
    let mut text_file = None;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-quotes" => options = options.quotes(false),
            "--no-numbers" => options = options.numbers(false),
            "--no-entities" => options = options.entities(false),
            "--typewriter-quotes" => options = options.typewriter_quotes(true),
            "--text" => text_file = Some(it.next().ok_or("--text needs a file")?.clone()),
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_string()),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let lede = Highlighter::new(options);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(path) = text_file {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let found = lede.analyze(&text);
        serde_json::to_writer_pretty(&mut out, &to_json_spans(&text, &found)).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
        return Ok(ExitCode::SUCCESS);
    }
    let reader: Box<dyn BufRead> = match &file {
        Some(path) => Box::new(io::BufReader::new(std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?)),
        None => Box::new(io::BufReader::new(io::stdin())),
    };
    let name = file.as_deref().unwrap_or("<stdin>");
    let failures = lede::jsonl::annotate_lines(&lede, reader, &mut out, &mut io::stderr().lock(), name)
        .map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
