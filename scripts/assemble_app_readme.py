#!/usr/bin/env python3
"""Copies each Validation/apps/NAME/README.md into README.md between <!-- apps --> and
<!-- /apps -->, in the order of shared/spec/apps.md, headings set to start at ###."""
import pathlib, re

ORDER = ["ribosome", "leaf", "soil", "quantal", "loops", "gill", "edna", "fin", "deconv", "privacy"]
root = pathlib.Path(__file__).resolve().parent.parent
parts = []
for name in ORDER:
    p = root / "Validation" / "apps" / name / "README.md"
    if not p.exists():
        continue
    text = p.read_text().strip("\n")
    levels = [len(m.group(1)) for m in re.finditer(r"^(#+) ", text, flags=re.M)]
    shift = 3 - min(levels) if levels else 0
    text = re.sub(r"^(#+) ", lambda m: "#" * (len(m.group(1)) + shift) + " ", text, flags=re.M)
    # Links relative to the app folder become relative to the repository root.
    text = re.sub(r"\]\((?!https?:|/|#)([^)]+)\)", lambda m: "](Validation/apps/%s/%s)" % (name, m.group(1)), text)
    parts.append(text)
readme = root / "README.md"
s = readme.read_text()
s = re.sub(r"<!-- apps -->.*?<!-- /apps -->", lambda m: "<!-- apps -->\n" + "\n\n".join(parts) + "\n<!-- /apps -->", s, flags=re.S)
readme.write_text(s)
