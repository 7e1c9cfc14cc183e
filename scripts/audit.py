"""`make audit`: look up every pinned package of the given locks in a vulnerability
database with pip-audit, and say plainly how much was actually checked.

pip-audit reports "No known vulnerabilities found" even when it could look up nothing
(a package index without vulnerability data makes it skip every package), so this
counts what was skipped. Tries OSV first, then PyPI's data. Exit status: 0 nothing
known beyond requirements/advisories.md, 1 vulnerabilities to act on, 2 nothing or
not everything could be checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ADVISORIES = Path(__file__).resolve().parent.parent / "requirements" / "advisories.md"
SERVICES = ("osv", "pypi")


def audit(lock: str, service: str) -> dict | None:
    """pip-audit's JSON for one lock; None when the service could not be reached."""
    run = subprocess.run([sys.executable, "-m", "pip_audit", "--requirement", lock, "--disable-pip", "--no-deps",
                          "--vulnerability-service", service, "--format", "json", "--progress-spinner", "off"],
                         capture_output=True, text=True)
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError:
        return None


def known_held() -> set[str]:
    """Packages requirements/advisories.md already explains (its '### name version' headings)."""
    return {m.group(1).lower() for m in re.finditer(r"^### ([\w.-]+)", ADVISORIES.read_text(), re.M)}


def main(locks: list[str]) -> int:
    held, to_act, incomplete = known_held(), False, False
    for lock in locks:
        for service in SERVICES:
            found = audit(lock, service)
            if found is not None:
                break
        if found is None:
            print(f"{lock}: CHECKED NOTHING: neither OSV nor PyPI's vulnerability data could be reached.")
            incomplete = True
            continue
        deps = found.get("dependencies", [])
        skipped = [d for d in deps if d.get("skip_reason")]
        vulnerable = [d for d in deps if d.get("vulns")]
        checked = len(deps) - len(skipped)
        print(f"{lock} ({service}): {checked} of {len(deps)} packages checked, {len(vulnerable)} with known "
              "vulnerabilities.")
        if not checked:
            print(f"  CHECKED NOTHING: every package was skipped ({skipped[0]['skip_reason'] if skipped else 'empty'}). "
                  "'No known vulnerabilities' from pip-audit means nothing here; see requirements/advisories.md "
                  "for what is known to be held back.")
        for dep in vulnerable:
            ids = ", ".join(v["id"] for v in dep["vulns"])
            note = "explained in advisories.md" if dep["name"].lower() in held else "TO ACT ON"
            print(f"  {dep['name']} {dep['version']}: {ids} ({note})")
            to_act = to_act or note == "TO ACT ON"
        incomplete = incomplete or bool(skipped)
    return 1 if to_act else 2 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
