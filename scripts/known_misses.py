#!/usr/bin/env python3
"""Regenerates tests/science/KnownMisses.inc from the validation table in
docs/calibration.md (written by scripts/calibrate.sh from `painsim validate
--patients 100000`): every FAIL row becomes a known miss, which the science test
`Science.ValidateMeetsThePublishedTargetsNotListedAsKnownMisses` lets fail at its
smaller size; every other component must pass there.

Usage: python3 scripts/known_misses.py
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN = "<!-- BEGIN VALIDATION (generated: scripts/calibrate.sh) -->"
END = "<!-- END VALIDATION -->"


def failing_components(doc: str) -> list[str]:
    table = doc[doc.index(BEGIN) + len(BEGIN) : doc.index(END)]
    misses = []
    for line in table.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[-1] == "FAIL":
            misses.append(f"{fields[0]}/{fields[1]}")
    return misses


def main() -> int:
    doc = (ROOT / "docs" / "calibration.md").read_text()
    misses = failing_components(doc)
    header = (
        "// Components of C1-C13 that the calibrated defaults miss at 100,000 people per cohort\n"
        "// (painsim validate; docs/calibration.md says why). Regenerated from the validation\n"
        "// table of docs/calibration.md by scripts/known_misses.py.\n"
    )
    out = ROOT / "tests" / "science" / "KnownMisses.inc"
    out.write_text(header + "".join(f'    "{m}",\n' for m in misses))
    print(f"{len(misses)} known misses written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
