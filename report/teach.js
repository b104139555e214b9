// painsim teach / painsim explore: builds a lesson page or the explorer from the
// JSON document in the element #painsim-data. Charts with Vega-Lite (through
// vega-embed, SVG renderer); the fear-avoidance cycle is a hand-made inline SVG.
// No build step and no other library.
//
// data.kind == "lesson": one case told along two (or more) paths: a week
// slider with play/pause, the cycle diagram of each path for the chosen week,
// each path's story (sentences), small-multiple line charts of every variable,
// and what happened to 1,000 people like each of them.
//
// data.kind == "explorer": a panel of controls; every change (debounced) is
// POSTed as JSON to data.api and the result is drawn for one path.
//
// <body> attributes, as report/report.js sets them (tests/browser/check_report.py):
//   data-painsim-status="done"      after the first complete drawing
//   data-painsim-charts-expected    chart elements created (.painsim-chart)
//   data-painsim-charts-rendered    of those, the ones holding an <svg> with drawn marks
//   data-painsim-errors / -warnings messages captured by the first script of the page
//   data-painsim-page-height        the page's height in CSS pixels (for screenshots)
// and in the explorer only:
//   data-painsim-updates            redraws completed after the first drawing (0, 1, 2, ...)
//   data-painsim-chart-digest       the plotted person's pain series, joined with ","
//   data-painsim-pending            "1" while a change waits for its answer, else "0"
//   data-painsim-drawn-for          the request body (JSON) of the result on screen ("" for the initial one)
(() => {
  "use strict";

  const { log, TEXT, setAttributes, append, el, toNumber, readData: readPageData, drawChart, embedOptions, rendered } =
    window.painsimCommon;

  const root = document.getElementById("painsim-report");
  const body = document.body;

  // ---------------------------------------------------------------- constants

  const SVG_NS = "http://www.w3.org/2000/svg";

  // Paths: colours of ColorBrewer's Dark2 without its red and blue, so a path's
  // colour is never mistaken for the red and blue of the diagram's arrows.
  const PATH_COLOURS = ["#1b9e77", "#7570b3", "#d95f02", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
  const RAISES = "#c9372c"; // a link that pushes its target up this week
  const LOWERS = "#2369b3"; // a link that pushes its target down
  const IDLE = "#aab2bb";   // a link that barely acts this week
  const IDLE_SHARE = 0.02;  // below 2% of the largest |strength| in the data

  const CHART_MIN_WIDTH = 220; // plot width of a small multiple, in CSS pixels
  const CHART_MAX_WIDTH = 330;
  const CHART_EXTRA = 64;      // axis, labels and padding around the plot
  const GRID_GAP = 12;
  const CHART_HEIGHT = 140;
  const PLAY_MS = 900;
  const DEBOUNCE_MS = 150;
  const ONE = { values: [{}] };

  // The house style, with the smaller titles of the lesson's small multiples.
  const EMBED_OPTIONS = embedOptions({
    title: { subtitleFontSize: 11, offset: 6 },
    axis: { titleFontSize: 11 },
    legend: { titleFontWeight: null, symbolStrokeWidth: null },
    header: null,
  });

  // Where the nodes of the cycle sit (centres, in the diagram's 780 x 560 box):
  // the fear-avoidance cycle as a ring, what feeds it around it.
  const VIEW_W = 780;
  const VIEW_H = 560;
  const LAYOUT = {
    pain: [420, 120],
    catastrophizing: [585, 176],
    fear: [622, 320],
    activity: [510, 440],
    capacity: [320, 500],
    disability: [215, 385],
    mood: [250, 215],
    nociception: [95, 40],
    sensitization: [95, 118],
    worry: [690, 62],
    sleep: [420, 300],
    efficacy: [700, 246],
    care: [690, 525],
    stress: [85, 290],
    support: [420, 395],
    work: [85, 475],
    life: [85, 205],
  };

  // ----------------------------------------------------------------- helpers

  function svg(tag, attributes = {}, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  const note = (text) => el("p", { class: "painsim-note" }, text);
  const empty = (text) => el("p", { class: "painsim-empty" }, text);
  const message = (error) => (error && error.message ? error.message : String(error));
  const stack = (error) => (error && error.stack ? error.stack : String(error));

  const LOCALE = "en-GB";
  const formatters = new Map();
  function fixed(value, digits) {
    const x = toNumber(value);
    if (x === null) return "\u2014";
    const key = `f${digits}`;
    if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    return formatters.get(key).format(x).replace(/^-/, "\u2212");
  }

  function decimals(step) {
    const s = String(step);
    return s.includes(".") ? s.split(".")[1].length : 0;
  }

  // ------------------------------------------------------------------ the data

  const readData = () => readPageData("page");

  const list = (value) => (Array.isArray(value) ? value : []);

  // A lesson or result object made safe to draw: arrays where arrays belong,
  // numbers or null in the series, and the largest |link strength| of any link,
  // path and week (the arrows' common scale).
  function prepare(source) {
    const weeks = list(source.weeks).map(toNumber).filter((w) => w !== null);
    const variables = list(source.variables).filter((v) => v && typeof v.key === "string");
    const nodes = list(source.nodes).filter((n) => n && typeof n.key === "string");
    const links = list(source.links).filter((l) => l && typeof l.from === "string" && typeof l.to === "string");
    const paths = list(source.paths).map((p, i) => {
      const series = {};
      const band = {};
      for (const v of variables) {
        const s = p && p.series ? p.series[v.key] : null;
        series[v.key] = weeks.map((_, w) => toNumber(Array.isArray(s) ? s[w] : null));
        const b = p && p.band ? p.band[v.key] : null;
        if (b && Array.isArray(b.q10) && Array.isArray(b.q90)) {
          band[v.key] = { q10: weeks.map((_, w) => toNumber(b.q10[w])), q90: weeks.map((_, w) => toNumber(b.q90[w])),
            q50: weeks.map((_, w) => toNumber(Array.isArray(b.q50) ? b.q50[w] : null)) };
        }
      }
      const strengths = weeks.map((_, w) => {
        const row = p && Array.isArray(p.links) && Array.isArray(p.links[w]) ? p.links[w] : [];
        return links.map((_, k) => toNumber(row[k]) ?? 0);
      });
      const colourIndex = toNumber(p && p.colour_index) ?? i;
      return {
        name: String((p && p.name) || `Path ${i + 1}`),
        role: p && p.role ? String(p.role) : "",
        description: p && p.description ? String(p.description) : "",
        colour: PATH_COLOURS[((colourIndex % PATH_COLOURS.length) + PATH_COLOURS.length) % PATH_COLOURS.length],
        series,
        band,
        strengths,
        sentences: list(p && p.sentences).filter((s) => s && typeof s.text === "string")
          .map((s) => ({ week: toNumber(s.week), text: s.text })),
        events: list(p && p.events).filter((e) => e && toNumber(e.week) !== null && typeof e.text === "string")
          .map((e) => ({ week: toNumber(e.week), text: e.text })),
        cohort: p && p.cohort && typeof p.cohort === "object" ? p.cohort : null,
      };
    });
    let maxStrength = 0;
    for (const p of paths) for (const row of p.strengths) for (const x of row) maxStrength = Math.max(maxStrength, Math.abs(x));
    return { weeks, variables, nodes, links, paths, maxStrength };
  }

  // The week shown first: the one where the cycle is busiest (largest sum of
  // |strength| over links and paths), unless the address says #week=N.
  function initialWeekIndex(model) {
    const match = /(?:^#|&)week=(\d+)/.exec(window.location.hash || "");
    if (match) {
      const i = model.weeks.indexOf(Number(match[1]));
      if (i >= 0) return i;
    }
    let best = 0;
    let bestSum = -1;
    model.weeks.forEach((_, w) => {
      const sum = model.paths.reduce((acc, p) => acc + p.strengths[w].reduce((a, x) => a + Math.abs(x), 0), 0);
      if (sum > bestSum + 1e-12) { best = w; bestSum = sum; }
    });
    return best;
  }

  // ------------------------------------------------------------------ charts

  const charts = []; // { name, element, promise, view }

  function embed(element, name, spec) {
    const entry = { name, element, view: null, promise: null };
    entry.promise = drawChart(element, name, spec, EMBED_OPTIONS)
      .then((result) => { entry.view = result.view; return entry; });
    return entry;
  }

  // One record per path and week: the person's value and the band of people like them.
  function chartRows(model, variable) {
    const rows = [];
    for (const p of model.paths) {
      const band = p.band[variable.key];
      model.weeks.forEach((week, w) => {
        rows.push({
          path: p.name, week, value: p.series[variable.key][w],
          q10: band ? band.q10[w] : null, q90: band ? band.q90[w] : null,
        });
      });
    }
    return rows;
  }

  // Events of every path. Their texts (drawn on the first chart only) are packed
  // into EVENT_ROWS rows from the top, each to the right of its rule or, when it
  // does not fit there, to the left; a text that fits nowhere whole is shortened
  // to the widest gap beside its rule (the full text is in the legend and tooltip).
  const EVENT_ROWS = 3;
  const EVENT_CHAR = 5.6; // px per character at 10px
  function eventRows(model, width) {
    const rows = model.paths.flatMap((p) => p.events.map((e) => ({ path: p.name, week: e.week, full: e.text, text: e.text })));
    rows.sort((a, b) => a.week - b.week);
    const w0 = model.weeks[0] ?? 0;
    const w1 = model.weeks[model.weeks.length - 1] ?? 1;
    const taken = Array.from({ length: EVENT_ROWS }, () => []);
    // Room for a text starting 3px beside x in a row, towards the right or the left.
    const room = (row, x, right) => {
      const from = right ? x - 3 : x + 3;
      let space = right ? from : width - from;
      for (const [a, b] of taken[row]) {
        if (a - 4 < from && from < b + 4) return 0;
        if (!right && a >= from) space = Math.min(space, a - 4 - from);
        if (right && b <= from) space = Math.min(space, from - b - 4);
      }
      return Math.max(0, space);
    };
    for (const r of rows) {
      const x = ((r.week - w0) / (w1 - w0 || 1)) * width;
      const need = r.text.length * EVENT_CHAR;
      let best = null;
      for (let row = 0; row < EVENT_ROWS; row++) {
        for (const right of [false, true]) {
          const space = room(row, x, right);
          if (space >= need) { best = { row, right, space }; break; }
          if (!best || space > best.space) best = { row, right, space };
        }
        if (best && best.space >= need) break;
      }
      if (best.space < need) {
        const chars = Math.floor(best.space / EVENT_CHAR) - 1;
        r.text = chars > 3 ? `${r.full.slice(0, chars).trimEnd()}\u2026` : "";
      }
      const used = r.text.length * EVENT_CHAR;
      taken[best.row].push(best.right ? [x - 3 - used, x - 3] : [x + 3, x + 3 + used]);
      r.row = best.row;
      r.right = best.right;
    }
    return rows;
  }

  function yDomain(variable, rows) {
    let lo = toNumber(variable.min);
    let hi = toNumber(variable.max);
    const values = rows.flatMap((r) => [r.value, r.q10, r.q90]).filter((x) => x !== null);
    if (lo === null) lo = Math.min(0, ...values);
    if (hi === null) hi = Math.max(lo + 1, ...values);
    return hi > lo ? [lo, hi] : [lo, lo + 1];
  }

  function unitText(variable) {
    return variable.unit ? String(variable.unit) : "";
  }

  // A line chart of one variable: every path's person as a line, the 10th to
  // 90th percentile of people like them as a band, events as dashed rules with
  // their text, and the current week as a rule (the parameter current_week, so
  // moving the week changes a signal instead of redrawing the chart).
  function lineSpec(model, variable, week, labels, width) {
    const rows = chartRows(model, variable);
    const events = eventRows(model, width);
    const names = model.paths.map((p) => p.name);
    const colour = { field: "path", type: "nominal", title: null, legend: null,
      scale: { domain: names, range: model.paths.map((p) => p.colour) } };
    const x = { field: "week", type: "quantitative", title: "Week",
      scale: { domain: [model.weeks[0], model.weeks[model.weeks.length - 1]], nice: false },
      axis: { tickMinStep: 1, values: weekTicks(model.weeks) } };
    const y = { field: "value", type: "quantitative", title: null,
      scale: { domain: yDomain(variable, rows), nice: false, clamp: true }, axis: { tickCount: 5 } };
    const digits = (toNumber(variable.max) ?? 100) - (toNumber(variable.min) ?? 0) <= 10 ? 1 : 0;
    const format = digits ? ".1f" : ".0f";
    return {
      title: { text: variable.label || variable.key, subtitle: unitText(variable) },
      width,
      height: CHART_HEIGHT,
      params: [{ name: "current_week", value: week }],
      datasets: { rows, events },
      data: { name: "rows" },
      encoding: { x },
      layer: [
        {
          transform: [{ filter: "isValid(datum.q10) && isValid(datum.q90)" }],
          mark: { type: "area", opacity: 0.16 },
          encoding: { y: { ...y, field: "q10" }, y2: { field: "q90" }, color: colour },
        },
        {
          data: { name: "events" },
          mark: { type: "rule", strokeDash: [4, 3], strokeWidth: 1.2, opacity: 0.85 },
          encoding: { x: { field: "week", type: "quantitative" }, color: colour },
        },
        // Event texts in rows from the top of the plot (pixel offsets, no y scale).
        ...(labels ? Array.from({ length: EVENT_ROWS * 2 }, (_, k) => {
          const row = k >> 1;
          const right = Boolean(k & 1);
          return {
            data: { name: "events" },
            transform: [{ filter: `datum.row == ${row} && ${right ? "datum.right" : "!datum.right"}` }],
            mark: { type: "text", align: right ? "right" : "left", baseline: "top", dx: right ? -3 : 3, dy: 2 + 12 * row,
              fontSize: 10, fontWeight: 600 },
            encoding: { x: { field: "week", type: "quantitative" }, y: { value: 0 }, text: { field: "text" }, color: colour,
              tooltip: [{ field: "path", title: "Path" }, { field: "week", type: "quantitative", title: "Week" }, { field: "full", title: "Event" }] },
          };
        }) : []),
        {
          transform: [{ filter: "isValid(datum.value)" }],
          mark: { type: "line", strokeWidth: 2.4 },
          encoding: { y, color: colour },
        },
        {
          data: ONE,
          transform: [{ calculate: "current_week", as: "week" }],
          mark: { type: "rule", color: TEXT, strokeWidth: 1.5, opacity: 0.7 },
          encoding: { x: { field: "week", type: "quantitative" } },
        },
        {
          transform: [{ filter: "isValid(datum.value) && datum.week == current_week" }],
          mark: { type: "point", filled: true, size: 60, opacity: 1, stroke: "white", strokeWidth: 1 },
          encoding: {
            y, color: colour,
            tooltip: [
              { field: "path", title: "Path" },
              { field: "week", type: "quantitative", title: "Week" },
              { field: "value", type: "quantitative", format, title: variable.label || variable.key },
              { field: "q10", type: "quantitative", format, title: "People like them, 10th percentile" },
              { field: "q90", type: "quantitative", format, title: "People like them, 90th percentile" },
            ],
          },
        },
      ],
    };
  }

  function weekTicks(weeks) {
    if (!weeks.length) return [];
    const first = weeks[0];
    const last = weeks[weeks.length - 1];
    const step = last - first > 30 ? 8 : last - first > 12 ? 4 : 2;
    const ticks = [];
    for (let w = Math.ceil(first / step) * step; w <= last; w += step) ticks.push(w);
    return ticks;
  }

  // ----------------------------------------------------------------- diagram

  // Rough text width at 13px semibold (no layout pass needed).
  const labelWidth = (text) => Math.max(72, Math.round(String(text).length * 8.3) + 22);
  const BOX_H = 46;

  function nodePositions(model) {
    const positions = new Map();
    const extra = [];
    for (const n of model.nodes) {
      if (LAYOUT[n.key]) positions.set(n.key, { x: LAYOUT[n.key][0], y: LAYOUT[n.key][1] });
      else extra.push(n);
    }
    // Nodes this layout does not know go along the top edge, from the middle.
    extra.forEach((n, i) => positions.set(n.key, { x: 300 + (i % 4) * 120, y: 22 + Math.floor(i / 4) * 46 }));
    for (const n of model.nodes) {
      const p = positions.get(n.key);
      p.w = labelWidth(n.label || n.key);
      p.h = BOX_H;
    }
    return positions;
  }

  // Where the ray from a box's centre in direction (dx, dy) leaves the box.
  function boxExit(p, dx, dy, gap) {
    const hw = p.w / 2 + gap;
    const hh = p.h / 2 + gap;
    const t = Math.min(dx ? hw / Math.abs(dx) : Infinity, dy ? hh / Math.abs(dy) : Infinity);
    return { x: p.x + dx * t, y: p.y + dy * t };
  }

  // A curved arrow from box a to box b: a quadratic curve bent to the left of
  // its direction (so a -> b and b -> a do not overlap), its end shortened to
  // leave room for the head; the head is a triangle sized with the stroke.
  function arrowGeometry(a, b, width) {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = Math.hypot(dx, dy) || 1;
    const bend = Math.min(60, length * 0.16);
    const c = { x: (a.x + b.x) / 2 - (dy / length) * bend, y: (a.y + b.y) / 2 + (dx / length) * bend };
    const start = boxExit(a, c.x - a.x, c.y - a.y, 2);
    const tip = boxExit(b, c.x - b.x, c.y - b.y, 3);
    const ux = tip.x - c.x;
    const uy = tip.y - c.y;
    const ul = Math.hypot(ux, uy) || 1;
    const head = 7 + width * 1.3;
    const half = 3.8 + width * 0.85;
    const base = { x: tip.x - (ux / ul) * head, y: tip.y - (uy / ul) * head };
    const nx = -uy / ul;
    const ny = ux / ul;
    const f = (v) => v.toFixed(1);
    return {
      line: `M${f(start.x)},${f(start.y)} Q${f(c.x)},${f(c.y)} ${f(base.x + (ux / ul) * 1)},${f(base.y + (uy / ul) * 1)}`,
      head: `M${f(tip.x)},${f(tip.y)} L${f(base.x + nx * half)},${f(base.y + ny * half)} L${f(base.x - nx * half)},${f(base.y - ny * half)} Z`,
    };
  }

  // How a value of a variable reads inside its node: "NRS 4.5", "66%", "1.6 days".
  function nodeValue(variable, value) {
    if (value === null || value === undefined) return "";
    const range = (toNumber(variable.max) ?? 100) - (toNumber(variable.min) ?? 0);
    const text = fixed(value, range <= 10 ? 1 : 0);
    const token = String(variable.unit || "").split(/[\s,]+/)[0];
    if (!token) return text;
    if (token.startsWith("%")) return `${text}%`;
    if (/^[a-z]/.test(token)) return `${text} ${token}`;
    return `${token} ${text}`;
  }

  function strengthStyle(value, max) {
    const share = max > 0 ? Math.abs(value) / max : 0;
    if (share < IDLE_SHARE) return { colour: IDLE, width: 1, opacity: 0.45, idle: true };
    return { colour: value > 0 ? RAISES : LOWERS, width: 1.4 + 8.6 * share, opacity: 0.3 + 0.7 * share, idle: false };
  }

  function signedText(value) {
    const digits = Math.abs(value) >= 0.1 ? 2 : 3;
    return `${value > 0 ? "+" : ""}${fixed(value, digits)}`;
  }

  // The cycle of one path; update(w) redraws arrows and node values for week index w.
  function makeDiagram(model, path) {
    const positions = nodePositions(model);
    const labels = new Map(model.nodes.map((n) => [n.key, n.label || n.key]));
    // The variable a node shows: the one naming it in "node", else the one with its key.
    const variables = new Map(model.variables.map((v) => [v.key, v]));
    for (const v of model.variables) if (typeof v.node === "string") variables.set(v.node, v);
    const arrows = svg("g", { class: "painsim-arrows" });
    const boxes = svg("g", { class: "painsim-nodes" });
    const values = new Map();
    for (const n of model.nodes) {
      const p = positions.get(n.key);
      const variable = variables.get(n.key);
      const title = svg("title", {}, labels.get(n.key));
      const label = svg("text", { x: p.x, y: variable ? p.y - 3 : p.y + 5, class: "painsim-node-label", "text-anchor": "middle" }, labels.get(n.key));
      const value = variable ? svg("text", { x: p.x, y: p.y + 15, class: "painsim-node-value", "text-anchor": "middle" }) : null;
      if (value) values.set(n.key, { node: value, variable, title });
      boxes.append(svg("g", { class: "painsim-node", "data-node": n.key }, title,
        svg("rect", { x: p.x - p.w / 2, y: p.y - p.h / 2, width: p.w, height: p.h, rx: 9, ry: 9 }), label, value));
    }
    const drawing = svg("svg", {
      class: "painsim-diagram-svg", viewBox: `0 0 ${VIEW_W} ${VIEW_H}`, role: "img",
      "aria-label": `The fear-avoidance cycle of ${path.name}`, preserveAspectRatio: "xMidYMid meet",
    }, arrows, boxes);

    function update(w) {
      const week = model.weeks[w];
      const row = path.strengths[w] || [];
      const order = model.links.map((link, k) => ({ link, value: row[k] ?? 0 }))
        .filter((a) => positions.has(a.link.from) && positions.has(a.link.to) && a.link.from !== a.link.to)
        .sort((a, b) => Math.abs(a.value) - Math.abs(b.value));
      const items = order.map(({ link, value }) => {
        const style = strengthStyle(value, model.maxStrength);
        const g = arrowGeometry(positions.get(link.from), positions.get(link.to), style.width);
        const effect = style.idle ? "barely acts on" : value > 0 ? "raises" : "lowers";
        const text = `${labels.get(link.from)} \u2192 ${labels.get(link.to)}: ${link.label || link.id || ""}\n`
          + `Week ${week}: ${signedText(value)} (${effect} ${labels.get(link.to)})`;
        return svg("g", { class: `painsim-arrow${style.idle ? " painsim-idle" : ""}`, "data-link": link.id || `${link.from}->${link.to}`,
          opacity: style.opacity.toFixed(2) },
        svg("title", {}, text),
        svg("path", { d: g.line, fill: "none", stroke: style.colour, "stroke-width": style.width.toFixed(2), "stroke-linecap": "round" }),
        svg("path", { d: g.head, fill: style.colour, stroke: "none" }));
      });
      arrows.replaceChildren(...items);
      for (const [key, v] of values) {
        const series = path.series[v.variable.key];
        const x = series ? series[w] : null;
        const text = nodeValue(v.variable, x);
        v.node.textContent = text;
        v.title.textContent = `${labels.get(key)}${text ? `: ${text} in week ${week}` : ""}`;
      }
    }

    return { element: drawing, update };
  }

  function diagramLegend() {
    const sample = (colour, width, opacity, text) => el("span", { class: "painsim-legend-item" },
      (() => {
        const s = svg("svg", { width: 44, height: 14, viewBox: "0 0 44 14", "aria-hidden": "true" },
          svg("line", { x1: 2, y1: 7, x2: 32, y2: 7, stroke: colour, "stroke-width": width, opacity }),
          svg("path", { d: `M42,7 L${31 - width * 0.5},${1.5 - width * 0.3} L${31 - width * 0.5},${12.5 + width * 0.3} Z`, fill: colour, opacity }));
        return s;
      })(), text);
    return el("div", { class: "painsim-legend", role: "note" },
      sample(RAISES, 4, 0.9, "red: raises the state it points to"),
      sample(LOWERS, 4, 0.9, "blue: lowers it"),
      sample(IDLE, 1, 0.6, "grey: barely acts this week"),
      el("span", { class: "painsim-legend-item" }, "Thicker and darker: a stronger push this week (one scale for every arrow, path and week)."));
  }

  // ------------------------------------------------------------------- stories

  const WEEK_PREFIX = /^\s*week\s+(\d+)\s*:\s*/i;

  // A path's sentences in order; set(w) marks those of week index w (and mutes
  // later ones) and scrolls the list, not the page, to the first of them.
  function makeStory(model, path, onPick) {
    const items = path.sentences.map((s) => {
      const week = s.week ?? (WEEK_PREFIX.exec(s.text) ? Number(WEEK_PREFIX.exec(s.text)[1]) : null);
      const text = s.text.replace(WEEK_PREFIX, "");
      const tag = week === null ? null : el("button", { type: "button", class: "painsim-week-tag", title: `Show week ${week}` }, `Week ${week}`);
      if (tag) tag.addEventListener("click", () => onPick(week));
      return { week, node: el("li", {}, tag, " ", text) };
    });
    const box = items.length
      ? el("ol", { class: "painsim-story", "aria-label": `What happened to ${path.name}` }, items.map((i) => i.node))
      : empty("No sentences for this path.");
    function set(w) {
      const week = model.weeks[w];
      let first = null;
      let lastPast = null;
      for (const item of items) {
        const now = item.week === week;
        item.node.classList.toggle("painsim-now", now);
        item.node.classList.toggle("painsim-later", item.week !== null && item.week > week);
        if (now && !first) first = item.node;
        if (item.week !== null && item.week <= week) lastPast = item.node;
      }
      const target = first || lastPast;
      if (target && box.scrollHeight > box.clientHeight) {
        const top = target.offsetTop - box.offsetTop;
        if (top < box.scrollTop || top + target.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - 8);
      }
    }
    return { element: box, set };
  }

  function cohortTable(path, caption) {
    const c = path.cohort;
    const rows = c ? list(c.rows).filter((r) => Array.isArray(r) && r.length >= 2) : [];
    if (!rows.length) return empty(`No statistics of people like ${path.name}.`);
    const people = toNumber(c.people);
    return el("div", { class: "painsim-table-wrap" }, el("table", { class: "painsim-table painsim-cohort" },
      el("caption", {}, caption || `${people === null ? "People" : `${fixed(people, 0)} people`} like ${path.name}`),
      el("tbody", {}, rows.map((r) => el("tr", {}, el("td", {}, String(r[0])), el("td", { class: "num" }, String(r[1])))))));
  }

  const swatch = (colour) => el("span", { class: "painsim-swatch", style: `background:${colour}`, "aria-hidden": "true" });

  function pathHeading(path, level = "h3") {
    return el(level, { class: "painsim-path-name" }, swatch(path.colour), path.name,
      path.role ? el("span", { class: "painsim-role" }, ` (${path.role})`) : null);
  }

  // ---------------------------------------------------------- the week control

  // weeks(): the weeks now shown (the explorer's change with every result).
  function makeWeekBar(weeks, onChange) {
    const lastIndex = () => Math.max(0, weeks().length - 1);
    const input = el("input", { type: "range", name: "week", min: 0, max: lastIndex(), step: 1, value: 0, "aria-label": "Week" });
    const output = el("output", { class: "painsim-week-value", "aria-live": "polite" });
    const play = el("button", { type: "button", class: "painsim-play", "aria-pressed": "false" }, "\u25b6 Play");
    let timer = null;
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      play.textContent = "\u25b6 Play";
      play.setAttribute("aria-pressed", "false");
    };
    const show = (w) => {
      input.max = String(lastIndex());
      input.value = String(w);
      output.textContent = `Week ${weeks()[w] ?? w}`;
    };
    input.addEventListener("input", () => { stop(); onChange(Number(input.value)); });
    play.addEventListener("click", () => {
      if (timer !== null) { stop(); return; }
      if (Number(input.value) >= lastIndex()) onChange(0);
      play.textContent = "\u275a\u275a Pause";
      play.setAttribute("aria-pressed", "true");
      timer = setInterval(() => {
        const next = Number(input.value) + 1;
        if (next > lastIndex()) { stop(); return; }
        onChange(next);
      }, PLAY_MS);
    });
    const element = el("div", { class: "painsim-weekbar" }, play, el("label", { class: "painsim-week-label" }, output, input),
      el("span", { class: "painsim-week-hint" }, "Drag to choose a week, or press Play."));
    return { element, show, stop };
  }

  // ----------------------------------------------------------- the chart grid

  function pathKey(model) {
    return model.paths.map((p) => `${p.name}\u0000${p.colour}`).join("\u0000");
  }

  // The small multiples: one chart per variable. draw() swaps the data of the
  // charts in place when only the numbers changed (a new explorer result), else
  // embeds them anew; setWeek() moves the current-week rule (a signal).
  function makeChartGrid() {
    const element = el("div", { class: "painsim-grid" });
    let entries = [];
    let shape = "";
    let width = CHART_MIN_WIDTH;

    // As many columns of at least CHART_MIN_WIDTH as fit, the plots widened to fill them.
    function plotWidth() {
      const available = element.clientWidth || 900;
      const columns = Math.max(1, Math.floor((available + GRID_GAP) / (CHART_MIN_WIDTH + CHART_EXTRA + GRID_GAP)));
      const w = Math.floor((available - GRID_GAP * (columns - 1)) / columns) - CHART_EXTRA;
      element.style.setProperty("--painsim-chart-columns", String(columns));
      return Math.max(CHART_MIN_WIDTH - 40, Math.min(CHART_MAX_WIDTH, w));
    }

    function draw(model, w) {
      const week = model.weeks[w] ?? 0;
      const newShape = JSON.stringify([model.weeks, model.variables.map((v) => [v.key, v.min, v.max, v.label, v.unit]), pathKey(model)]);
      if (shape === newShape && entries.length === model.variables.length && entries.every((e) => e.view)) {
        const events = eventRows(model, width);
        return Promise.all(entries.map((entry, i) => {
          const v = model.variables[i];
          entry.view.data("rows", chartRows(model, v)).data("events", events).signal("current_week", week);
          return entry.view.runAsync();
        }));
      }
      for (const entry of entries) if (entry.view) entry.view.finalize();
      shape = newShape;
      width = plotWidth();
      const slots = model.variables.map((v) => el("div", { class: "painsim-chart", "data-chart": `line-${v.key}` }));
      element.replaceChildren(...slots);
      entries = model.variables.map((v, i) => embed(slots[i], `line-${v.key}`, lineSpec(model, v, week, i === 0, width)));
      return Promise.allSettled(entries.map((e) => e.promise)).then((results) => {
        const failed = results.filter((r) => r.status === "rejected");
        if (failed.length) throw failed[0].reason;
      });
    }

    function setWeek(model, w) {
      const week = model.weeks[w];
      for (const entry of entries) {
        if (!entry.view) continue;
        entry.view.signal("current_week", week).runAsync()
          .catch((error) => log.error(`chart "${entry.name}" could not move to week ${week}: ${stack(error)}`));
      }
    }

    return { element, draw, setWeek, elements: () => entries.map((e) => e.element) };
  }

  function pathLegend(model) {
    const events = model.paths.flatMap((p) => p.events.map((e) => ({ p, e }))).sort((a, b) => a.e.week - b.e.week);
    return el("div", { class: "painsim-path-legend" },
      el("p", {}, model.paths.flatMap((p, i) => [i ? "  " : "",
        el("span", { class: "painsim-legend-item" }, swatch(p.colour), el("strong", {}, p.name), p.role ? ` (${p.role})` : "")]),
      model.paths.some((p) => Object.keys(p.band).length)
        ? " Line: the person. Shaded band: 8 in 10 people like them (10th to 90th percentile). Black line: the chosen week."
        : " Black line: the chosen week."),
      events.length ? el("p", { class: "painsim-events" }, "Dashed lines, events: ",
        events.flatMap(({ p, e }, i) => [i ? "; " : "", el("span", { class: "painsim-event" }, swatch(p.colour),
          model.paths.length > 1 ? `${p.name}, ` : "", `week ${e.week}: ${e.text}`)]), ".") : null);
  }

  // -------------------------------------------------------------- body attributes

  function markDrawn(extra = {}) {
    const chartElements = [...root.querySelectorAll(".painsim-chart")];
    body.setAttribute("data-painsim-charts-expected", String(chartElements.length));
    body.setAttribute("data-painsim-charts-rendered", String(chartElements.filter(rendered).length));
    for (const [key, value] of Object.entries(extra)) body.setAttribute(key, String(value));
    body.setAttribute("data-painsim-page-height", String(Math.ceil(document.documentElement.scrollHeight)));
    body.setAttribute("data-painsim-status", "done");
    log.render();
    body.setAttribute("data-painsim-errors", String(log.errors.length));
    body.setAttribute("data-painsim-warnings", String(log.warnings.length));
  }

  const HOW_TO_READ = [
    "The diagram is the fear-avoidance cycle: each box is a part of the person's situation and each arrow one way in which "
      + "one part pushes another. For the chosen week, an arrow is red when it pushes the box it points to up (more pain, more fear, "
      + "more sleep, more activity: whatever the box measures) and blue when it pushes it down; the thicker and darker, the stronger "
      + "the push. Grey arrows barely act that week. Hover over an arrow to read what it stands for and its strength.",
    "The charts follow each measure week by week. The line is the person; the shaded band shows where 8 in 10 people like them "
      + "ended up in the same situation, because the same start does not always lead to the same course. Dashed lines mark events, "
      + "the black line the chosen week. The sentences say in words what changed and why; the current week's are highlighted.",
  ];

  // ---------------------------------------------------------------- the lesson

  function buildLesson(data) {
    const model = prepare(data);
    root.append(el("h1", {}, data.title || "painsim lesson"));
    if (data.summary) root.append(el("p", { class: "painsim-subtitle" }, data.summary));
    if (!model.weeks.length || !model.paths.length) {
      root.append(empty("This lesson holds no weeks or no paths to show."));
      return Promise.resolve();
    }
    root.append(el("details", { class: "painsim-howto", open: true }, el("summary", {}, "How to read this page"),
      HOW_TO_READ.map((t) => el("p", {}, t))));

    let current = initialWeekIndex(model);
    const grid = makeChartGrid();
    const diagrams = [];
    const stories = [];
    const setWeek = (w) => {
      current = Math.max(0, Math.min(model.weeks.length - 1, w));
      bar.show(current);
      for (const d of diagrams) d.update(current);
      for (const s of stories) s.set(current);
      grid.setWeek(model, current);
    };
    const pickWeek = (week) => { bar.stop(); const i = model.weeks.indexOf(week); if (i >= 0) setWeek(i); };
    const bar = makeWeekBar(() => model.weeks, setWeek);
    root.append(bar.element);

    const columns = el("div", { class: "painsim-paths", style: `--painsim-columns:${Math.min(model.paths.length, 3)}` });
    for (const path of model.paths) {
      const diagram = makeDiagram(model, path);
      const story = makeStory(model, path, pickWeek);
      diagrams.push(diagram);
      stories.push(story);
      columns.append(el("section", { class: "painsim-path", "data-path": path.name, style: `--painsim-path-colour:${path.colour}` },
        pathHeading(path),
        path.description ? el("p", { class: "painsim-path-description" }, path.description) : null,
        el("div", { class: "painsim-diagram" }, diagram.element),
        el("h4", {}, `What happened to ${path.name}`),
        story.element));
    }
    root.append(el("section", { id: "cycle" }, el("h2", {}, "The cycle, week by week"), diagramLegend(), columns));

    root.append(el("section", { id: "measures" }, el("h2", {}, "The measures"), pathLegend(model), grid.element));
    root.append(el("section", { id: "cohort" }, el("h2", {}, "1,000 people like them"),
      note("The same situation given to many simulated people who differ a little in their biology, thinking and surroundings: "
        + "how their stories ended. One person's course is one possible course, not the only one."),
      el("div", { class: "painsim-paths", style: `--painsim-columns:${Math.min(model.paths.length, 3)}` },
        model.paths.map((p) => el("div", { class: "painsim-path" }, pathHeading(p, "h3"), cohortTable(p))))));

    bar.show(current);
    for (const d of diagrams) d.update(current);
    for (const s of stories) s.set(current);
    return grid.draw(model, current);
  }

  // -------------------------------------------------------------- the explorer

  function buildExplorer(data) {
    root.classList.add("painsim-explorer");
    root.append(el("h1", {}, data.title || "painsim explorer"));
    root.append(el("p", { class: "painsim-subtitle" },
      "Set up a person with the sliders: each change simulates this person and 1,000 people like them again. "
      + "Watch which arrows of the cycle light up and how the weeks unfold."));

    const api = typeof data.api === "string" && data.api ? data.api : "/api/simulate";
    const controls = list(data.controls).filter((c) => c && typeof c.key === "string");
    const programmes = list(data.programmes).filter((p) => p && typeof p.name === "string");
    const startWeek = data.start_week && typeof data.start_week === "object" ? data.start_week : { min: 0, max: 26, value: 8 };
    const initialValues = new Map();

    // --- the control panel
    const form = el("form", { class: "painsim-controls", "aria-label": "The person", novalidate: true });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.append(el("h2", {}, "The person"));
    const inputs = [];
    for (const c of controls) {
      const min = toNumber(c.min) ?? 0;
      const max = toNumber(c.max) ?? 1;
      const step = toNumber(c.step) ?? 0.01;
      const value = toNumber(c.value) ?? (min + max) / 2;
      const id = `painsim-control-${c.key}`;
      const digits = decimals(step);
      const input = el("input", { type: "range", id, name: c.key, min, max, step, value, "aria-describedby": c.help ? `${id}-help` : null });
      const output = el("output", { for: id, class: "painsim-control-value" }, fixed(value, digits));
      input.addEventListener("input", () => { output.textContent = fixed(Number(input.value), digits); schedule(); });
      initialValues.set(input, String(value));
      inputs.push({ key: c.key, input, output, digits, kind: "number" });
      form.append(el("div", { class: "painsim-control" },
        el("label", { for: id }, el("span", {}, c.label || c.key), output), input,
        c.help ? el("p", { class: "painsim-help", id: `${id}-help` }, c.help) : null));
    }

    form.append(el("h2", {}, "Care"));
    const programmeSelect = el("select", { id: "painsim-control-programme", name: "programme" },
      (programmes.length ? programmes : [{ name: "none", label: "No programme" }])
        .map((p) => el("option", { value: p.name }, p.label || p.name)));
    const initialProgramme = typeof data.programme === "string" && programmes.some((p) => p.name === data.programme) ? data.programme : "none";
    programmeSelect.value = initialProgramme;
    initialValues.set(programmeSelect, initialProgramme);
    form.append(el("div", { class: "painsim-control" }, el("label", { for: "painsim-control-programme" }, el("span", {}, "Programme")), programmeSelect));

    const swMin = toNumber(startWeek.min) ?? 0;
    const swMax = toNumber(startWeek.max) ?? 26;
    const swValue = toNumber(startWeek.value) ?? swMin;
    const startInput = el("input", { type: "range", id: "painsim-control-start-week", name: "start_week", min: swMin, max: swMax, step: 1, value: swValue });
    const startOutput = el("output", { for: "painsim-control-start-week", class: "painsim-control-value" }, `week ${swValue}`);
    initialValues.set(startInput, String(swValue));
    const startBox = el("div", { class: "painsim-control" },
      el("label", { for: "painsim-control-start-week" }, el("span", {}, "Starts in"), startOutput), startInput);
    form.append(startBox);
    const syncStart = () => {
      startOutput.textContent = `week ${startInput.value}`;
      const none = programmeSelect.value === "none";
      startInput.disabled = none;
      startBox.classList.toggle("painsim-disabled", none);
    };
    syncStart();
    startInput.addEventListener("input", () => { syncStart(); schedule(); });
    programmeSelect.addEventListener("change", () => { syncStart(); schedule(); });

    const reset = el("button", { type: "button", class: "painsim-reset" }, "Reset");
    reset.addEventListener("click", () => {
      for (const [input, value] of initialValues) input.value = value;
      for (const i of inputs) i.output.textContent = fixed(Number(i.input.value), i.digits);
      syncStart();
      schedule();
    });
    form.append(el("div", { class: "painsim-control-actions" }, reset));

    // --- the result area
    const banner = el("div", { class: "painsim-error-banner", role: "alert", hidden: true });
    const status = el("p", { class: "painsim-status", "aria-live": "polite" }, "");
    const heading = el("div", { class: "painsim-explorer-heading" });
    const diagramBox = el("div", { class: "painsim-diagram" });
    const storyBox = el("div", { class: "painsim-story-box" });
    const cohortBox = el("div", {});
    const grid = makeChartGrid();
    let model = null;
    let current = 0;
    let weekChosen = false;
    let diagram = null;
    let story = null;
    const setWeek = (w) => {
      if (!model) return;
      current = Math.max(0, Math.min(model.weeks.length - 1, w));
      bar.show(current);
      if (diagram) diagram.update(current);
      if (story) story.set(current);
      grid.setWeek(model, current);
    };
    const bar = makeWeekBar(() => (model ? model.weeks : []), (w) => { weekChosen = true; setWeek(w); });
    const result = el("div", { class: "painsim-result" }, banner, status, heading, bar.element,
      el("section", { id: "cycle", class: "painsim-explorer-cycle" },
        el("div", {}, el("h2", {}, "The cycle this week"), diagramLegend(), diagramBox),
        el("div", {}, el("h2", {}, "What happened"), storyBox)),
      el("section", { id: "measures" }, el("h2", {}, "The measures"), el("div", { class: "painsim-legend-slot" }), grid.element),
      el("section", { id: "cohort" }, el("h2", {}, "1,000 people like them"), cohortBox));
    root.append(el("div", { class: "painsim-explorer-layout" }, form, result));

    // --- drawing a result
    let updates = 0;
    let first = true;
    let drawing = Promise.resolve();

    function draw(source, requestBody) {
      const next = prepare(source);
      if (!next.paths.length || !next.weeks.length) throw new Error("the result holds no path or no weeks");
      model = next;
      const path = model.paths[0];
      if (!weekChosen) current = initialWeekIndex(model);
      current = Math.min(current, model.weeks.length - 1);
      heading.replaceChildren(pathHeading(path, "h2"), path.description ? el("p", { class: "painsim-path-description" }, path.description) : null);
      diagram = makeDiagram(model, path);
      diagramBox.replaceChildren(diagram.element);
      story = makeStory(model, path, (week) => { bar.stop(); const i = model.weeks.indexOf(week); if (i >= 0) { weekChosen = true; setWeek(i); } });
      storyBox.replaceChildren(story.element);
      cohortBox.replaceChildren(cohortTable(path, "How their stories ended"));
      result.querySelector(".painsim-legend-slot").replaceChildren(pathLegend(model));
      bar.show(current);
      diagram.update(current);
      story.set(current);
      return grid.draw(model, current).then(() => {
        const painKey = model.variables.some((v) => v.key === "pain") ? "pain" : (model.variables[0] || {}).key;
        const digest = painKey ? path.series[painKey].map((x) => (x === null ? "" : x.toFixed(2))).join(",") : "";
        if (!first) updates += 1;
        first = false;
        markDrawn({
          "data-painsim-updates": updates,
          "data-painsim-chart-digest": digest,
          "data-painsim-drawn-for": requestBody ? JSON.stringify(requestBody) : "",
        });
      });
    }

    function queueDraw(source, requestBody) {
      drawing = drawing.then(() => draw(source, requestBody));
      return drawing;
    }

    // --- talking to the server
    let timer = null;
    let controller = null;
    let sequence = 0;

    const setPending = (on) => body.setAttribute("data-painsim-pending", on ? "1" : "0");
    const showError = (text) => { banner.textContent = text; banner.hidden = false; };
    const clearError = () => { banner.textContent = ""; banner.hidden = true; };

    function requestBody() {
      const out = {};
      for (const i of inputs) out[i.key] = Number(i.input.value);
      out.programme = programmeSelect.value;
      out.start_week = Math.round(Number(startInput.value));
      return out;
    }

    function schedule() {
      setPending(true);
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => { timer = null; send(); }, DEBOUNCE_MS);
    }

    async function send() {
      const mine = ++sequence;
      if (controller) controller.abort();
      controller = new AbortController();
      const requested = requestBody();
      const started = performance.now();
      status.textContent = "Simulating\u2026";
      result.classList.add("painsim-busy");
      const latest = () => mine === sequence;
      const settle = () => {
        if (!latest()) return;
        result.classList.remove("painsim-busy");
        if (timer === null) setPending(false);
      };
      let response;
      let text;
      try {
        response = await fetch(api, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(requested),
          signal: controller.signal,
        });
        text = await response.text();
      } catch (error) {
        if (error && error.name === "AbortError") return; // a newer change replaced this request
        if (!latest()) return;
        console.error(`painsim explorer: the simulator could not be reached: ${message(error)}`);
        showError(`The simulator could not be reached (${message(error)}). Is painsim explore still running?`);
        status.textContent = "No answer from the simulator.";
        settle();
        return;
      }
      if (!latest()) return; // an answer to an older change
      let payload = null;
      try { payload = JSON.parse(text); } catch (_) { payload = null; }
      if (!response.ok) {
        const reason = payload && typeof payload.error === "string" ? payload.error : (text || response.statusText || "no reason given").slice(0, 500);
        if (response.status >= 500) {
          console.error(`painsim explorer: the simulator failed (HTTP ${response.status}): ${reason}`);
          showError(`The simulator failed (HTTP ${response.status}): ${reason}`);
        } else {
          // The request was refused (a value out of range, say): tell the user, no console error.
          showError(`The simulator refused these settings: ${reason}`);
        }
        status.textContent = `Not simulated (HTTP ${response.status}).`;
        settle();
        return;
      }
      if (!payload || !Array.isArray(payload.paths)) {
        console.error("painsim explorer: the simulator's answer is not a result object");
        showError("The simulator's answer could not be read.");
        settle();
        return;
      }
      const answered = performance.now();
      try {
        await queueDraw(payload, requested);
      } catch (error) {
        log.error(`painsim explorer: the result could not be drawn: ${stack(error)}`);
        showError(`The result could not be drawn: ${message(error)}`);
        settle();
        return;
      }
      if (!latest()) return;
      clearError();
      const server = toNumber(payload.elapsed_ms);
      const people = toNumber(payload.people);
      status.textContent = `Simulated${people === null ? "" : ` this person and ${fixed(people, 0)} like them`}`
        + `${server === null ? "" : ` in ${fixed(server, 0)} ms on the server`}; `
        + `${fixed(answered - started, 0)} ms to answer, ${fixed(performance.now() - started, 0)} ms to redraw.`;
      settle();
    }

    setPending(false);
    body.setAttribute("data-painsim-updates", "0");
    if (data.initial && Array.isArray(data.initial.paths)) {
      const server = toNumber(data.initial.elapsed_ms);
      status.textContent = `The starting person${server === null ? "" : `, simulated in ${fixed(server, 0)} ms`}. Move a slider to simulate again.`;
      return queueDraw(data.initial, null);
    }
    status.textContent = "Simulating the starting person\u2026";
    return send();
  }

  // -------------------------------------------------------------- assembling

  // No icon: keeps the browser from asking the server (or file://) for /favicon.ico.
  function noIcon() {
    if (document.querySelector('link[rel~="icon"]')) return;
    document.head.append(el("link", { rel: "icon", href: "data:," }));
  }

  function build() {
    noIcon();
    root.replaceChildren();
    let data;
    try {
      data = readData();
    } catch (error) {
      log.error(`the page data could not be read: ${message(error)}`);
      root.append(el("h1", {}, "painsim"), empty("The data of this page could not be read."));
      return Promise.resolve();
    }
    if (data.title) document.title = String(data.title);
    if (data.kind === "explorer") {
      body.classList.add("painsim-wide");
      return buildExplorer(data);
    }
    if (data.kind !== "lesson") log.error(`unknown page kind ${JSON.stringify(data.kind)}: drawing it as a lesson`);
    body.classList.add("painsim-wide");
    return buildLesson(data);
  }

  let drawn;
  try {
    drawn = Promise.resolve(build());
  } catch (error) {
    log.error(`the page could not be built: ${stack(error)}`);
    drawn = Promise.resolve();
  }
  drawn.catch((error) => log.error(`the page could not be drawn: ${stack(error)}`)).then(() => markDrawn());
})();
