#!/usr/bin/env python3
"""Checks that every translation is complete and well-formed against the
strings in the sources now (not against a possibly stale docket.pot):
extracts them with xgettext as meson's glib preset does, then asks
msgcmp and msgfmt --check. Usage: check-translations.py SRCDIR LANG..."""
import os
import subprocess
import sys
import tempfile

src = sys.argv[1]
langs = sys.argv[2:]
files = [l.strip() for l in open(os.path.join(src, "po", "POTFILES.in"), encoding="utf-8")
         if l.strip() and not l.startswith("#")]
problems = []
# Every source that marks a string for translation is listed, so that a new
# file's strings cannot be missed.
listed = set(files)
for top in ("client", "daemon", "common"):
    for root, _, names in os.walk(os.path.join(src, top)):
        for name in names:
            if not name.endswith((".c", ".ui")):
                continue
            path = os.path.relpath(os.path.join(root, name), src)
            text = open(os.path.join(src, path), encoding="utf-8").read()
            marked = 'translatable="yes"' in text if name.endswith(".ui") else ('_("' in text or 'N_("' in text)
            if marked and path not in listed:
                problems.append("%s marks strings for translation but is not in po/POTFILES.in" % path)
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "docket.pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "--add-comments", "-o", pot, "--package-name=docket",
                    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
                    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
                    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
                    "--flag=g_string_printf:2:c-format", "--flag=g_printerr:1:c-format",
                    "--flag=g_print:1:c-format", "--flag=g_set_error:4:c-format"] + files,
                   cwd=src, check=True)
    for lang in langs:
        po = os.path.join(src, "po", lang + ".po")
        cmp = subprocess.run(["msgcmp", po, pot], capture_output=True, text=True)
        if cmp.returncode != 0:
            problems.append("%s: strings without a translation:\n%s" % (lang, cmp.stderr))
        fmt = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                             capture_output=True, text=True)
        stats = fmt.stderr.strip()
        print("%s: %s" % (lang, stats))
        if fmt.returncode != 0 or "untranslated" in stats or "fuzzy" in stats:
            problems.append("%s: %s" % (lang, stats))
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
