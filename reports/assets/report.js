// debtscan report, core: the embedded data, element building, charts drawn when they come
// into view, section navigation and the dialogs. Strings from the repository reach the page
// only through textContent and attribute setters, never as HTML.
(function () {
  "use strict";

  const parsed = {};
  // The JSON blocks are parsed when first needed, so the first screen does not wait for them.
  function data(id) {
    if (!(id in parsed)) parsed[id] = JSON.parse(document.getElementById(id).textContent);
    return parsed[id];
  }

  // el("td", {class: "num", text: "3"}, child, ...): an element built without any HTML parsing.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key === "style") Object.assign(node.style, value);
      else if (key === "data") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  const numberFormat = new Intl.NumberFormat("en");
  const format = {
    int: (n) => (n === null || n === undefined ? "—" : numberFormat.format(n)),
    score: (n) => (n === null || n === undefined ? "—" : n.toFixed(2)),
    health: (n) => (n === null || n === undefined ? "—" : n.toFixed(1)),
    hours(minutes) {
      if (minutes === null || minutes === undefined) return "—";
      if (minutes < 60) return `${Math.round(minutes)} min`;
      const h = minutes / 60;
      return h < 10 ? `${h.toFixed(1)} h` : `${numberFormat.format(Math.round(h))} h`;
    },
    percent: (r) => `${Math.round(r * 100)} %`,
    plural: (n, word, many) => `${numberFormat.format(n)} ${n === 1 ? word : many || word + "s"}`,
  };

  function healthTone(value) {
    if (value === null || value === undefined) return "";
    return value >= 8 ? "good" : value >= 4 ? "warn" : "bad";
  }

  // A link that opens a file's detail: a plain anchor, so it also works from the keyboard.
  function fileLink(path, text) {
    return el("a", { class: "file-link", href: "#file=" + encodeURIComponent(path), data: { file: path } }, text || path);
  }

  function ruleButton(code) {
    return el("button", { type: "button", class: "rule-link", data: { rule: code } }, code);
  }

  // The parts of a file's risk as one stacked bar (contributions sum to the risk).
  function partsBar(parts, labels) {
    const bar = el("span", { class: "parts", role: "img" });
    let total = 0;
    const described = [];
    for (const [key, value] of Object.entries(parts)) {
      total += value;
      described.push(`${labels[key] || key} ${value.toFixed(2)}`);
      if (value > 0) bar.appendChild(el("span", { class: `part part-${key}`, title: `${labels[key] || key} ${value.toFixed(2)}`, style: { flexGrow: String(value) } }));
    }
    if (total < 1) bar.appendChild(el("span", { class: "part part-rest", style: { flexGrow: String(1 - total) } }));
    bar.setAttribute("aria-label", described.join(", "));
    return bar;
  }

  // The same parts as a list, the largest first, each with its swatch and value.
  function partsList(parts, labels) {
    return el("ul", { class: "parts-list" }, Object.entries(parts).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])
      .map(([key, value]) => el("li", {}, el("span", { class: `swatch part-${key}` }), `${labels[key] || key} ${value.toFixed(2)}`)));
  }

  // "risk 0.61 = [bar] change frequency 0.28 …", and the size factor that scaled it.
  function riskParts(row, labels) {
    const box = el("div", { class: "why-parts" }, el("span", { class: "muted", text: `risk ${format.score(row.score)} = ` }),
      partsBar(row.parts, labels), partsList(row.parts, labels));
    if (row.effort < 1) box.appendChild(el("span", { class: "muted", text: `(parts scaled × ${row.effort.toFixed(2)} for the file's size)` }));
    return box;
  }

  // --- charts ---------------------------------------------------------------------------
  const plotConfig = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"],
    toImageButtonOptions: { format: "png", scale: 2 },
  };

  // plotly.js (4.8 MB) is evaluated only when the first chart is needed, so that it does not
  // hold up the first screen: inlined as a text block, or a relative URL (--plotly-js).
  let plotlyLoading = null;
  function loadPlotly() {
    if (plotlyLoading) return plotlyLoading;
    plotlyLoading = new Promise((resolve, reject) => {
      if (window.Plotly) return resolve(window.Plotly);
      const source = document.getElementById("plotly-source");
      const script = document.createElement("script");
      if (source.dataset.src) {
        script.src = source.dataset.src;
        script.onload = () => resolve(window.Plotly);
        script.onerror = () => reject(new Error(`plotly.js not found at ${source.dataset.src}`));
        document.head.appendChild(script);
      } else {
        script.textContent = source.textContent;
        document.head.appendChild(script); // runs now, synchronously
        if (window.Plotly) resolve(window.Plotly);
        else reject(new Error("plotly.js did not load"));
      }
    });
    return plotlyLoading;
  }

  function draw(target) {
    if (target.dataset.drawn) return Promise.resolve();
    target.dataset.drawn = "1";
    const figure = data("figure-data")[target.dataset.figure];
    return loadPlotly().then(
      () => plot(target, figure),
      (error) => target.replaceChildren(el("p", { class: "unavailable-note", text: `This chart could not be drawn: ${error.message}.` })),
    );
  }

  function plot(target, figure) {
    target.replaceChildren();
    const drawn = Plotly.newPlot(target, figure.data, figure.layout, plotConfig).then(() => {
      target.dataset.rendered = "1";
    });
    // A file tile or dot opens the file; a folder tile zooms as plotly does by default.
    const open = (event) => {
      const point = event && event.points && event.points[0];
      if (point && point.customdata) {
        DS.showFile(point.customdata);
        return false;
      }
      return undefined;
    };
    target.on("plotly_treemapclick", open);
    target.on("plotly_click", (event) => {
      if (target.dataset.figure !== "treemap") open(event);
    });
    return drawn;
  }

  function drawWhenVisible() {
    const charts = document.querySelectorAll("[data-figure]");
    if (!("IntersectionObserver" in window)) {
      charts.forEach(draw);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      }
    }, { rootMargin: "300px 0px" });
    charts.forEach((chart) => observer.observe(chart));
    // Once the first screen is up, get plotly ready for the reader's first scroll.
    if (charts.length) setTimeout(() => loadPlotly().catch(() => {}), 400);
    // Print needs every chart, drawn at the width of the page (Chrome waits for this
    // handler, not for promises, so the charts already drawn are resized at once).
    window.addEventListener("beforeprint", () => {
      for (const details of document.querySelectorAll("details")) details.open = true;
      charts.forEach((chart) => {
        if (chart.dataset.rendered) Plotly.Plots.resize(chart);
        else draw(chart);
      });
    });
  }

  // --- navigation -----------------------------------------------------------------------
  function followSections() {
    const links = new Map([...document.querySelectorAll(".section-nav a")].map((a) => [a.hash.slice(1), a]));
    if (!("IntersectionObserver" in window)) return;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const link = links.get(entry.target.id);
        if (!link || !entry.isIntersecting) continue;
        links.forEach((other) => other.removeAttribute("aria-current"));
        link.setAttribute("aria-current", "true");
      }
    }, { rootMargin: "-20% 0px -70% 0px" });
    document.querySelectorAll("main > section").forEach((section) => observer.observe(section));
  }

  // --- dialogs and the address bar -------------------------------------------------------
  // "#file=<path>" opens a file's detail, so that a link to one file can be shared.
  function fileFromHash() {
    const hash = window.location.hash;
    if (!hash.startsWith("#file=")) return null;
    try {
      return decodeURIComponent(hash.slice(6));
    } catch (error) {
      return null;
    }
  }

  function clearHash() {
    if (!window.location.hash.startsWith("#file=")) return;
    try {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    } catch (error) {
      window.location.hash = "";
    }
  }

  function onHashChange() {
    const path = fileFromHash();
    const dialog = document.getElementById("file-detail");
    if (path !== null) DS.openFile(path);
    else if (dialog.open) dialog.close();
  }

  function openDialog(dialog) {
    if (!dialog.open) dialog.showModal();
    dialog.scrollTop = 0;
    const body = dialog.querySelector(".drawer-body");
    if (body) body.scrollTop = 0;
  }

  function wireDialogs() {
    for (const dialog of document.querySelectorAll("dialog")) {
      dialog.addEventListener("click", (event) => {
        if (event.target === dialog) dialog.close(); // a click on the backdrop
      });
      dialog.querySelector("[data-action=close]").addEventListener("click", () => dialog.close());
    }
    document.getElementById("file-detail").addEventListener("close", clearHash);
    document.addEventListener("click", (event) => {
      const rule = event.target.closest("[data-rule]");
      if (rule) {
        event.preventDefault();
        DS.openRule(rule.dataset.rule);
        return;
      }
      const file = event.target.closest("a[data-file]");
      if (file && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        DS.showFile(file.dataset.file);
      }
    });
    window.addEventListener("hashchange", onHashChange);
    // "Show all" under a long table: its hidden rows appear, the button goes.
    for (const button of document.querySelectorAll("[data-action=show-rows]")) {
      button.addEventListener("click", () => {
        const table = button.previousElementSibling.querySelector("table") || button.previousElementSibling;
        table.querySelectorAll("tr[hidden]").forEach((row) => row.removeAttribute("hidden"));
        button.remove();
      });
    }
    const print = document.querySelector("[data-action=print]");
    if (print) print.addEventListener("click", () => window.print());
  }

  const DS = (window.debtscan = {
    data, el, format, healthTone, fileLink, ruleButton, partsBar, partsList, riskParts, openDialog, draw, loadPlotly,
    // Replaced by detail.js and the rule documentation below.
    openFile() {},
    showFile(path) {
      const target = "#file=" + encodeURIComponent(path);
      if (window.location.hash === target) DS.openFile(path);
      else window.location.hash = target;
    },
    openRule() {},
    ready: [],
  });

  function start() {
    wireDialogs();
    followSections();
    drawWhenVisible();
    for (const init of DS.ready) init();
    if (fileFromHash() !== null) onHashChange();
    document.body.dataset.ready = String(Math.round(performance.now())); // ms since navigation
  }

  // Other scripts register with DS.ready; all of them have run by DOMContentLoaded.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else setTimeout(start, 0);
})();
