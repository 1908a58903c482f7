#!/usr/bin/env python3
"""Writes the observed errors of a `feinvert validate --report` JSON into the README
blocks between <!-- observed --> and <!-- /observed --> markers: each case folder's
README under Validation/, and the top-level README's validation table.

Usage: scripts/update_validation_readmes.py validation.json
The tables are the command's output, not hand-written."""
import json, re, sys, pathlib

FOLDERS = [
    ("clt_far_field", "clt_far_field"),
    ("interface_equilibrium", "interface_equilibrium"),
    ("pagano_plate", "pagano_plate"),
    ("pagano_cylindrical", "pagano_cylindrical"),
    ("edge_peak_convergence", "edge_peak_convergence"),
]

def fmt(x):
    return "%.5g" % x if isinstance(x, (int, float)) else str(x)

def table(cases):
    rows = ["| case | quantity | computed | reference | error | tolerance | ok |",
            "|---|---|---:|---:|---:|---|---|"]
    for c in cases:
        for k in c["checks"]:
            rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                c["name"], k["quantity"].replace("|", "\\|"), fmt(k["computed"]), fmt(k["reference"]),
                fmt(k["error"]), k["tolerance_note"].replace("|", "\\|"), "yes" if k["passed"] else "**NO**"))
    return "\n".join(rows)

def replace_block(path, text):
    p = pathlib.Path(path)
    s = p.read_text()
    new, n = re.subn(r"<!-- observed -->.*?<!-- /observed -->",
                     "<!-- observed -->\n" + text + "\n<!-- /observed -->", s, flags=re.S)
    if n == 0:
        sys.exit("%s: no <!-- observed --> block" % path)
    p.write_text(new)

report = json.load(open(sys.argv[1]))
cases = report["cases"]
root = pathlib.Path(__file__).resolve().parent.parent
for prefix, folder in FOLDERS:
    mine = [c for c in cases if c["name"].startswith(prefix)]
    if mine:
        notes = "\n".join("- `%s`: %s" % (c["name"], "; ".join(c["notes"])) for c in mine)
        replace_block(root / "Validation" / folder / "README.md",
                      "Output of `feinvert validate --all` (the run's times: %s):\n\n%s\n\n%s" % (
                          ", ".join("%s %.1f s" % (c["name"], c["seconds"]) for c in mine), table(mine), notes))
replace_block(root / "README.md", table(cases))
