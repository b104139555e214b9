#!/usr/bin/env python3
"""Fits the size of each psychological programme's session effects to its
published effects (intervention priors I1-I3, scenarios/trials/*.toml).

For CBT and ACT one factor k scales the per-session effects on the mechanisms they
target together (their ratios are the mechanism design, docs/care.md), fitted to
the programme's primary published effect. A programme may also name secondary
fields (a direct session effect on the mood or anxiety trait), each fitted on its
own to one more published effect. Every fit is a bisection on the log of the value
so that the simulated trial's standardized mean difference at the end of treatment
(week 12) equals the published one; the primary and the secondary fits are run in
turn, twice, since each moves the other's outcome a little. A target that even
the largest allowed value cannot reach is reported: for k the library values are
kept; a secondary field takes its largest allowed value (SECONDARY_MAX), the one
closest to the target.
Fitted values are written into scenarios/programmes.toml. The other outcomes of
the same priors are checked, not fitted, by tests/science/CareTest.cpp.

Usage: python3 scripts/calibrate_programmes.py PAINSIM [PEOPLE [PROGRAMME...]]
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
SESSION_FIELDS = ["catastrophizing", "self_efficacy", "stress", "acceptance", "sleep", "mood",
                  "worry", "exposure"]
# programme: (measure, published SMD, source) of the primary effect, fitted by k.
TARGETS = {
    "cbt": ("pcs", -0.53, "I1: catastrophizing, Williams et al. 2012"),
    "act": ("acceptance", 0.67, "I2: acceptance, ACT meta-analysis of 21 RCTs"),
}
# programme: {field: (measure, published SMD, source)}, each field fitted on its own.
SECONDARY = {
    "cbt": {"mood": ("phq9", -0.38, "I1: depression, Williams et al. 2012")},
    "act": {"mood": ("phq9", -0.74, "I2: depression, ACT meta-analysis of 21 RCTs"),
            "worry": ("gad7", -0.35, "I2: anxiety, ACT meta-analysis of 21 RCTs")},
    # Mindfulness: only its work on worry and low mood is fitted; its other effects stay
    # assumptions (one factor over all of them, fitted to anxiety, made it 4.5 times
    # stronger in every mechanism and dominant in every comparison, on no evidence but
    # I3's GAD-7).
    "mindfulness": {"worry": ("gad7", -0.38, "I3: anxiety, Goyal et al. 2014"),
                    "mood": ("phq9", -0.30, "I3: depression, Goyal et al. 2014")},
}
# Programmes without a prior of their own that share a fitted programme's sizes:
# each of their fields is the leader's fitted value times the follower's library
# ratio to the leader's library value (group CBT: a little weaker per session).
FOLLOWERS = {"cbt_group": "cbt"}
ROUNDS = 2
# The largest share of a gap one session of direct work on mood or worry may close
# (assumption): with it, eight sessions leave 0.4% of the vulnerability.
SECONDARY_MAX = 0.5


def smd(painsim, programme, fields, measure, people):
    sets = [f"population.size={people}"]
    sets += [f"programme.{programme}.{k}={v:.6g}" for k, v in fields.items()]
    args = [painsim, "compare", str(ROOT / "scenarios" / "trials" / f"{programme}.toml"),
            "--format", "csv"]
    for s in sets:
        args += ["--set", s]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    for row in csv.DictReader(io.StringIO(out)):
        if row["week"] == "12" and row["statistic"] == "smd" and row["measure"] == measure:
            return float(row["estimate"])
    raise RuntimeError(f"no SMD row for {measure}")


def scaled(base, k):
    return {f: min(1.0, k * v) for f, v in base.items()}


def bisect(label, evaluate, target, lo, hi, keep=True):
    """The x in [lo, hi] (searched on log x) at which evaluate(x) equals the target.
    When even evaluate(hi) falls short: None if keep (the library value stays),
    else hi, the value closest to the target. Larger x, larger effect."""
    top = evaluate(hi)
    if abs(top) < abs(target):
        print(f"  {label}: unreachable: SMD {top:.4f} at the largest allowed value {hi:.4g} "
              f"(target {target}); " + ("the library value is kept" if keep else
                                        "the largest allowed value is taken"), flush=True)
        return None if keep else hi
    a, b = math.log(lo), math.log(hi)
    for _ in range(10):
        mid = 0.5 * (a + b)
        value = evaluate(math.exp(mid))
        print(f"  {label}: {math.exp(mid):.4g} -> SMD {value:.4f} (target {target})", flush=True)
        if abs(value) < abs(target):
            a = mid
        else:
            b = mid
    return math.exp(0.5 * (a + b))


def fit_programme(painsim, programme, library, people):
    """The fields of one programme that were fitted: its primary session fields
    scaled by k, and its secondary fields one by one, in turn for ROUNDS rounds."""
    own = library[programme]
    targets = SECONDARY.get(programme, {})
    base = {f: float(own[f]) for f in SESSION_FIELDS if f in own and f not in targets}
    secondary = {f: float(own[f]) for f in targets}
    fitted, done = dict(base), set()
    rounds = ROUNDS if len(secondary) + (programme in TARGETS) > 1 else 1
    for _ in range(rounds):
        if programme in TARGETS:
            measure, target, _ = TARGETS[programme]
            kmax = max(1.0 / v for v in base.values() if v > 0)
            k = bisect(f"{programme} k",
                       lambda k: smd(painsim, programme, {**scaled(base, k), **secondary},
                                     measure, people), target, 0.05, kmax)
            if k is not None:
                fitted = scaled(base, k)
                done |= set(base)
        for field, (measure, target, _) in targets.items():
            value = bisect(f"{programme} {field}",
                           lambda v: smd(painsim, programme, {**fitted, **secondary, field: v},
                                         measure, people), target, 1e-3, SECONDARY_MAX,
                           keep=False)
            if value is not None:
                secondary[field] = value
                done.add(field)
    return {f: v for f, v in {**fitted, **secondary}.items() if f in done}


def note(value):
    return ("fitted, at its allowed maximum (target not reached)" if value >= SECONDARY_MAX
            else "fitted")


def write_back(programme, fields):
    text = LIBRARY.read_text()
    start = text.index(f"[programme.{programme}]")
    end = text.find("\n[programme.", start + 1)
    end = len(text) if end < 0 else end
    section = text[start:end]
    for f, v in fields.items():
        section, n = re.subn(rf"(?m)^{f} = [0-9.eE+-]+.*$",
                             f"{f} = {v:.4g}    # {note(v)}: scripts/calibrate_programmes.py", section)
        assert n == 1, (programme, f)
    LIBRARY.write_text(text[:start] + section + text[end:])


def main():
    painsim = sys.argv[1]
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    library = tomllib.loads(LIBRARY.read_text())["programme"]
    only = sys.argv[3:] or list(dict.fromkeys([*TARGETS, *SECONDARY]))
    for programme in only:
        fields = fit_programme(painsim, programme, library, people)
        write_back(programme, fields)
        print(f"{programme}: {fields}", flush=True)
        for follower, leader in FOLLOWERS.items():
            if leader == programme:
                own = {f: float(library[follower][f]) * v / float(library[leader][f])
                       for f, v in fields.items()
                       if f in library[follower] and float(library[leader][f]) > 0}
                write_back(follower, own)
                print(f"{follower}: as {leader}, {own}", flush=True)


if __name__ == "__main__":
    main()
