#!/usr/bin/env python3
"""Extracts the scenario inputs of prometheus/common's `expfmt/text_parse_test.go`.

Usage:
    git -C PROMETHEUS_COMMON show d2417e2:expfmt/text_parse_test.go > /tmp/text_parse_test.go
    python3 Tests/IngestionTests/Fixtures/prometheus-scenarios/extract_scenarios.py \
        /tmp/text_parse_test.go

Writes into the folder of this script (or `--out DIR`):

- `good/text_parse_NN`: the `in:` of scenario NN of `testTextParse` (run by `TestTextParse`),
  inputs upstream's `TextParser` accepts;
- `bad/text_parse_error_NN`: the `in:` of scenario NN of `testTextParseError` (run by
  `TestTextParseError`) that the parser refuses under its UTF-8 name validation;
- `legacy-bad/text_parse_error_NN`: the scenarios of `testTextParseError` whose `errUTF8` is
  empty: accepted under UTF-8 validation, refused only under the legacy scheme;
- `scenarios.json`: one entry per file (the upstream function, index and comment, the line
  upstream's error names, and whether the input uses quoted names, which need UTF-8 validation).

Each input is the bytes of a Go string literal: a raw string (backquotes) is its text as UTF-8
with carriage returns dropped, as the Go specification says; an interpreted string ("...")
has its escapes resolved (`\\n`, `\\t`, `\\"`, `\\\\`, `\\xNN` as the single byte NN, octal, `\\u`).
Only data is written; none of the Go code is copied.
"""

import argparse
import json
import pathlib
import re
import sys

SIMPLE_ESCAPES = {
    "a": 0x07, "b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B,
    "\\": 0x5C, "'": 0x27, '"': 0x22,
}


def go_string(text, start):
    """The bytes of the Go string literal at `text[start]` and the index past it."""
    quote = text[start]
    if quote == "`":
        end = text.index("`", start + 1)
        return text[start + 1:end].replace("\r", "").encode("utf-8"), end + 1
    if quote != '"':
        raise ValueError(f"no string literal at offset {start}: {text[start:start + 20]!r}")
    out = bytearray()
    index = start + 1
    while True:
        char = text[index]
        if char == '"':
            return bytes(out), index + 1
        if char == "\n":
            raise ValueError(f"line feed inside an interpreted string at offset {start}")
        if char != "\\":
            out += char.encode("utf-8")
            index += 1
            continue
        kind = text[index + 1]
        if kind in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[kind])
            index += 2
        elif kind == "x":
            out.append(int(text[index + 2:index + 4], 16))
            index += 4
        elif kind in "01234567":
            out.append(int(text[index + 1:index + 4], 8))
            index += 4
        elif kind in "uU":
            digits = 4 if kind == "u" else 8
            out += chr(int(text[index + 2:index + 2 + digits], 16)).encode("utf-8")
            index += 2 + digits
        else:
            raise ValueError(f"unknown escape \\{kind} at offset {index}")


def function_body(source, name):
    """The text of Go function `name`, up to the next top-level `func`."""
    match = re.search(rf"^func {name}\(", source, re.MULTILINE)
    if not match:
        raise ValueError(f"function {name} not found")
    following = re.compile(r"^func ", re.MULTILINE).search(source, match.end())
    return source[match.start():following.start() if following else len(source)]


def scenarios(body):
    """Each scenario of a table: index, comment and its string fields (`in`, `err...`)."""
    heads = list(re.finditer(r"^\t\t// (\d+):(.*)$", body, re.MULTILINE))
    found = []
    for number, head in enumerate(heads):
        end = heads[number + 1].start() if number + 1 < len(heads) else len(body)
        chunk = body[head.end():end]
        fields = {}
        for field in re.finditer(r"^\t\t\t(in|errUTF8|errLegacy):\s*", chunk, re.MULTILINE):
            value, _ = go_string(chunk, field.end())
            fields[field.group(1)] = value
        if "in" not in fields:
            raise ValueError(f"scenario {head.group(1)} has no in:")
        found.append((int(head.group(1)), head.group(2).strip(), fields))
    if [index for index, _, _ in found] != list(range(len(found))):
        raise ValueError("scenario comments are not numbered 0, 1, 2, ...")
    return found


# A quoted name: `"` right after `{` or `,` (a label value follows `=`), or after `# HELP `/
# `# TYPE `.
QUOTED_NAME = re.compile(rb'[{,][ \t]*"|#[ \t]*(HELP|TYPE)[ \t]+"')


def error_line(message):
    """The line number in `text format parsing error in line N: ...`."""
    match = re.match(r"text format parsing error in line (\d+):", message)
    return int(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("go_file", help="a copy of expfmt/text_parse_test.go")
    parser.add_argument(
        "--out", default=str(pathlib.Path(__file__).resolve().parent))
    args = parser.parse_args()
    source = pathlib.Path(args.go_file).read_text(encoding="utf-8")
    out = pathlib.Path(args.out)
    manifest = []

    def write(folder, name, data, entry):
        path = out / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        manifest.append({"file": f"{folder}/{name}", **entry})

    for index, comment, fields in scenarios(function_body(source, "testTextParse")):
        write("good", f"text_parse_{index:02d}", fields["in"], {
            "function": "testTextParse", "index": index, "comment": comment,
            "quotedNames": bool(QUOTED_NAME.search(fields["in"])),
        })
    for index, comment, fields in scenarios(function_body(source, "testTextParseError")):
        utf8 = fields.get("errUTF8", b"").decode("utf-8")
        legacy = fields.get("errLegacy", b"").decode("utf-8") or utf8
        folder = "bad" if utf8 else "legacy-bad"
        write(folder, f"text_parse_error_{index:02d}", fields["in"], {
            "function": "testTextParseError", "index": index, "comment": comment,
            "quotedNames": bool(QUOTED_NAME.search(fields["in"])),
            "errorUTF8": utf8, "errorLegacy": legacy,
            "line": error_line(utf8 or legacy),
        })
    (out / "scenarios.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    counts = {}
    for entry in manifest:
        folder = entry["file"].split("/")[0]
        counts[folder] = counts.get(folder, 0) + 1
    print(f"wrote {len(manifest)} inputs to {out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
