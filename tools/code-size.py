#!/usr/bin/env python3
"""The longest functions and the largest files in Docket's own C sources.

Usage: tools/code-size.py [--top N] [--max-function L] [--max-file L]
Prints the N longest functions and N largest files; with limits given,
exits 1 when any function or file is over them. Generated code and tests
are not counted.
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDERS = ["common", "daemon", "client"]
SIG = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def sources():
    for folder in FOLDERS:
        for dirpath, _, files in os.walk(os.path.join(ROOT, folder)):
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    yield os.path.join(dirpath, name)


def functions(path):
    """(name, first line, length) for each function defined at file scope:
    GNU style, the name at the start of a line, the body's braces in
    column 0."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    name = None
    start = None
    for i, line in enumerate(lines):
        m = SIG.match(line)
        if m and start is None:
            name = m.group(1)
        if line.startswith("{") and start is None and name:
            start = i
        elif line.startswith("}") and start is not None:
            yield name, start + 1, i - start + 1
            name = None
            start = None
        elif line and not line[0].isspace() and start is None and not m \
                and not line.startswith(("/", "*", "#")) and ";" in line:
            name = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--max-function", type=int)
    ap.add_argument("--max-file", type=int)
    args = ap.parse_args()

    funcs = []
    files = []
    for path in sources():
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as f:
            files.append((sum(1 for _ in f), rel))
        for name, line, length in functions(path):
            funcs.append((length, f"{rel}:{line}", name))
    funcs.sort(reverse=True)
    files.sort(reverse=True)

    print(f"Longest functions (of {len(funcs)}):")
    for length, where, name in funcs[: args.top]:
        print(f"  {length:5d}  {name}  {where}")
    print(f"Largest files (of {len(files)}):")
    for length, rel in files[: args.top]:
        print(f"  {length:5d}  {rel}")

    bad = 0
    if args.max_function:
        over = [f for f in funcs if f[0] > args.max_function]
        for length, where, name in over:
            print(f"over {args.max_function} lines: {name} ({length}) at {where}")
        bad += len(over)
    if args.max_file:
        over = [f for f in files if f[0] > args.max_file]
        for length, rel in over:
            print(f"over {args.max_file} lines: {rel} ({length})")
        bad += len(over)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
