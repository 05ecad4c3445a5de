#!/usr/bin/env python3
"""Builds datasets/src/main/resources/dev/quiver/datasets/demo/debian-packages.jsonl.gz (see DemoCorpus).

Source: Debian bookworm package metadata as apt keeps it (Packages for section and priority,
Translation-en for the maintainers' long descriptions). Run on a Debian bookworm machine after
`apt-get update -o Acquire::Languages=en` (or into a lists directory of its own, named by APT_LISTS:
`apt-get update -o Dir::State::Lists=DIR -o Acquire::Languages=en`, then `APT_LISTS=DIR python3 ...`):

    python3 datasets/src/demo-corpus/make-demo-corpus.py /work/shared/eval/debian-known-item-dev/corpus.jsonl

Every package named as an `_id` in the dev set given as the argument is left out, so the demo never
repeats the evaluation corpus. The selection is deterministic for a given apt list: packages ordered by
SHA-1 of their name, the first COUNT that qualify.

The file holds the first DEMO_COUNT of them (what `quiver demo` indexes), sorted by name, then the next
COUNT - DEMO_COUNT, sorted by name: the demo's items and their order stay the same when COUNT grows.
"""
import glob
import gzip
import hashlib
import json
import os
import subprocess
import sys

COUNT = 2000
DEMO_COUNT = 1500
MIN_LONG = 200
LISTS = os.environ.get("APT_LISTS", "/var/lib/apt/lists")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "main", "resources", "dev", "quiver",
                   "datasets", "demo", "debian-packages.jsonl.gz")
SKIP_SUFFIXES = ("-dev", "-doc", "-dbg", "-dbgsym", "-data", "-common", "-l10n")


def stanzas(path):
    text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], check=True,
                          capture_output=True, text=True).stdout
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.split("\n"):
            if not line:
                continue
            if line[0] in " \t" and key:
                fields[key] += "\n" + line
            else:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if fields:
            yield fields


def long_description(raw):
    """Debian's description format: continuation lines start with a space, ' .' is a blank line."""
    paragraphs, current = [], []
    for line in raw.split("\n")[1:]:
        line = line[1:] if line.startswith(" ") else line
        if line.strip() == ".":
            if current:
                paragraphs.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(p for p in paragraphs if p)


def main():
    excluded = set()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                excluded.add(json.loads(line)["_id"])
    packages = {}
    for path in sorted(glob.glob(LISTS + "/*bookworm_main_binary-amd64_Packages*")):
        for s in stanzas(path):
            packages.setdefault(s["Package"], s)
    translations = {}
    for path in sorted(glob.glob(LISTS + "/*bookworm_main_i18n_Translation-en*")):
        for s in stanzas(path):
            translations[(s["Package"], s.get("Description-md5"))] = s["Description-en"]
    chosen = []
    for name in sorted(packages, key=lambda n: hashlib.sha1(n.encode()).hexdigest()):
        if name in excluded or name.startswith("lib") or name.endswith(SKIP_SUFFIXES):
            continue
        p = packages[name]
        raw = translations.get((name, p.get("Description-md5")))
        if raw is None:
            continue
        summary = raw.split("\n", 1)[0].strip()
        body = long_description(raw)
        if len(body) < MIN_LONG:
            continue
        chosen.append({"id": name, "text": summary + ".\n" + body,
                       "attributes": {"section": p.get("Section", "unknown"),
                                      "priority": p.get("Priority", "optional")}})
        if len(chosen) == COUNT:
            break
    chosen = (sorted(chosen[:DEMO_COUNT], key=lambda r: r["id"])
              + sorted(chosen[DEMO_COUNT:], key=lambda r: r["id"]))
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as out:
        for record in chosen:
            out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{len(chosen)} packages, {os.path.getsize(OUT)} bytes -> {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
