#!/usr/bin/env python3
"""Write calibrated parameters into the parameter table, and refresh the docs.

    apply_calibration.py FITTED.toml      set the defaults of models/ParameterTable.inc
                                          to the values in FITTED.toml's [params]
    apply_calibration.py --docs PAINSIM   splice `PAINSIM params --format markdown` into
                                          docs/model.md between its table markers

Only the default column of a row changes; ranges, units and sources stay. Uses the
standard library only (tomllib, Python >= 3.11).
"""
import pathlib
import re
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLE = ROOT / "models" / "ParameterTable.inc"
MODEL_DOC = ROOT / "docs" / "model.md"
BEGIN = "<!-- BEGIN PARAMETER TABLE (generated: painsim params --format markdown) -->"
END = "<!-- END PARAMETER TABLE -->"


def apply(fitted_path):
    with open(fitted_path, "rb") as f:
        params = tomllib.load(f).get("params", {})
    if not params:
        sys.exit(f"{fitted_path}: no [params] table")
    text = TABLE.read_text()
    for key, value in params.items():
        # X(member, "key", default, min, max, ...
        pattern = re.compile(r'(X\(\w+,\s*"' + re.escape(key) + r'",\s*)([-+0-9.eE]+)(,)')
        text, n = pattern.subn(lambda m: f"{m.group(1)}{float(value):.6g}{m.group(3)}", text)
        if n != 1:
            sys.exit(f"{fitted_path}: parameter '{key}' is not in {TABLE.name} exactly once")
    # Fitted parameters (marked "# fitted" in the file) say so in their source.
    fitted = re.findall(r'^"([^"]+)"\s*=\s*\S+\s*#\s*fitted', open(fitted_path).read(), re.M)
    for key in fitted:
        row = re.compile(r'(X\(\w+,\s*"' + re.escape(key) + r'".*?"[^"]*",\s*\\?\s*"[^"]*",\s*\\?\s*")'
                         r'([^"]*)(")', re.S)
        m = row.search(text)
        if m and "fitted by painsim calibrate" not in m.group(2):
            text = text[:m.start(2)] + m.group(2) + "; fitted by painsim calibrate (docs/calibration.md)" + text[m.end(2):]
    TABLE.write_text(text)
    print(f"updated {len(params)} defaults ({len(fitted)} fitted) in {TABLE}")


def docs(painsim):
    table = subprocess.run([painsim, "params", "--format", "markdown"], check=True,
                           capture_output=True, text=True).stdout
    text = MODEL_DOC.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    MODEL_DOC.write_text(text[:start] + "\n" + table + text[end:])
    print(f"refreshed the parameter table in {MODEL_DOC}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--docs":
        docs(sys.argv[2])
    elif len(sys.argv) == 2:
        apply(sys.argv[1])
    else:
        sys.exit(__doc__)
