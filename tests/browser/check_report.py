#!/usr/bin/env python3
"""Opens a painsim report page in headless Chromium and checks that it drew.

    check_report.py --html PAGE.html --screenshot OUT.png [--chromium /usr/bin/chromium]
                    [--min-charts N] [--timeout SECONDS] [--width PIXELS]

Two Chromium runs, each with a fresh temporary profile, no network (every host
name resolves to nothing, so a page that tried to fetch anything would log an
error) and a time limit:

1. --dump-dom: the DOM after the page's scripts ran (Chromium's virtual time
   lets timers and animation frames run without waiting in real time). The
   page (report/report.js) marks <body> when every chart has settled:
   data-painsim-status, -charts-expected, -charts-rendered, -errors, and
   -page-height (used to size the screenshot).
2. --screenshot at the page's full height, to see that something was drawn.

The check fails (exit 1, with the reasons) unless: the status is "done"; every
expected chart rendered and there are at least --min-charts; the page captured
no error (console.error, uncaught exceptions, unhandled rejections, failed
charts) and #painsim-errors is empty; every .painsim-chart element holds an
<svg>; Chromium's own log shows no uncaught exception or failed load; and the
screenshot is not blank (thresholds below). Exit 77 (CTest's SKIP_RETURN_CODE
by convention) when Chromium or PIL is not installed. Uses the standard library
and PIL only.

Console messages in Chromium's log: with --enable-logging=stderr --v=0, headless
Chromium writes every console message of the page to stderr as
'INFO:CONSOLE...] "text", source: URL (line)', whatever its level: the log does
not say whether a message was an error or a warning. So the check relies on the
page's own capture (installed before the libraries load) for console.error and
console.warn, and takes from the log only what is an error whatever the level:
"Uncaught ..." (an exception nobody caught, even one thrown before the capture
was installed or after the DOM was read) and "Failed to load resource". The
other console lines are printed when the check fails.
"""

import argparse
import html.parser
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# Screenshot thresholds. A report page is mostly white: text, tables and charts
# cover roughly 5-15% of it, and the charts bring saturated colours (the arms'
# colours, bands, class bars). A page that failed to draw is white, or white
# with a few lines of grey text.
#  - MIN_INK: share of pixels that differ from the background (the most common
#    colour) by more than INK_DELTA in some channel. 1% is far below any real
#    report (the smallest page, one chart and a few tables, has about 4%) and
#    far above a blank or "could not be drawn" page (well under 0.5%).
#  - MIN_COLOUR_PIXELS: share of "colourful" pixels (HSV saturation >= 64 and
#    value >= 64): what data marks in colour look like; grey text and rules
#    have none. 0.05% is a few thousand pixels of a tall page, about one line
#    or a small legend; a report with charts has many times that.
#  - MIN_COLOURS: distinct colours (4 bits per channel) each covering at least
#    0.005% of the page. Antialiased text alone gives a handful of greys; a page
#    with charts gives dozens.
INK_DELTA = 24
MIN_INK = 0.01
MIN_COLOUR_PIXELS = 0.0005
MIN_COLOURS = 8
MAX_SCREENSHOT_HEIGHT = 16384  # Chromium's largest surface in one capture

CONSOLE_LINE = re.compile(r':INFO:CONSOLE(?:\(\d+\)|:\d+)?\] "(?P<text>.*)", source: (?P<source>.*)$')
CONSOLE_ERRORS = re.compile(r"^(Uncaught|Failed to load resource)")


def fail_lines(prefix, text, limit=40):
    lines = text.splitlines()
    out = [f"{prefix}{line}" for line in lines[:limit]]
    if len(lines) > limit:
        out.append(f"{prefix}... ({len(lines) - limit} more lines)")
    return out


class PageParser(html.parser.HTMLParser):
    """Reads what the check needs from Chromium's serialized DOM."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body = None
        self.charts = []          # [name, has_svg]
        self.texts = {"painsim-errors": [], "painsim-warnings": []}
        self.stack = []           # open elements: (tag, chart index or None, text id or None)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body" and self.body is None:
            self.body = a
        if tag == "svg":
            for _, chart, _ in self.stack:
                if chart is not None:
                    self.charts[chart][1] = True
        chart = None
        classes = (a.get("class") or "").split()
        if "painsim-chart" in classes:
            self.charts.append([a.get("data-chart") or "?", False])
            chart = len(self.charts) - 1
        text_id = a.get("id") if a.get("id") in self.texts else None
        if tag not in self.VOID:
            self.stack.append((tag, chart, text_id))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        for _, _, text_id in self.stack:
            if text_id is not None:
                self.texts[text_id].append(data)


def chromium_command(chromium, profile, width, height, extra):
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--mute-audio",
        # No network: any host name fails to resolve (file:// needs none).
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ] + extra


def run_chromium(command, timeout, env, what):
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "", f"Chromium did not finish the {what} within {timeout} s"
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        return None, stderr, f"Chromium failed the {what} (exit {result.returncode})"
    return result.stdout.decode("utf-8", "replace"), stderr, None


def console_messages(stderr):
    messages = []
    for line in stderr.splitlines():
        m = CONSOLE_LINE.search(line)
        if m:
            messages.append((m.group("text"), m.group("source")))
    return messages


def analyse_png(path):
    """(width, height, ink fraction, colourful fraction, distinct colours) of a PNG."""
    from PIL import Image, ImageChops

    with Image.open(path) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    total = width * height
    # Background: the most common colour of a 4x smaller copy (white for a report).
    small = rgb.reduce(4) if min(width, height) >= 8 else rgb
    colours = small.getcolors(small.size[0] * small.size[1])
    background = max(colours)[1]
    diff = ImageChops.difference(rgb, Image.new("RGB", rgb.size, background))
    channel_max = ImageChops.lighter(ImageChops.lighter(*diff.split()[:2]), diff.split()[2])
    ink = sum(channel_max.histogram()[INK_DELTA + 1:]) / total
    h, s, v = rgb.convert("HSV").split()
    bright = v.point(lambda x: 255 if x >= 64 else 0)
    colourful = sum(s.histogram(mask=bright)[64:]) / total
    quantised = rgb.point(lambda x: x & 0xF0)
    counts = quantised.getcolors(total) or []
    floor = max(20, total * 0.00005)
    distinct = sum(1 for count, _ in counts if count >= floor)
    return width, height, ink, colourful, distinct


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", required=True, help="the report page")
    parser.add_argument("--screenshot", required=True, help="where to write the PNG")
    parser.add_argument("--chromium", default=None, help="Chromium executable (default: chromium on PATH, else /usr/bin/chromium)")
    parser.add_argument("--min-charts", type=int, default=1, help="fewest charts the page must have drawn (default 1)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed for each Chromium run (default 120)")
    parser.add_argument("--width", type=int, default=1280, help="window width in CSS pixels (default 1280)")
    parser.add_argument("--budget", type=int, default=60000, help="virtual time budget in ms (default 60000)")
    args = parser.parse_args()

    page = pathlib.Path(args.html).resolve()
    if not page.is_file():
        print(f"check_report: FAIL: no such page: {page}", file=sys.stderr)
        return 1
    chromium = args.chromium or shutil.which("chromium") or "/usr/bin/chromium"
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)) and not shutil.which(chromium):
        print(f"check_report: SKIP: Chromium not found ({chromium}); install Debian's chromium", file=sys.stderr)
        return SKIP
    try:
        import PIL  # noqa: F401
    except ImportError:
        print(f"check_report: SKIP: {sys.executable} has no PIL; install python3-pil (or run /usr/bin/python3)",
              file=sys.stderr)
        return SKIP

    screenshot = pathlib.Path(args.screenshot).resolve()
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    if screenshot.exists():
        screenshot.unlink()
    url = page.as_uri()
    failures = []
    console = []

    with tempfile.TemporaryDirectory(prefix="painsim-chromium-") as tmp:
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp)

        # 1. The DOM after the scripts ran.
        dom, stderr, error = run_chromium(
            chromium_command(chromium, os.path.join(tmp, "dom"), args.width, 1000,
                             [f"--virtual-time-budget={args.budget}", "--dump-dom", url]),
            args.timeout, env, "DOM dump")
        if error:
            print(f"check_report: FAIL: {error}", file=sys.stderr)
            print("\n".join(fail_lines("  chromium: ", stderr)), file=sys.stderr)
            return 1
        console += console_messages(stderr)
        dom_parser = PageParser()
        dom_parser.feed(dom)
        dom_parser.close()
        body = dom_parser.body or {}

        status = body.get("data-painsim-status")
        if status != "done":
            failures.append(f"body data-painsim-status is {status!r}, not 'done' (the page did not finish drawing)")

        def number(name):
            try:
                return int(body.get(name, ""))
            except ValueError:
                return None

        expected = number("data-painsim-charts-expected")
        drawn = number("data-painsim-charts-rendered")
        errors = number("data-painsim-errors")
        warnings = number("data-painsim-warnings")
        if expected is None or drawn is None:
            failures.append("body has no data-painsim-charts-expected / -rendered")
        else:
            if drawn != expected:
                failures.append(f"{drawn} of {expected} charts rendered")
            if expected < args.min_charts:
                failures.append(f"{expected} charts expected, fewer than --min-charts {args.min_charts}")
        if errors is None:
            failures.append("body has no data-painsim-errors")
        elif errors != 0:
            failures.append(f"the page captured {errors} error(s)")
        error_text = "".join(dom_parser.texts["painsim-errors"]).strip()
        if error_text:
            failures.append("#painsim-errors is not empty:")
            failures += fail_lines("    ", error_text)
        without_svg = [name for name, has_svg in dom_parser.charts if not has_svg]
        if without_svg:
            failures.append(f"{len(without_svg)} .painsim-chart element(s) without an <svg>: {', '.join(without_svg)}")
        if len(dom_parser.charts) != (expected or 0):
            failures.append(f"{len(dom_parser.charts)} .painsim-chart elements in the DOM, the page counted {expected}")

        # 2. The screenshot, the whole page tall.
        height = number("data-painsim-page-height") or 2000
        height = max(600, min(height, MAX_SCREENSHOT_HEIGHT))
        _, stderr, error = run_chromium(
            chromium_command(chromium, os.path.join(tmp, "shot"), args.width, height,
                             [f"--virtual-time-budget={args.budget}", f"--screenshot={screenshot}", url]),
            args.timeout, env, "screenshot")
        console += console_messages(stderr)
        if error:
            failures.append(error)
            failures += fail_lines("  chromium: ", stderr)

    console = list(dict.fromkeys(console))  # both runs log the same messages
    bad_console = [text for text, _ in console if CONSOLE_ERRORS.match(text)]
    if bad_console:
        failures.append("Chromium's log shows errors:")
        failures += ["    " + text for text in bad_console]

    summary = ""
    if not screenshot.is_file() or screenshot.stat().st_size == 0:
        failures.append(f"no screenshot was written to {screenshot}")
    else:
        try:
            width, height, ink, colourful, distinct = analyse_png(screenshot)
        except Exception as exc:  # a truncated or unreadable PNG
            failures.append(f"the screenshot could not be read: {exc}")
        else:
            summary = (f"screenshot {width}x{height}: {ink:.1%} non-background, {colourful:.2%} in colour, "
                       f"{distinct} colours")
            if ink < MIN_INK or colourful < MIN_COLOUR_PIXELS or distinct < MIN_COLOURS:
                failures.append(f"the screenshot looks blank: {summary} (need >= {MIN_INK:.0%} non-background, "
                                f">= {MIN_COLOUR_PIXELS:.2%} in colour, >= {MIN_COLOURS} colours)")

    if failures:
        print(f"check_report: FAIL: {page}", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        warning_text = "".join(dom_parser.texts["painsim-warnings"]).strip()
        if warning_text:
            print("  warnings captured by the page:", file=sys.stderr)
            print("\n".join(fail_lines("    ", warning_text)), file=sys.stderr)
        if console:
            print("  console messages in Chromium's log:", file=sys.stderr)
            for text, source in console[:40]:
                print(f"    {text}  [{source}]", file=sys.stderr)
        if summary and not any(summary in line for line in failures):
            print(f"  {summary}", file=sys.stderr)
        return 1

    note = f", {warnings} warning(s) (see #painsim-warnings)" if warnings else ""
    print(f"check_report: OK: {drawn}/{expected} charts rendered, 0 errors{note}; {summary} ({screenshot})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
