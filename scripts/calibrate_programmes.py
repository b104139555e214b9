#!/usr/bin/env python3
"""Fits the size of each psychological programme's session effects to its
published primary effect (intervention priors I1-I4, scenarios/trials/*.toml).

For each programme one factor k scales all of its per-session effects together
(their ratios are the mechanism design, docs/care.md); k is found by bisection on
log k so that the simulated trial's standardized mean difference at the end of
treatment (week 12) equals the published one. Fitted values are written into
scenarios/programmes.toml. Other outcomes of the same priors are checked, not
fitted, by tests/science/CareTest.cpp.

Usage: python3 scripts/calibrate_programmes.py PAINSIM [PEOPLE]
"""
import csv
import io
import math
import pathlib
import re
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "scenarios" / "programmes.toml"
SESSION_FIELDS = ["catastrophizing", "self_efficacy", "stress", "acceptance", "sleep", "exposure"]
# programme: (measure, published SMD, source)
TARGETS = {
    "cbt": ("pcs", -0.53, "I1: catastrophizing, Williams et al. 2012"),
    "act": ("acceptance", 0.67, "I2: acceptance, ACT meta-analysis of 21 RCTs"),
    "mindfulness": ("gad7", -0.38, "I3: anxiety, Goyal et al. 2014"),
}
# Programmes without a prior of their own that share a fitted programme's factor.
FOLLOWERS = {"cbt_group": "cbt"}


def smd(painsim, programme, fields, people):
    sets = [f"population.size={people}"]
    sets += [f"programme.{programme}.{k}={v:.6g}" for k, v in fields.items()]
    args = [painsim, "compare", str(ROOT / "scenarios" / "trials" / f"{programme}.toml"),
            "--format", "csv"]
    for s in sets:
        args += ["--set", s]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    for row in csv.DictReader(io.StringIO(out)):
        if row["week"] == "12" and row["statistic"] == "smd" and row["measure"] == TARGETS[programme][0]:
            return float(row["estimate"])
    raise RuntimeError("no SMD row")


def scaled(base, k):
    return {f: min(1.0, k * v) for f, v in base.items()}


def fit(painsim, programme, base, people):
    """The factor k, or None when even the largest allowed effects miss the target."""
    target = TARGETS[programme][1]
    lo, hi = math.log(0.05), math.log(50.0)
    top = smd(painsim, programme, scaled(base, max(1.0 / v for v in base.values() if v > 0)),
              people)
    if abs(top) < abs(target):
        print(f"  {programme}: unreachable: SMD {top:.4f} with every session effect at its "
              f"maximum (target {target}); the library values are kept", flush=True)
        return None
    for _ in range(10):
        mid = 0.5 * (lo + hi)
        value = smd(painsim, programme, scaled(base, math.exp(mid)), people)
        print(f"  {programme}: k = {math.exp(mid):.4g}, SMD {value:.4f} (target {target})", flush=True)
        # Larger k, larger effect in the target's direction.
        if abs(value) < abs(target):
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))


def write_back(programme, fields):
    text = LIBRARY.read_text()
    start = text.index(f"[programme.{programme}]")
    end = text.find("\n[programme.", start + 1)
    end = len(text) if end < 0 else end
    section = text[start:end]
    for f, v in fields.items():
        section, n = re.subn(rf"(?m)^{f} = [0-9.eE+-]+.*$",
                             f"{f} = {v:.4g}    # fitted: scripts/calibrate_programmes.py", section)
        assert n == 1, (programme, f)
    LIBRARY.write_text(text[:start] + section + text[end:])


def main():
    painsim = sys.argv[1]
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    library = tomllib.loads(LIBRARY.read_text())["programme"]
    for programme in TARGETS:
        base = {f: float(library[programme][f]) for f in SESSION_FIELDS if f in library[programme]}
        k = fit(painsim, programme, base, people)
        if k is None:
            continue
        fields = scaled(base, k)
        write_back(programme, fields)
        print(f"{programme}: k = {k:.4g} -> {fields}")
        for follower, leader in FOLLOWERS.items():
            if leader == programme:
                own = {f: float(library[follower][f]) for f in SESSION_FIELDS
                       if f in library[follower]}
                write_back(follower, scaled(own, k))
                print(f"{follower}: same factor as {leader}")


if __name__ == "__main__":
    main()
