#!/usr/bin/env python3
"""Fan chart of one measure from a painsim result file, with h5py and matplotlib only.

Reproduces the report's fan chart (docs/report.md): for each arm, the median (p50)
line and the band from the 10th to the 90th percentile, over everyone in the arm,
by week. The numbers come straight from /arms/<arm>/summary/<measure>
(docs/output-format.md), so the plot is the same as the report's.

    python3 analysis/plot_fan_chart.py results/default.h5 -o pain.png
    python3 analysis/plot_fan_chart.py results/default.h5 --measure rmdq -o rmdq.png
    python3 analysis/plot_fan_chart.py results/default.h5 --print   # the plotted medians, CSV
"""
import argparse
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # draw to a file; no display needed
import matplotlib.pyplot as plt  # noqa: E402


def read_fans(path, measure):
    """{arm: (weeks, p10, p50, p90)} in the scenario's arm order, and the measure's unit."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("format") != "painsim-result/1":
            sys.exit(f"{path}: not a painsim result file")
        arms = [a.decode() if isinstance(a, bytes) else a for a in f.attrs["arm_names"]]
        fans, unit = {}, ""
        for arm in arms:
            name = f"arms/{arm}/summary/{measure}"
            if name not in f:
                sys.exit(f"{path}: measure '{measure}' was not recorded (see /recording measures)")
            rows = f[name][()]
            unit = f[name].attrs["units"]
            fans[arm] = (rows["day"] / 7.0, rows["p10"], rows["p50"], rows["p90"])
        return fans, unit.decode() if isinstance(unit, bytes) else unit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="painsim result file (.h5)")
    parser.add_argument("--measure", default="pain_nrs", help="recorded measure (default pain_nrs)")
    parser.add_argument("-o", "--output", default="fan_chart.png", help="image file to write")
    parser.add_argument("--print", action="store_true", help="print the plotted medians as CSV")
    args = parser.parse_args()

    fans, unit = read_fans(args.file, args.measure)
    if args.print:
        print("arm,week,p50")
        for arm, (weeks, _, p50, _) in fans.items():
            for w, m in zip(weeks, p50):
                print(f"{arm},{w:.10g},{m:.10g}")
        return

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    for arm, (weeks, p10, p50, p90) in fans.items():
        line, = ax.plot(weeks, p50, label=f"{arm} (median)", linewidth=2)
        ax.fill_between(weeks, p10, p90, color=line.get_color(), alpha=0.15, linewidth=0,
                        label=f"{arm} (10th-90th percentile)")
    ax.set_xlabel("Week")
    ax.set_ylabel(unit)
    ax.set_title(f"{args.measure}: median and 10th-90th percentile by arm")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
