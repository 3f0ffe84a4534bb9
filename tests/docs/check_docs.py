#!/usr/bin/env python3
"""Docs checks: the README's example is examples/quickstart.cpp verbatim, and every error token
the headers use is documented in docs/errors.md (and every documented token is used)."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
failures = []

readme = (root / "README.md").read_text(encoding="utf-8")
quickstart = (root / "examples" / "quickstart.cpp").read_text(encoding="utf-8")
m = re.search(r"<!-- quickstart:begin -->\s*```cpp\n(.*?)```\s*<!-- quickstart:end -->", readme, re.S)
if not m:
    failures.append("README.md has no ```cpp block between <!-- quickstart:begin --> and <!-- quickstart:end -->")
elif m.group(1) != quickstart:
    failures.append("README.md's quickstart block differs from examples/quickstart.cpp; copy the file into it")

used = set()
for p in (root / "include").rglob("*.hpp"):
    used |= set(re.findall(r"\[(SCION_[A-Z_]+)\]", p.read_text(encoding="utf-8")))
errors_md = (root / "docs" / "errors.md").read_text(encoding="utf-8")
documented = set(re.findall(r"^#+\s*`?(SCION_[A-Z_]+)`?", errors_md, re.M))
for t in sorted(used - documented):
    failures.append(f"token {t} is used in include/ but has no heading in docs/errors.md")
for t in sorted(documented - used):
    failures.append(f"docs/errors.md documents {t}, which no header uses")
if not used:
    failures.append("no [SCION_...] tokens found in include/: the check is broken")
# The catalogue at the top of detail/diagnostics.hpp lists exactly the tokens in use.
diag = (root / "include" / "scion" / "detail" / "diagnostics.hpp").read_text(encoding="utf-8")
catalogue = set(re.findall(r"^//\s+(SCION_[A-Z_]+)\s", diag, re.M))
for t in sorted(used - catalogue):
    failures.append(f"token {t} is used in include/ but missing from the list in detail/diagnostics.hpp")
for t in sorted(catalogue - used):
    failures.append(f"detail/diagnostics.hpp lists {t}, which no header uses")

# Pages that say their code is quoted from examples/: every ```cpp block is in an example verbatim.
examples = [p.read_text(encoding="utf-8") for p in (root / "examples").glob("*.cpp")]
for page in ["functional.md", "clone.md", "dynamic.md", "files.md"]:
    text = (root / "docs" / page).read_text(encoding="utf-8")
    for block in re.findall(r"```cpp\n(.*?)```", text, re.S):
        if not any(block in e for e in examples):
            first = block.strip().splitlines()[0] if block.strip() else ""
            failures.append(f"docs/{page}: a cpp block is not quoted verbatim from examples/: {first!r}")

for f in failures:
    print("FAIL:", f)
print(f"checked README quickstart and {len(used)} error tokens")
sys.exit(1 if failures else 0)
