// Drives the page of `painsim explore` in headless Chromium with Playwright, as a
// person would: waits for the first drawing, moves the catastrophizing slider,
// waits for the redraw and checks that the plotted pain changed; moves it three
// times quickly and checks that the last setting is the one drawn; sends the
// API one bad request and checks its 400 answer; takes a screenshot.
//
//   node explore_test.mjs --url http://127.0.0.1:PORT/ [--chromium /usr/bin/chromium]
//                         [--screenshot OUT.png] [--timeout SECONDS]
//
// Exit 0 when every check passed, 1 with the reasons otherwise, 77 (CTest's
// SKIP_RETURN_CODE) when playwright-core is not installed (npm ci in this folder)
// or Chromium is missing. Fails on any console error, uncaught page error,
// failed request (other than a request the page cancelled itself because a newer
// change replaced it) or HTTP error answer to the page.
//
// The page (report/teach.js) marks <body>: data-painsim-status="done" after the
// first drawing; data-painsim-updates counts the redraws since; -chart-digest is
// the plotted pain series; -pending is "1" while a change waits for its answer;
// -drawn-for is the request body of the result on screen.

import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";

const SKIP = 77;

function parseArgs(argv) {
  const args = { url: null, chromium: process.env.CHROMIUM || "/usr/bin/chromium", screenshot: null, timeout: 60 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === "--url") args.url = value();
    else if (flag === "--chromium") args.chromium = value();
    else if (flag === "--screenshot") args.screenshot = value();
    else if (flag === "--timeout") args.timeout = Number(value());
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: node explore_test.mjs --url URL [--chromium PATH] [--screenshot OUT.png] [--timeout SECONDS]");
      process.exit(0);
    } else {
      console.error(`explore_test: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  if (!args.url) {
    console.error("explore_test: --url is required");
    process.exit(2);
  }
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) args.timeout = 60;
  return args;
}

const args = parseArgs(process.argv.slice(2));

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (error) {
  console.log(`explore_test: SKIP: playwright-core is not installed (run npm ci in ${new URL(".", import.meta.url).pathname}): ${error.message}`);
  process.exit(SKIP);
}
if (!existsSync(args.chromium)) {
  console.log(`explore_test: SKIP: Chromium not found at ${args.chromium}; install Debian's chromium`);
  process.exit(SKIP);
}

const timeout = args.timeout * 1000;
const passed = [];
const failed = [];
const check = (ok, what) => {
  (ok ? passed : failed).push(what);
  console.log(`explore_test: ${ok ? "ok  " : "FAIL"} ${what}`);
  return ok;
};

const consoleErrors = [];
const pageErrors = [];
const failedRequests = [];
const cancelledRequests = [];
const httpErrors = [];

const browser = await chromium.launch({
  executablePath: args.chromium,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--no-first-run"],
});

let exitCode = 1;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const where = msg.location();
      consoleErrors.push(`${msg.text()}${where && where.url ? ` (${where.url}:${where.lineNumber})` : ""}`);
    }
  });
  page.on("pageerror", (error) => pageErrors.push(error.stack || String(error)));
  let apiUrl = null;
  page.on("requestfailed", (request) => {
    const reason = request.failure() ? request.failure().errorText : "failed";
    // A fetch the page aborted itself (a newer change replaced it) is by design.
    if (apiUrl && request.url() === apiUrl && /ERR_ABORTED/.test(reason)) cancelledRequests.push(request.url());
    else failedRequests.push(`${request.method()} ${request.url()}: ${reason}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) httpErrors.push(`${response.request().method()} ${response.url()}: HTTP ${response.status()}`);
  });

  const body = (name) => page.evaluate((n) => document.body.getAttribute(n), name);

  // 1. The first drawing.
  const opened = performance.now();
  await page.goto(args.url, { waitUntil: "load" });
  await page.waitForSelector('body[data-painsim-status="done"]', { state: "attached" });
  console.log(`explore_test: first drawing after ${Math.round(performance.now() - opened)} ms`);
  const api = await page.evaluate(() => JSON.parse(document.getElementById("painsim-data").textContent).api);
  apiUrl = new URL(api || "/api/simulate", args.url).href;
  const expected = Number(await body("data-painsim-charts-expected"));
  const rendered = Number(await body("data-painsim-charts-rendered"));
  check(expected > 0 && rendered === expected, `first drawing: ${rendered} of ${expected} charts rendered`);
  const digest0 = await body("data-painsim-chart-digest");
  check(Boolean(digest0), "the page shows a pain series (data-painsim-chart-digest)");
  const updates0 = Number(await body("data-painsim-updates"));

  // 2. Move the catastrophizing slider to a clearly different value.
  const slider = page.locator('input[name="catastrophizing"]');
  const range = await slider.evaluate((input) => ({ min: Number(input.min), max: Number(input.max), value: Number(input.value) }));
  const target = range.value <= (range.min + range.max) / 2 ? range.max : range.min;
  const moved = performance.now();
  try {
    await slider.fill(String(target));
  } catch (error) {
    console.log(`explore_test: fill() failed on the range input (${error.message.split("\n")[0]}); pressing ${target === range.max ? "End" : "Home"}`);
    await slider.focus();
    await page.keyboard.press(target === range.max ? "End" : "Home");
  }
  await page.waitForFunction((u) => Number(document.body.getAttribute("data-painsim-updates")) > u
    && document.body.getAttribute("data-painsim-pending") === "0", updates0);
  const redrawMs = Math.round(performance.now() - moved);
  console.log(`slider-to-redraw ms: ${redrawMs}`);
  console.log(`explore_test: status line: ${await page.locator(".painsim-status").innerText()}`);
  const digest1 = await body("data-painsim-chart-digest");
  check(digest1 && digest1 !== digest0, `the pain series changed after catastrophizing ${range.value} -> ${target}`);
  const drawnFor1 = JSON.parse((await body("data-painsim-drawn-for")) || "{}");
  check(drawnFor1.catastrophizing === target, `the drawn result is for catastrophizing ${target} (drawn for ${drawnFor1.catastrophizing})`);
  check(!(await page.locator(".painsim-error-banner").isVisible()), "no error banner after a good change");

  // 3. Three quick moves: the last one must be what is drawn in the end.
  const updates1 = Number(await body("data-painsim-updates"));
  const quick = [0.2, 0.8, 0.35].map((f) => Number((range.min + f * (range.max - range.min)).toFixed(2)));
  for (const value of quick) {
    await slider.fill(String(value));
    await page.waitForTimeout(170);
  }
  await page.waitForFunction((u) => Number(document.body.getAttribute("data-painsim-updates")) > u
    && document.body.getAttribute("data-painsim-pending") === "0", updates1);
  const drawnFor2 = JSON.parse((await body("data-painsim-drawn-for")) || "{}");
  const last = await slider.evaluate((input) => Number(input.value)); // the value as the slider snapped it
  check(drawnFor2.catastrophizing === last,
    `after quick moves ${quick.join(", ")} the last is drawn (drawn for ${drawnFor2.catastrophizing}; `
    + `${cancelledRequests.length} stale request(s) cancelled)`);

  // 4. A bad request straight to the API: 400 with a JSON error message.
  const bad = await page.request.post(apiUrl, { data: { catastrophizing: "high" }, failOnStatusCode: false });
  let badJson = null;
  try { badJson = await bad.json(); } catch (_) { badJson = null; }
  check(bad.status() === 400 && badJson && typeof badJson.error === "string" && badJson.error.length > 0,
    `POST ${apiUrl} {"catastrophizing":"high"} -> HTTP ${bad.status()} ${badJson ? JSON.stringify(badJson) : "(no JSON)"}`);

  // 5. The page's own error count, and a screenshot.
  check((await body("data-painsim-errors")) === "0", `the page captured ${await body("data-painsim-errors")} error(s)`);
  if (args.screenshot) {
    await page.screenshot({ path: args.screenshot, fullPage: true });
    console.log(`explore_test: screenshot ${args.screenshot}`);
  }
  await context.close();

  check(consoleErrors.length === 0, `${consoleErrors.length} console error(s)`);
  check(pageErrors.length === 0, `${pageErrors.length} uncaught page error(s)`);
  check(failedRequests.length === 0, `${failedRequests.length} failed request(s)`);
  check(httpErrors.length === 0, `${httpErrors.length} HTTP error answer(s) to the page`);
  for (const [what, list] of [["console error", consoleErrors], ["page error", pageErrors],
    ["failed request", failedRequests], ["HTTP error", httpErrors]]) {
    for (const item of list.slice(0, 20)) console.log(`explore_test:   ${what}: ${item}`);
  }
  exitCode = failed.length ? 1 : 0;
} catch (error) {
  failed.push(`the test could not run to its end: ${error.message}`);
  console.log(`explore_test: FAIL the test could not run to its end: ${error.stack || error}`);
  for (const item of [...consoleErrors, ...pageErrors].slice(0, 20)) console.log(`explore_test:   page: ${item}`);
  exitCode = 1;
} finally {
  await browser.close();
}

console.log(`explore_test: ${exitCode === 0 ? "PASS" : "FAIL"}${failed.length ? `: ${failed.join("; ")}` : ""}`);
console.log(`explore_test: ${passed.length} passed, ${failed.length} failed`);
process.exit(exitCode);
