#!/usr/bin/env python3
"""Read a painsim result file with nothing but h5py and numpy.

Usage:
    read_results.py FILE                          per-arm summaries as tidy CSV
    read_results.py FILE --verify-trajectories    check trajectories against summaries

Layout of a result file (docs/output-format.md has the full description):

    /                       attributes: format, seed, arm_names, population_size, ...
    /parameters             the resolved model parameters (compound table)
    /recording              attributes cadence, measures; datasets days, sample_person_id
    /arms/<arm>/summary/<measure>       one row per recording day:
                                        day, n, mean, sd, p10, p50, p90 (over everyone)
    /arms/<arm>/trajectories/<measure>  float32 [person x time] for the people in
                                        /recording/sample_person_id
    /arms/<arm>/outcomes/<name>         one value per person (index = person id)

The first mode prints exactly what `painsim summarize FILE --format csv` prints:
the header `arm,week,measure,n,mean,sd,p10,p50,p90`, then one row per arm (in the
order of the root attribute arm_names), recording day and measure (in the order
of the /recording attribute measures).

The second mode needs a file in which everyone's trajectory was stored
(recording.sample = "all"). For every arm, measure and recording day it checks
that the mean of the trajectory column equals the summary mean (to 1e-5
relative) and that the summary's n equals the number of people. It prints one
line per failure and exits 1 if there was any, otherwise prints
"ok: N checks" (N = arms x measures x days) and exits 0. If the file does not
hold everyone's trajectory it exits 2.

Run it with a Python that has h5py and numpy (on Debian: /usr/bin/python3 with
python3-h5py and python3-numpy).
"""

import argparse
import math
import sys

import h5py
import numpy as np

RESULT_FORMAT = "painsim-result/1"
RELATIVE_TOLERANCE = 1e-5


def text(value):
    """HDF5 strings arrive as str or bytes depending on where they are stored."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def fail(message):
    """Bad input: one line on stderr and exit code 2, as painsim does."""
    print(f"read_results.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def open_result(path):
    try:
        f = h5py.File(path, "r")
    except OSError as error:
        fail(f"{path}: cannot open as an HDF5 file ({error})")
    if text(f.attrs.get("format", "")) != RESULT_FORMAT:
        f.close()
        fail(f"{path}: not a painsim result file "
             f"(root attribute 'format' is not {RESULT_FORMAT!r})")
    return f


def arms_and_measures(f):
    arms = [text(a) for a in f.attrs["arm_names"]]
    measures = [text(m) for m in f["recording"].attrs["measures"]]
    return arms, measures


def print_summaries_csv(f, out=sys.stdout):
    arms, measures = arms_and_measures(f)
    out.write("arm,week,measure,n,mean,sd,p10,p50,p90\n")
    for arm in arms:
        tables = {m: f[f"arms/{arm}/summary/{m}"][()] for m in measures}
        for t in range(len(tables[measures[0]])):
            for measure in measures:
                row = tables[measure][t]
                stats = (format(float(row[k]), ".9g") for k in ("mean", "sd", "p10", "p50", "p90"))
                out.write(f"{arm},{format(int(row['day']) / 7, 'g')},{measure},{int(row['n'])},"
                          + ",".join(stats) + "\n")


def verify_trajectories(f):
    people = int(f.attrs["population_size"])
    sampled = f["recording/sample_person_id"][()]
    if len(sampled) != people:
        fail(f"the file stores the trajectories of {len(sampled)} of {people} people; "
             f"--verify-trajectories needs everyone (run with --set recording.sample=all)")

    arms, measures = arms_and_measures(f)
    days = f["recording/days"][()]
    checks, failures = 0, 0
    for arm in arms:
        for measure in measures:
            summary = f[f"arms/{arm}/summary/{measure}"][()]
            # float32 values, averaged in double as the engine does.
            means = f[f"arms/{arm}/trajectories/{measure}"][()].astype(np.float64).mean(axis=0)
            for t, day in enumerate(days):
                checks += 1
                row = summary[t]
                problems = []
                if int(row["day"]) != int(day):
                    problems.append(f"summary day {int(row['day'])} != recording day {int(day)}")
                if int(row["n"]) != people:
                    problems.append(f"n = {int(row['n'])}, expected {people}")
                if not math.isclose(means[t], row["mean"], rel_tol=RELATIVE_TOLERANCE,
                                    abs_tol=1e-12):
                    problems.append(f"trajectory mean {means[t]:.9g} != summary mean "
                                    f"{float(row['mean']):.9g}")
                for problem in problems:
                    failures += 1
                    print(f"FAIL arm {arm}, measure {measure}, day {int(day)}: {problem}")
    if failures:
        return 1
    print(f"ok: {checks} checks")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print the per-arm summaries of a painsim result file as CSV, or check "
                    "its trajectories against its summaries.")
    parser.add_argument("file", help="painsim result file (.h5)")
    parser.add_argument("--verify-trajectories", action="store_true",
                        help="check that trajectory means equal the summary means "
                             "(needs recording.sample = \"all\")")
    args = parser.parse_args(argv)

    with open_result(args.file) as f:
        if args.verify_trajectories:
            return verify_trajectories(f)
        print_summaries_csv(f)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        sys.stdout = None
        sys.exit(1)
