// Shared by every painsim page (report.js, teach.js), inlined before the page's own
// script: the error log, the text colours and font, DOM helpers, numbers, the page
// data, drawing one Vega-Lite chart with its failure shown in place, and telling
// whether a chart drew. The page scripts take what they need from window.painsimCommon.
window.painsimCommon = (() => {
  "use strict";

  const log = window.painsimLog || {
    errors: [],
    warnings: [],
    error(message) { this.errors.push(message); console.error(message); },
    render() {},
  };

  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';
  const TEXT = "#1f2328";
  const MUTED = "#59636e";

  function setAttributes(node, attributes) {
    for (const [key, value] of Object.entries(attributes)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(key, String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function toNumber(value) {
    if (value === null || value === undefined || value === "") return null;
    const x = typeof value === "number" ? value : Number(value);
    return Number.isFinite(x) ? x : null;
  }

  // The JSON document in #painsim-data; `what` names it in errors ("report", "page").
  function readData(what) {
    const node = document.getElementById("painsim-data");
    if (!node) throw new Error("the page has no element #painsim-data");
    const data = JSON.parse(node.textContent);
    if (!data || typeof data !== "object") throw new Error(`the ${what} data is not a JSON object`);
    return data;
  }

  // Draws `spec` into `element` (vega-embed with `options`); resolves to vega-embed's
  // result. A chart that cannot be drawn is logged and says so in its place.
  function drawChart(element, name, spec, options) {
    return Promise.resolve()
      .then(() => {
        if (typeof window.vegaEmbed !== "function") throw new Error("the chart library (vega-embed) did not load");
        return window.vegaEmbed(element, spec, options);
      })
      .catch((error) => {
        log.error(`chart "${name}" could not be drawn: ${error && error.stack ? error.stack : error}`);
        element.replaceChildren(el("p", { class: "painsim-chart-failed" },
          `This chart could not be drawn: ${error && error.message ? error.message : error}`));
        throw error;
      });
  }

  // Vega-Lite embedding options with the house style shared by every page. A page
  // adjusts a section with `overrides` ({ section: { key: value } }); a null value
  // removes the key (or the whole section).
  function embedOptions(overrides = {}) {
    const config = {
      font: FONT,
      background: "white",
      padding: 5,
      view: { stroke: "#d1d9e0" },
      title: { anchor: "start", fontSize: 14, fontWeight: 600, color: TEXT, subtitleColor: MUTED, subtitleFontSize: 12, offset: 8 },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 500, titleColor: TEXT, labelColor: TEXT,
        gridColor: "#eceff1", domainColor: "#8c959f", tickColor: "#8c959f" },
      legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 500, orient: "top", direction: "horizontal", symbolStrokeWidth: 2 },
      header: { labelFontSize: 12, labelColor: TEXT, titleFontSize: 12 },
      line: { strokeWidth: 2 },
    };
    for (const [section, changes] of Object.entries(overrides)) {
      if (changes === null) {
        delete config[section];
        continue;
      }
      const merged = { ...config[section] };
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      config[section] = merged;
    }
    return { mode: "vega-lite", renderer: "svg", actions: false, config };
  }

  // An element counts as rendered when it holds an <svg> with at least one
  // drawn mark item (Vega's SVG renderer puts items in <g class="... role-mark">).
  function rendered(element) {
    const svg = element.querySelector("svg");
    return Boolean(svg && svg.querySelector(
      "g.role-mark > path, g.role-mark > line, g.role-mark > rect, g.role-mark > text, g.role-mark > circle"));
  }

  return { log, FONT, TEXT, MUTED, setAttributes, append, el, toNumber, readData, drawChart, embedOptions, rendered };
})();
