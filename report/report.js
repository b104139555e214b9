// painsim report: builds the page from the JSON document in
// the element #painsim-data with Vega-Lite (through vega-embed, SVG renderer).
// No build step and no other library. Every section copes with a missing or
// empty table by saying so in a sentence instead of drawing a chart.
//
// When every chart has settled, <body> gets:
//   data-painsim-status="done"
//   data-painsim-charts-expected  chart elements created (.painsim-chart)
//   data-painsim-charts-rendered  of those, the ones holding an <svg> with drawn marks
//   data-painsim-errors / -warnings  messages captured by the first script of the page
//   data-painsim-page-height      the page's height in CSS pixels (for screenshots)
(() => {
  "use strict";

  const { log, TEXT, MUTED, el, toNumber, readData: readPageData, drawChart, embedOptions, rendered } =
    window.painsimCommon;

  const root = document.getElementById("painsim-report");
  const charts = [];
  const toc = [];

  // ---------------------------------------------------------------- constants

  const WIDE = 820; // plot width of a full-width chart, in CSS pixels

  // Vega-Lite's default categorical scheme (tableau10), fixed per arm in
  // scenario order so an arm has the same colour in every chart.
  const ARM_COLOURS = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b",
    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

  const FAN_MEASURES = ["pain_nrs", "rmdq", "tsk", "phq9", "psqi"];

  const CLASSES = [
    { name: "rapid_recovery", label: "Rapid recovery", colour: "#1a9850", text: "white" },
    { name: "recovery_by_week_12", label: "Recovery by week 12", colour: "#91cf60", text: TEXT },
    { name: "incomplete_recovery", label: "Incomplete recovery", colour: "#fee08b", text: TEXT },
    { name: "fluctuating", label: "Fluctuating", colour: "#fc8d59", text: TEXT },
    { name: "persistent_high", label: "Persistent high", colour: "#d73027", text: "white" },
  ];
  const HORIZONS = ["12 weeks", "12 months"];

  const STATUS = {
    ND: "not dominated",
    D: "dominated: costs more and gives fewer QALYs than another strategy",
    ED: "extendedly dominated: a mix of two other strategies does better",
  };

  // Legends of line charts show a short stroke at full opacity, whatever the
  // opacity of the marks (bands, invisible hover points) sharing the scale.
  const LINE_LEGEND = { symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 3, symbolSize: 220 };
  // A single datum, for reference rules and labels that must be drawn once
  // (a layer that inherits the chart's data would draw them once per row).
  const ONE = { values: [{}] };

  const MAX_PLANE_POINTS_PER_ARM = 2000;
  const MAX_PEOPLE = 6;

  const EMBED_OPTIONS = embedOptions();

  // ----------------------------------------------------------------- DOM helpers

  const note = (text) => el("p", { class: "painsim-note" }, text);
  const source = (table, text) => el("p", { class: "painsim-source" }, "Data: table ", el("code", {}, table), ` (${text.replace(/\.\s*$/, "")}).`);
  const empty = (text) => el("p", { class: "painsim-empty" }, text);

  // ------------------------------------------------------------ number formats

  const LOCALE = "en-GB";
  const formatters = new Map();
  function formatter(key, options) {
    if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(LOCALE, options));
    return formatters.get(key);
  }

  const minus = (text) => text.replace(/^-/, "\u2212");

  function num(value, digits = 2) {
    const x = toNumber(value);
    if (x === null) return "\u2014";
    return minus(formatter(`n${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x));
  }

  function count(value) {
    const x = toNumber(value);
    return x === null ? "\u2014" : minus(formatter("count", { maximumFractionDigits: 0 }).format(x));
  }

  function percent(value, digits = 0) {
    const x = toNumber(value);
    if (x === null) return "\u2014";
    return minus(formatter(`p${digits}`, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x));
  }

  let currency = "";
  function money(value, digits = 0) {
    const x = toNumber(value);
    if (x === null) return "\u2014";
    if (currency) {
      try {
        return minus(formatter(`c${currency}${digits}`, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x));
      } catch (_) {
        // Not an ISO 4217 code: fall through to "1,234 XYZ".
      }
    }
    return `${num(x, digits)}${currency ? ` ${currency}` : ""}`;
  }

  // A value with its 95% interval underneath, in a table cell.
  function withInterval(value, lower, upper, format) {
    if (toNumber(lower) === null || toNumber(upper) === null) return format(value);
    return el("span", {}, format(value), el("br"), el("span", { class: "painsim-interval" }, `${format(lower)} to ${format(upper)}`));
  }

  // ------------------------------------------------------------------- the data

  const readData = () => readPageData("report");

  // A table as records (objects keyed by column name); [] when the table is
  // missing, malformed or empty.
  function records(data, name) {
    const table = data.tables && data.tables[name];
    if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return [];
    const columns = table.columns;
    return table.rows
      .filter((row) => Array.isArray(row))
      .map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] === undefined ? null : row[i]])));
  }

  function description(data, name) {
    const table = data.tables && data.tables[name];
    return table && typeof table.description === "string" ? table.description : "";
  }

  const unique = (values) => [...new Set(values)];

  // ------------------------------------------------------------------ charts

  function chart(parent, name, spec) {
    const element = el("div", { class: "painsim-chart", "data-chart": name });
    parent.append(element);
    charts.push({ name, element, promise: drawChart(element, name, spec, EMBED_OPTIONS) });
  }

  let armDomain = [];
  function armColour(arm) {
    const i = armDomain.indexOf(arm);
    return ARM_COLOURS[(i < 0 ? armDomain.length : i) % ARM_COLOURS.length];
  }
  function armScale(arms = armDomain) {
    return { domain: arms, range: arms.map(armColour) };
  }
  const swatch = (arm) => el("span", { class: "painsim-swatch", style: `background:${armColour(arm)}`, "aria-hidden": "true" });

  // ---------------------------------------------------------------- sections

  function section(id, title, build) {
    const node = el("section", { id }, el("h2", {}, title));
    root.append(node);
    toc.push({ id, title });
    try {
      build(node);
    } catch (error) {
      log.error(`section "${title}": ${error && error.stack ? error.stack : error}`);
      node.append(el("p", { class: "painsim-chart-failed" }, `This section could not be drawn: ${error && error.message ? error.message : error}`));
    }
  }

  function header(meta) {
    const title = meta.scenario_name || "painsim report";
    root.append(el("h1", {}, `painsim report: ${title}`));
    if (meta.scenario_description) root.append(el("p", { class: "painsim-subtitle" }, meta.scenario_description));

    const facts = el("dl", { class: "painsim-facts" });
    const fact = (term, ...value) => facts.append(el("dt", {}, term), el("dd", {}, ...value));
    const arms = Array.isArray(meta.arms) ? meta.arms : [];
    if (arms.length) {
      fact("Arms", arms.flatMap((arm, i) => [i ? ", " : "", swatch(arm), arm,
        arm === meta.comparator ? " (comparator)" : ""]));
    }
    if (toNumber(meta.population_size) !== null) fact("Population", `${count(meta.population_size)} people in each arm`);
    const days = toNumber(meta.days);
    if (days !== null) fact("Horizon", days % 7 === 0 ? `${count(days / 7)} weeks (${count(days)} days)` : `${count(days)} days`);
    if (meta.perspective) fact("Costs", `${meta.perspective} perspective${meta.currency ? `, ${meta.currency}` : ""}`);
    if (toNumber(meta.wtp) !== null) fact("Willingness to pay", `${money(meta.wtp)} per QALY`);
    if (toNumber(meta.draws) !== null) {
      fact("Uncertainty", toNumber(meta.draws) > 0
        ? `${count(meta.draws)} draws${meta.draw_source ? ` (${meta.draw_source})` : ""}`
        : "point estimates only (no draws)");
    }
    if (meta.seed !== undefined && meta.seed !== null) fact("Seed", el("code", {}, String(meta.seed)));
    if (meta.painsim_version) fact("painsim", meta.painsim_version);
    if (meta.created_utc) fact("Created", meta.created_utc);
    root.append(facts);
  }

  // --- fan charts --------------------------------------------------------------

  function fanCharts(parent, data, meta) {
    const summary = records(data, "summary");
    const present = new Set(summary.map((r) => r.measure));
    const measures = FAN_MEASURES.filter((m) => present.has(m));
    parent.append(note("For each arm, the line is the median (50th percentile) of everyone in the arm "
      + "and the shaded band runs from the 10th to the 90th percentile: eight in ten people lie inside it. "
      + "Bands that overlap little mean the arms differ for most people, not only on average. "
      + "Hover over a chart to read the medians of a week."));
    if (!measures.length) {
      parent.append(empty("The result holds no weekly summaries of pain, disability, fear, mood or sleep."));
      return;
    }
    const info = new Map((Array.isArray(meta.measures) ? meta.measures : []).map((m) => [m.name, m]));
    for (const measure of measures) {
      const rows = summary
        .filter((r) => r.measure === measure)
        .map((r) => ({
          arm: r.arm,
          week: toNumber(r.week) ?? (toNumber(r.day) === null ? null : toNumber(r.day) / 7),
          p10: toNumber(r.p10), p50: toNumber(r.p50), p90: toNumber(r.p90), mean: toNumber(r.mean),
        }))
        .filter((r) => r.week !== null && r.p50 !== null);
      const m = info.get(measure) || { name: measure, label: measure, unit: "" };
      if (!rows.length) {
        parent.append(empty(`No weekly values of ${m.label || measure}.`));
        continue;
      }
      const arms = armsIn(rows);
      // One record per week for the hover rule: "median (p10 to p90)" of each arm.
      const weeks = unique(rows.map((r) => r.week)).sort((a, b) => a - b);
      const byKey = new Map(rows.map((r) => [`${r.arm}\u0000${r.week}`, r]));
      const digits = 1;
      const hover = weeks.map((week) => {
        const record = { week };
        arms.forEach((arm, i) => {
          const r = byKey.get(`${arm}\u0000${week}`);
          record[`a${i}`] = r ? `${num(r.p50, digits)} (${num(r.p10, digits)} to ${num(r.p90, digits)})` : "\u2014";
        });
        return record;
      });
      const colour = { field: "arm", type: "nominal", title: null, scale: armScale(arms), sort: arms, legend: LINE_LEGEND };
      chart(parent, `fan-${measure}`, {
        title: { text: m.label || measure, subtitle: `${m.unit ? `${m.unit}; ` : ""}median and 10th to 90th percentile by week` },
        width: WIDE,
        height: 220,
        data: { values: rows },
        encoding: {
          x: { field: "week", type: "quantitative", title: "Week", scale: { domain: [weeks[0], weeks[weeks.length - 1]], nice: false },
            axis: { tickMinStep: 1 } },
        },
        layer: [
          {
            mark: { type: "area", opacity: arms.length > 2 ? 0.1 : 0.15 },
            encoding: {
              y: { field: "p10", type: "quantitative", title: m.unit || null, scale: { zero: false } },
              y2: { field: "p90" },
              color: colour,
            },
          },
          {
            mark: { type: "line", strokeWidth: 2.2 },
            encoding: { y: { field: "p50", type: "quantitative" }, color: colour },
          },
          {
            data: { values: hover },
            params: [{ name: "hover", select: { type: "point", fields: ["week"], nearest: true, on: "pointerover", clear: "pointerout" } }],
            mark: { type: "rule", color: MUTED, strokeWidth: 1 },
            encoding: {
              opacity: { condition: { param: "hover", empty: false, value: 0.8 }, value: 0 },
              tooltip: [{ field: "week", type: "quantitative", title: "Week" },
                ...arms.map((arm, i) => ({ field: `a${i}`, type: "nominal", title: `${arm}: median (p10 to p90)` }))],
            },
          },
        ],
      });
    }
    const desc = description(data, "summary");
    if (desc) parent.append(source("summary", desc));
  }

  function armsIn(rows) {
    const seen = unique(rows.map((r) => r.arm));
    const ordered = armDomain.filter((a) => seen.includes(a));
    return ordered.concat(seen.filter((a) => !ordered.includes(a)));
  }

  // --- trajectory classes -----------------------------------------------------

  function trajectoryClasses(parent, data) {
    const rows = records(data, "trajectory_classes")
      .map((r) => ({ arm: r.arm, horizon: String(r.horizon), class: String(r.class), people: toNumber(r.people), share: toNumber(r.share) }))
      .filter((r) => r.share !== null);
    if (!rows.length) {
      parent.append(empty("The result holds no trajectory classes."));
      return;
    }
    parent.append(note("Each person's weekly pain over the first 12 weeks (and monthly pain over 12 months) is sorted into one "
      + "of five courses by fixed rules (models/Trajectory.hpp). A bar shows how an arm's people split between them; "
      + "more green and less red is better."));
    const known = new Map(CLASSES.map((c, i) => [c.name, { ...c, order: i }]));
    const extra = unique(rows.map((r) => r.class)).filter((c) => !known.has(c));
    extra.forEach((c, i) => known.set(c, { name: c, label: c.replace(/_/g, " "), colour: ["#8c959f", "#bab0ac", "#59636e"][i % 3], text: TEXT, order: CLASSES.length + i }));
    const classes = [...known.values()].sort((a, b) => a.order - b.order);
    const light = classes.filter((c) => c.text !== "white").map((c) => c.order);
    const values = rows.map((r) => {
      const c = known.get(r.class);
      return { ...r, label: c.label, order: c.order };
    });
    const horizons = HORIZONS.filter((h) => values.some((r) => r.horizon === h))
      .concat(unique(values.map((r) => r.horizon)).filter((h) => !HORIZONS.includes(h)));
    const arms = armsIn(values);
    chart(parent, "trajectory-classes", {
      title: { text: "Pain trajectory classes", subtitle: "share of people in each class, by arm" },
      data: { values },
      transform: [
        { stack: "share", groupby: ["horizon", "arm"], sort: [{ field: "order" }], as: ["x0", "x1"] },
        { calculate: "(datum.x0 + datum.x1) / 2", as: "xm" },
      ],
      facet: {
        row: { field: "horizon", type: "nominal", sort: horizons, title: null,
          header: { labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelFontWeight: 600, labelFontSize: 12 } },
      },
      spec: {
        width: WIDE - 120,
        height: { step: 24 },
        layer: [
          {
            mark: { type: "bar", stroke: "white", strokeWidth: 0.5 },
            encoding: {
              y: { field: "arm", type: "nominal", sort: arms, title: null },
              x: { field: "x0", type: "quantitative", title: "Share of people", scale: { domain: [0, 1] }, axis: { format: "%" } },
              x2: { field: "x1" },
              color: { field: "label", type: "nominal", title: null, sort: classes.map((c) => c.label),
                scale: { domain: classes.map((c) => c.label), range: classes.map((c) => c.colour) } },
              tooltip: [
                { field: "arm", title: "Arm" },
                { field: "horizon", title: "Horizon" },
                { field: "label", title: "Class" },
                { field: "share", type: "quantitative", format: ".1%", title: "Share" },
                { field: "people", type: "quantitative", format: ",", title: "People" },
              ],
            },
          },
          {
            transform: [{ filter: "datum.share >= 0.05" }],
            mark: { type: "text", fontSize: 11 },
            encoding: {
              y: { field: "arm", type: "nominal", sort: arms },
              x: { field: "xm", type: "quantitative" },
              text: { field: "share", type: "quantitative", format: ".0%" },
              color: { condition: { test: `indexof(${JSON.stringify(light)}, datum.order) >= 0`, value: TEXT }, value: "white" },
            },
          },
        ],
      },
    });
    const desc = description(data, "trajectory_classes");
    if (desc) parent.append(source("trajectory_classes", desc));
  }

  // --- forest plot -----------------------------------------------------------

  function forest(parent, data, meta) {
    const rows = records(data, "differences")
      .map((r) => ({
        arm: r.arm, comparator: r.comparator, outcome: String(r.outcome), label: r.label || r.outcome, unit: r.unit || "",
        estimate: toNumber(r.estimate), lower: toNumber(r.lower), upper: toNumber(r.upper),
      }))
      .filter((r) => r.estimate !== null);
    if (!rows.length) {
      parent.append(empty("The result holds no differences between arms (a scenario with a single arm has none)."));
      return;
    }
    const comparator = rows[0].comparator || meta.comparator;
    parent.append(note(`Each row is one outcome; a dot is the difference arm minus ${comparator || "the comparator"} and its bar the 95% interval. `
      + "The dashed line is no difference. Every outcome has its own unit and its own scale: compare arms within a row, not across rows. "
      + "Whether lower is better depends on the outcome (lower pain, disability and costs; higher QALYs)."));
    for (const r of rows) {
      r.row = r.unit ? `${r.label} (${r.unit})` : r.label;
      r.interval = r.lower === null || r.upper === null ? "" : `${num(r.lower, 3)} to ${num(r.upper, 3)}`;
    }
    const outcomes = unique(rows.map((r) => r.row));
    const arms = armsIn(rows);
    const y = { field: "arm", type: "nominal", sort: arms, title: null };
    const withInterval = rows.filter((r) => r.lower !== null && r.upper !== null);
    chart(parent, "forest", {
      title: { text: `Differences from ${comparator || "the comparator"}`, subtitle: "estimate and 95% interval, one scale per outcome" },
      data: { values: rows },
      facet: {
        row: { field: "row", type: "nominal", sort: outcomes, title: null,
          header: { labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelFontWeight: 600, labelFontSize: 12, labelLimit: WIDE } },
      },
      spec: {
        width: WIDE - 140,
        height: { step: 20 },
        layer: [
          {
            // One row per panel: the layers of a facet share its data.
            transform: [{ aggregate: [{ op: "count", as: "rows" }] }],
            mark: { type: "rule", color: MUTED, strokeDash: [4, 3] },
            encoding: { x: { datum: 0 } },
          },
          ...(withInterval.length ? [{
            transform: [{ filter: "isValid(datum.lower) && isValid(datum.upper)" }],
            mark: { type: "rule", strokeWidth: 2 },
            encoding: { y, x: { field: "lower", type: "quantitative" }, x2: { field: "upper" },
              color: { field: "arm", type: "nominal", scale: armScale(), legend: null } },
          }] : []),
          {
            mark: { type: "point", filled: true, size: 70, opacity: 1 },
            encoding: {
              y,
              x: { field: "estimate", type: "quantitative", title: null, scale: { zero: true, padding: 12 }, axis: { tickCount: 8 } },
              color: { field: "arm", type: "nominal", scale: armScale(), legend: null },
              tooltip: [
                { field: "label", title: "Outcome" },
                { field: "arm", title: "Arm" },
                { field: "estimate", type: "quantitative", format: ",.3~f", title: "Difference" },
                { field: "interval", title: "95% interval" },
                { field: "unit", title: "Unit" },
              ],
            },
          },
        ],
      },
      resolve: { scale: { x: "independent" } },
    });
    const desc = description(data, "differences");
    if (desc) parent.append(source("differences", desc));
  }

  // --- waiting lists ---------------------------------------------------------

  function waiting(parent, data) {
    const rows = records(data, "waiting")
      .map((r) => ({ arm: r.arm, region: r.region, programme: r.programme, week: toNumber(r.week),
        queue_length: toNumber(r.queue_length) ?? 0, referred: toNumber(r.referred) ?? 0, started: toNumber(r.started) ?? 0 }))
      .filter((r) => r.week !== null);
    if (!rows.length) {
      parent.append(empty("No programme in this scenario has limited places, so nobody waits for care."));
      return;
    }
    if (rows.every((r) => r.queue_length === 0)) {
      parent.append(empty("Nobody waited for care: every list stayed empty, as no programme had fewer places than referrals."));
      return;
    }
    const arms = armsIn(rows);
    const regions = unique(rows.map((r) => r.region));
    parent.append(note("People waiting at the end of each week for a programme with limited places (referred, in the referral delay or on the list), "
      + `summed over ${regions.length === 1 ? "the region" : `the ${regions.length} regions`}. `
      + "A list that keeps growing means referrals outrun the places."));
    const without = armDomain.filter((a) => !arms.includes(a));
    if (without.length) parent.append(note(`No limited places in: ${without.join(", ")}.`));
    chart(parent, "waiting", {
      title: { text: "Waiting lists", subtitle: "people waiting at the end of the week, by programme" },
      data: { values: rows },
      transform: [{
        aggregate: [
          { op: "sum", field: "queue_length", as: "waiting" },
          { op: "sum", field: "referred", as: "referred" },
          { op: "sum", field: "started", as: "started" },
        ],
        groupby: ["arm", "programme", "week"],
      }],
      facet: { field: "arm", type: "nominal", sort: arms, title: null,
        header: { labelFontWeight: 600, labelFontSize: 12, labelAnchor: "start" } },
      columns: arms.length > 1 ? 2 : 1,
      spec: {
        width: arms.length > 1 ? 370 : WIDE,
        height: 170,
        encoding: {
          x: { field: "week", type: "quantitative", title: "Week", scale: { nice: false } },
          y: { field: "waiting", type: "quantitative", title: "People waiting" },
          color: { field: "programme", type: "nominal", title: "Programme", scale: { scheme: "dark2" }, legend: LINE_LEGEND },
        },
        layer: [
          { mark: { type: "line", strokeWidth: 2 } },
          {
            mark: { type: "point", size: 50, opacity: 0, filled: true },
            encoding: {
              tooltip: [
                { field: "arm", title: "Arm" },
                { field: "programme", title: "Programme" },
                { field: "week", type: "quantitative", title: "Week" },
                { field: "waiting", type: "quantitative", format: ",", title: "Waiting" },
                { field: "referred", type: "quantitative", format: ",", title: "Referred this week" },
                { field: "started", type: "quantitative", format: ",", title: "Started this week" },
              ],
            },
          },
        ],
      },
    });
    const desc = description(data, "waiting");
    if (desc) parent.append(source("waiting", desc));
  }

  // --- cost-effectiveness ----------------------------------------------------

  function htmlTable(caption, headings, rows, rowClass) {
    const numeric = headings.map((h) => (h.num ? (h.wrap ? "num wrap" : "num") : null));
    const table = el("table", { class: "painsim-table" },
      caption ? el("caption", {}, caption) : null,
      el("thead", {}, el("tr", {}, headings.map((h, i) => el("th", { class: numeric[i], scope: "col", title: h.title }, h.text)))),
      el("tbody", {}, rows.map((cells, r) => el("tr", { class: rowClass ? rowClass(r) : null },
        cells.map((cell, i) => el("td", { class: numeric[i], title: cell && cell.title ? cell.title : null },
          cell && cell.content !== undefined ? cell.content : cell))))));
    return el("div", { class: "painsim-table-wrap" }, table);
  }

  const armCell = (arm) => el("span", { class: "painsim-arm" }, swatch(arm), arm);

  // A table's description as the caption of its HTML table, unless it only
  // repeats the heading above it.
  function caption(data, name, heading) {
    const text = description(data, name);
    return text && text.trim().toLowerCase() !== heading.trim().toLowerCase() ? text : "";
  }

  function icerText(icer, incCost, incEffect, status) {
    if (status === "D") return "dominated";
    if (status === "ED") return "extendedly dominated";
    const x = toNumber(icer);
    const c = toNumber(incCost);
    const e = toNumber(incEffect);
    if (x === null) {
      if (c === null && e === null) return "reference";
      if (c !== null && e !== null && c <= 0 && e >= 0) return "dominant";
      if (c !== null && e !== null && c >= 0 && e <= 0) return "dominated";
      return "\u2014";
    }
    if (c !== null && e !== null && c < 0 && e < 0) return `${money(Math.abs(x))} saved per QALY lost`;
    return `${money(x)} per QALY`;
  }

  function costEffectiveness(parent, data, meta) {
    const wtp = toNumber(meta.wtp);
    const perspective = meta.perspective ? `${meta.perspective} perspective` : "";
    parent.append(note(`Means per person over the horizon${perspective ? `, ${perspective}` : ""}${currency ? `, in ${currency}` : ""}. `
      + "QALYs are discounted unless stated."));

    const economics = records(data, "economics");
    parent.append(el("h3", {}, "Costs and QALYs per arm"));
    if (economics.length) {
      parent.append(htmlTable(caption(data, "economics", "Costs and QALYs per arm"),
        [{ text: "Arm" }, { text: "People", num: true }, { text: "QALYs", num: true }, { text: "QALYs (undiscounted)", num: true },
          { text: "Care cost", num: true }, { text: "Productivity cost", num: true }, { text: "Total cost", num: true }],
        economics.map((r) => [armCell(r.arm), count(r.people), num(r.qalys, 4), num(r.qalys_undiscounted, 4),
          money(r.care_cost), money(r.productivity_cost), money(r.total_cost)])));
    } else {
      parent.append(empty("The result holds no costs or QALYs."));
    }

    const icers = records(data, "icers");
    parent.append(el("h3", {}, "Incremental analysis"));
    if (icers.length) {
      parent.append(note("Strategies in order of cost. Each is compared with the next cheaper strategy that is not dominated; "
        + "the ICER is the extra cost per QALY gained. Status: ND not dominated, D strictly dominated (costs more, fewer QALYs), "
        + "ED extendedly dominated (a mix of two other strategies gives more QALYs for the money)."
        + (wtp !== null ? ` NMB is the net monetary benefit at ${money(wtp)} per QALY (QALYs \u00d7 ${money(wtp)} \u2212 cost); the highest is the best choice at that price.` : "")));
      const bestNmb = Math.max(...icers.map((r) => toNumber(r.nmb) ?? -Infinity));
      parent.append(htmlTable(caption(data, "icers", "Incremental analysis"),
        [{ text: "Strategy" }, { text: "Cost", num: true }, { text: "QALYs", num: true }, { text: "Incremental cost", num: true },
          { text: "Incremental QALYs", num: true }, { text: "ICER", num: true, wrap: true }, { text: "Status" }, { text: "NMB", num: true }],
        icers.map((r) => [armCell(r.strategy), money(r.cost), num(r.effect, 4), money(r.inc_cost), num(r.inc_effect, 4),
          icerText(r.icer, r.inc_cost, r.inc_effect, r.status),
          { content: r.status || "\u2014", title: STATUS[r.status] || null },
          { content: toNumber(r.nmb) === bestNmb ? el("strong", {}, money(r.nmb)) : money(r.nmb) }]),
        (i) => (icers[i].status === "D" || icers[i].status === "ED" ? "painsim-dominated" : null)));
    } else {
      parent.append(empty("The result holds no incremental analysis."));
    }

    const incremental = records(data, "incremental");
    if (incremental.length) {
      const comparators = unique(incremental.map((r) => r.comparator));
      const one = comparators.length === 1;
      const heading = one ? `Each arm against ${comparators[0]}` : "Each arm against its comparator";
      parent.append(el("h3", {}, heading));
      parent.append(note("Mean differences per person, with their 95% intervals underneath. "
        + (wtp !== null ? `The incremental NMB at ${money(wtp)} per QALY is positive when the arm is worth its extra cost at that price.` : "")));
      const qalys = (v) => num(v, 4);
      parent.append(htmlTable(caption(data, "incremental", heading),
        [{ text: "Arm" }, ...(one ? [] : [{ text: "Comparator" }]), { text: "Incremental cost", num: true },
          { text: "Incremental QALYs", num: true }, { text: "ICER", num: true, wrap: true },
          { text: "Incremental NMB", num: true }],
        incremental.map((r) => [armCell(r.arm), ...(one ? [] : [r.comparator]),
          withInterval(r.inc_cost, r.inc_cost_lower, r.inc_cost_upper, money),
          withInterval(r.inc_qalys, r.inc_qalys_lower, r.inc_qalys_upper, qalys),
          icerText(r.icer, r.inc_cost, r.inc_qalys, null),
          withInterval(r.nmb, r.nmb_lower, r.nmb_upper, money)])));
    }

    ce_plane(parent, data, meta, incremental);
    ceac(parent, data, meta);
  }

  function ce_plane(parent, data, meta, incremental) {
    const wtp = toNumber(meta.wtp);
    parent.append(el("h3", {}, "Cost-effectiveness plane"));
    const all = records(data, "ce_plane")
      .map((r) => ({ arm: r.arm, draw: toNumber(r.draw), inc_cost: toNumber(r.inc_cost), inc_qalys: toNumber(r.inc_qalys) }))
      .filter((r) => r.inc_cost !== null && r.inc_qalys !== null);
    if (!all.length) {
      parent.append(empty("No probabilistic draws were made for this result, so there is no cost-effectiveness plane; "
        + "the tables above give point estimates."));
      return;
    }
    parent.append(note("Each dot is one draw of an arm's incremental QALYs (across) and incremental cost (up) against "
      + `${meta.comparator || "the comparator"}, at the origin. Right is more health, up is more cost: `
      + "bottom right is dominant (cheaper and better), top left dominated. "
      + (wtp !== null ? `Dots below the dashed line (${money(wtp)} per QALY) are cost-effective at that price. ` : "")
      + "The diamond is the arm's mean. A wide cloud means an uncertain result."));
    // Thin the cloud to keep the page light: every k-th draw of an arm.
    const values = [];
    for (const arm of armsIn(all)) {
      const mine = all.filter((r) => r.arm === arm);
      const step = Math.ceil(mine.length / MAX_PLANE_POINTS_PER_ARM);
      mine.forEach((r, i) => { if (i % step === 0) values.push(r); });
    }
    if (values.length < all.length) parent.append(note(`Showing ${count(values.length)} of ${count(all.length)} draws.`));
    const arms = armsIn(values);
    const xs = values.map((r) => r.inc_qalys).concat(0);
    const ys = values.map((r) => r.inc_cost).concat(0);
    const means = incremental
      .map((r) => ({ arm: r.arm, inc_qalys: toNumber(r.inc_qalys), inc_cost: toNumber(r.inc_cost) }))
      .filter((r) => r.inc_qalys !== null && r.inc_cost !== null && arms.includes(r.arm));
    means.forEach((r) => { xs.push(r.inc_qalys); ys.push(r.inc_cost); });
    const pad = (lo, hi) => { const d = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1; return [lo - d, hi + d]; };
    const xDomain = pad(Math.min(...xs), Math.max(...xs));
    const yDomain = pad(Math.min(...ys), Math.max(...ys));
    const colour = { field: "arm", type: "nominal", title: null, scale: armScale(arms), sort: arms,
      legend: { symbolOpacity: 1, symbolType: "circle", symbolStrokeWidth: 0 } };
    const layers = [
      { data: ONE, mark: { type: "rule", color: "#8c959f" }, encoding: { x: { datum: 0 } } },
      { data: ONE, mark: { type: "rule", color: "#8c959f" }, encoding: { y: { datum: 0 } } },
      {
        mark: { type: "circle", size: 16, opacity: 0.35 },
        encoding: {
          x: { field: "inc_qalys", type: "quantitative", title: "Incremental QALYs", scale: { domain: xDomain }, axis: { format: ".2~g", tickCount: 8 } },
          y: { field: "inc_cost", type: "quantitative", title: `Incremental cost${currency ? ` (${currency})` : ""}`, scale: { domain: yDomain }, axis: { format: ",.0f" } },
          color: colour,
          tooltip: [
            { field: "arm", title: "Arm" },
            { field: "draw", type: "quantitative", title: "Draw" },
            { field: "inc_qalys", type: "quantitative", format: ",.4f", title: "Incremental QALYs" },
            { field: "inc_cost", type: "quantitative", format: ",.0f", title: "Incremental cost" },
          ],
        },
      },
    ];
    if (wtp !== null) {
      // The threshold line runs well past the plot (the scale rounds its domain
      // outwards) and is clipped to it; it does not widen the explicit domains.
      const span = xDomain[1] - xDomain[0];
      const ends = [xDomain[0] - 10 * span, xDomain[1] + 10 * span];
      layers.push({
        data: { values: ends.map((x) => ({ inc_qalys: x, inc_cost: wtp * x })) },
        mark: { type: "line", color: TEXT, strokeDash: [6, 4], strokeWidth: 1.5, clip: true },
        encoding: { x: { field: "inc_qalys", type: "quantitative" }, y: { field: "inc_cost", type: "quantitative" } },
      });
    }
    if (means.length) {
      layers.push({
        data: { values: means },
        mark: { type: "point", shape: "diamond", filled: true, size: 160, stroke: TEXT, strokeWidth: 1, opacity: 1 },
        encoding: {
          x: { field: "inc_qalys", type: "quantitative" },
          y: { field: "inc_cost", type: "quantitative" },
          color: colour,
          tooltip: [
            { field: "arm", title: "Arm (mean)" },
            { field: "inc_qalys", type: "quantitative", format: ",.4f", title: "Incremental QALYs" },
            { field: "inc_cost", type: "quantitative", format: ",.0f", title: "Incremental cost" },
          ],
        },
      });
    }
    chart(parent, "ce-plane", {
      title: { text: "Cost-effectiveness plane", subtitle: `against ${meta.comparator || "the comparator"}${wtp !== null ? `; dashed line: ${money(wtp)} per QALY` : ""}` },
      width: 640,
      height: 400,
      data: { values },
      layer: layers,
    });
  }

  function ceac(parent, data, meta) {
    const wtp = toNumber(meta.wtp);
    parent.append(el("h3", {}, "Cost-effectiveness acceptability curve"));
    const values = records(data, "ceac")
      .map((r) => ({ arm: r.arm, wtp: toNumber(r.wtp), probability: toNumber(r.probability) }))
      .filter((r) => r.wtp !== null && r.probability !== null);
    if (!values.length) {
      parent.append(empty("No probabilistic draws were made for this result, so there is no acceptability curve."));
      return;
    }
    parent.append(note("For each price society is willing to pay for one QALY (across), the share of draws in which an arm "
      + "has the highest net monetary benefit, that is, the probability that it is the most cost-effective choice (up). "
      + "At each price the curves add up to 100%. "
      + (wtp !== null ? `The dashed line marks the report's threshold, ${money(wtp)} per QALY.` : "")));
    const arms = armsIn(values);
    const colour = { field: "arm", type: "nominal", title: null, scale: armScale(arms), sort: arms, legend: LINE_LEGEND };
    const layers = [
      { mark: { type: "line", strokeWidth: 2.2, interpolate: "monotone" }, encoding: { color: colour } },
      {
        mark: { type: "point", size: 40, opacity: 0, filled: true },
        encoding: {
          color: colour,
          tooltip: [
            { field: "arm", title: "Arm" },
            { field: "wtp", type: "quantitative", format: ",.0f", title: `Willingness to pay${currency ? ` (${currency})` : ""}` },
            { field: "probability", type: "quantitative", format: ".1%", title: "Probability cost-effective" },
          ],
        },
      },
    ];
    if (wtp !== null) {
      layers.push({ data: ONE, mark: { type: "rule", color: TEXT, strokeDash: [6, 4] }, encoding: { x: { datum: wtp } } });
      layers.push({
        data: ONE,
        mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 2, color: TEXT, fontSize: 11 },
        encoding: { x: { datum: wtp }, y: { datum: 1 }, text: { value: `${money(wtp)} per QALY` } },
      });
    }
    chart(parent, "ceac", {
      title: { text: "Cost-effectiveness acceptability curve", subtitle: "probability that each arm is the most cost-effective" },
      width: WIDE - 180,
      height: 280,
      data: { values },
      encoding: {
        x: { field: "wtp", type: "quantitative", title: `Willingness to pay per QALY${currency ? ` (${currency})` : ""}`, axis: { format: ",.0f" } },
        y: { field: "probability", type: "quantitative", title: "Probability cost-effective", scale: { domain: [0, 1] }, axis: { format: "%" } },
      },
      layer: layers,
    });
  }

  // --- individuals -----------------------------------------------------------

  function individuals(parent, data, meta) {
    const all = records(data, "individuals");
    const measures = unique(all.map((r) => r.measure));
    const measure = measures.includes("pain_nrs") ? "pain_nrs" : measures[0];
    const rows = all
      .filter((r) => r.measure === measure)
      .map((r) => ({ person: r.person, arm: r.arm, week: toNumber(r.week), value: toNumber(r.value) }))
      .filter((r) => r.week !== null && r.value !== null);
    if (!rows.length) {
      parent.append(empty("The result holds no individual trajectories (recording.sample = 0)."));
      return;
    }
    const people = unique(rows.map((r) => r.person)).slice(0, MAX_PEOPLE);
    const shown = rows.filter((r) => people.includes(r.person)).map((r) => ({ ...r, who: `Person ${r.person}` }));
    const info = (Array.isArray(meta.measures) ? meta.measures : []).find((m) => m.name === measure) || { label: measure, unit: "" };
    parent.append(note(`The same ${people.length === 1 ? "person" : `${people.length} people`}, one panel each, in every arm: `
      + `their reported ${info.label || measure} week by week. Every arm runs on the same virtual people with the same random draws, `
      + "so where the lines part it is the care that made the difference."));
    const arms = armsIn(shown);
    chart(parent, "individuals", {
      title: { text: `Individual courses: ${info.label || measure}`, subtitle: info.unit || "" },
      data: { values: shown },
      facet: { field: "who", type: "nominal", sort: people.map((p) => `Person ${p}`), title: null,
        header: { labelFontWeight: 600, labelFontSize: 12, labelAnchor: "start" } },
      columns: Math.min(3, people.length),
      spec: {
        width: people.length >= 3 ? 240 : 360,
        height: 130,
        encoding: {
          x: { field: "week", type: "quantitative", title: "Week", scale: { nice: false } },
          y: { field: "value", type: "quantitative", title: info.unit || measure, scale: measure === "pain_nrs" ? { domain: [0, 10] } : { zero: false } },
          color: { field: "arm", type: "nominal", title: null, scale: armScale(arms), sort: arms, legend: LINE_LEGEND },
        },
        layer: [
          { mark: { type: "line", strokeWidth: 1.6, opacity: 0.9 } },
          {
            mark: { type: "point", size: 30, opacity: 0, filled: true },
            encoding: {
              tooltip: [
                { field: "who", title: "Person" },
                { field: "arm", title: "Arm" },
                { field: "week", type: "quantitative", title: "Week" },
                { field: "value", type: "quantitative", title: info.label || measure },
              ],
            },
          },
        ],
      },
    });
  }

  // --- provenance ------------------------------------------------------------

  function provenance(parent, data, meta) {
    const facts = el("dl", { class: "painsim-facts" });
    const fact = (term, value) => {
      if (value !== undefined && value !== null && value !== "") facts.append(el("dt", {}, term), el("dd", {}, el("code", {}, String(value))));
    };
    fact("Seed", meta.seed);
    fact("painsim version", meta.painsim_version);
    fact("Git commit", meta.git_commit);
    fact("Created (UTC)", meta.created_utc);
    fact("Command line", meta.command_line);
    fact("Report format", meta.format);
    parent.append(facts);
    const rows = records(data, "provenance");
    if (rows.length) {
      parent.append(htmlTable(caption(data, "provenance", "Provenance"),
        [{ text: "Key" }, { text: "Value" }],
        rows.map((r) => [el("code", {}, String(r.key)), String(r.value ?? "\u2014")])));
    }
    parent.append(el("h3", {}, "Scenario"));
    if (meta.scenario_toml) {
      parent.append(el("pre", { class: "painsim-code" }, meta.scenario_toml));
    } else {
      parent.append(empty("The result does not hold the scenario text."));
    }
  }

  // --------------------------------------------------------------- assembling

  function tableOfContents() {
    if (!toc.length) return;
    const nav = el("nav", { class: "painsim-toc", "aria-label": "Contents" }, el("strong", {}, "Contents"),
      el("ol", {}, toc.map((t) => el("li", {}, el("a", { href: `#${t.id}` }, t.title)))));
    const first = root.querySelector("section");
    root.insertBefore(nav, first);
  }

  function finish() {
    const expected = charts.length;
    const drawn = charts.filter((c) => rendered(c.element)).length;
    const body = document.body;
    body.setAttribute("data-painsim-charts-expected", String(expected));
    body.setAttribute("data-painsim-charts-rendered", String(drawn));
    body.setAttribute("data-painsim-page-height", String(Math.ceil(document.documentElement.scrollHeight)));
    body.setAttribute("data-painsim-status", "done");
    log.render();
    body.setAttribute("data-painsim-errors", String(log.errors.length));
    body.setAttribute("data-painsim-warnings", String(log.warnings.length));
  }

  function build() {
    root.replaceChildren();
    let data;
    try {
      data = readData();
    } catch (error) {
      log.error(`the report data could not be read: ${error && error.message ? error.message : error}`);
      root.append(el("h1", {}, "painsim report"), empty("The data of this report could not be read."));
      return;
    }
    const meta = data.meta && typeof data.meta === "object" ? data.meta : {};
    currency = typeof meta.currency === "string" ? meta.currency : "";
    const tableArms = ["summary", "economics", "ce_plane", "ceac", "waiting", "differences"]
      .flatMap((name) => records(data, name).map((r) => r.arm))
      .filter((a) => a !== null && a !== undefined);
    armDomain = unique((Array.isArray(meta.arms) ? meta.arms : []).concat(tableArms).map(String));

    header(meta);
    section("outcomes", "Pain, disability, fear, mood and sleep", (s) => fanCharts(s, data, meta));
    section("trajectories", "Trajectory classes", (s) => trajectoryClasses(s, data));
    section("differences", "Differences between arms", (s) => forest(s, data, meta));
    section("waiting", "Waiting lists", (s) => waiting(s, data));
    section("economics", "Cost-effectiveness", (s) => costEffectiveness(s, data, meta));
    section("individuals", "Individual trajectories", (s) => individuals(s, data, meta));
    section("provenance", "Provenance", (s) => provenance(s, data, meta));
    tableOfContents();
  }

  try {
    build();
  } catch (error) {
    log.error(`the report could not be built: ${error && error.stack ? error.stack : error}`);
  }
  Promise.allSettled(charts.map((c) => c.promise)).then(finish, finish);
})();
