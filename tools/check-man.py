#!/usr/bin/env python3
"""Checks that docketctl(1) lists the commands docketctl's own --help does:
every command family, and every command of each family, and no other.

Usage: tools/check-man.py DOCKETCTL man/docketctl.1.scd
"""
import re
import subprocess
import sys


def help_text(docketctl, *args):
    r = subprocess.run([docketctl, *args], capture_output=True, text=True,
                       env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    return r.stdout + r.stderr


def commands(text):
    """The names listed under "Commands:" in a usage text."""
    names, listing = [], False
    for line in text.split("\n"):
        if line.startswith("Commands:"):
            listing = True
        elif listing and re.match(r"^  [a-z0-9][a-z0-9-]*\s", line):
            names.append(line.split()[0])
        elif listing and line.strip() == "":
            break
    return names


def main():
    docketctl, page = sys.argv[1:3]
    text = open(page, encoding="utf-8").read()
    section = text.split("# COMMANDS", 1)[1].split("\n# ", 1)[0]
    man = {}
    family = None
    for line in section.split("\n"):
        m = re.match(r"^## ([a-z0-9-]+)$", line)
        if m:
            family = m.group(1)
            man[family] = set()
            continue
        m = re.match(r"^\*([a-z0-9-]+)(?: ([a-z0-9-]+))?[\* ]", line)
        if m and family is not None:
            if m.group(1) != family:
                print(f"docketctl(1): '{line}' stands under ## {family}")
                return 1
            if m.group(2):
                man[family].add(m.group(2))

    problems = []
    families = commands(help_text(docketctl, "--help"))
    if set(families) != set(man):
        problems.append(f"families: --help has {sorted(set(families) - set(man))} not in the page; "
                        f"the page has {sorted(set(man) - set(families))} not in --help")
    for f in families:
        verbs = set(commands(help_text(docketctl, f)))
        if verbs != man.get(f, set()):
            problems.append(f"{f}: --help has {sorted(verbs - man.get(f, set()))} not in the page; "
                            f"the page has {sorted(man.get(f, set()) - verbs)} not in --help")
    for p in problems:
        print("docketctl(1) and --help differ:", p)
    if not problems:
        n = sum(len(v) for v in man.values())
        print(f"docketctl(1) lists the {len(families)} families and {n} commands of --help")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
