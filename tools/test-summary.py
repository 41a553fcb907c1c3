#!/usr/bin/env python3
"""Counts test cases from meson's testlog.json and prints one closing line,
'N passed, M failed' (with ', K skipped' when some were skipped).

TAP tests are counted case by case; a TAP test that stopped early has its
missing cases counted as failed. Other tests count as one case each.
Exits non-zero when anything failed."""
import json
import re
import sys

PLAN = re.compile(r"^1\.\.(\d+)")
RESULT = re.compile(r"^(not ok|ok)\b(.*)$")


def count(entry):
    passed = failed = skipped = 0
    plan = None
    seen = 0
    for line in (entry.get("stdout") or "").splitlines():
        m = PLAN.match(line)
        if m:
            plan = int(m.group(1))
            continue
        m = RESULT.match(line)
        if not m:
            continue
        seen += 1
        rest = m.group(2)
        if "# SKIP" in rest.upper():
            skipped += 1
        elif m.group(1) == "ok" or "# TODO" in rest.upper():
            passed += 1
        else:
            failed += 1
    if plan is None and seen == 0:
        # Not TAP (or died before its plan): one case, judged by its result.
        if entry["result"] == "OK":
            return 1, 0, 0
        if entry["result"] == "SKIP":
            return 0, 0, 1
        return 0, 1, 0
    if plan is not None and seen < plan:
        failed += plan - seen
    if entry["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and failed == 0:
        failed += 1  # crashed after its last reported case
    return passed, failed, skipped


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "build/meson-logs/testlog.json"
    passed = failed = skipped = 0
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    p, fl, s = count(json.loads(line))
                    passed += p
                    failed += fl
                    skipped += s
    except FileNotFoundError:
        print(f"no test log at {path}", file=sys.stderr)
        failed = 1
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
