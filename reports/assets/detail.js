// debtscan report: a file's detail (metrics, change history, functions, findings, authors)
// and the documentation of a rule, each in a dialog.
(function () {
  "use strict";
  const DS = window.debtscan;
  const { el, format } = DS;
  const FUNCTION_ROWS = 40;
  const SVG = "http://www.w3.org/2000/svg";
  let rows = null;

  function rowOf(path) {
    if (rows === null) rows = new Map(DS.data("report-data").rows.map((row) => [row.path, row]));
    return rows.get(path);
  }

  function tile(label, value, note, tone) {
    return el("div", { class: `tile${tone ? " tone-" + tone : ""}` },
      el("span", { class: "tile-label", text: label }),
      el("span", { class: String(value).length > 7 ? "tile-value small" : "tile-value", text: value }),
      note ? el("span", { class: "tile-note", text: note }) : null);
  }

  function section(title, ...content) {
    return el("section", { class: "detail-section" }, el("h3", { text: title }), ...content);
  }

  function openFile(path) {
    const dialog = document.getElementById("file-detail");
    const report = DS.data("report-data");
    const row = rowOf(path);
    const detail = DS.data("detail-data")[path];
    document.getElementById("detail-title").textContent = path;
    const body = document.getElementById("detail-body");
    if (!row) {
      body.replaceChildren(el("p", { class: "unavailable-note", text: "This file is not among the analysed files." }));
      DS.openDialog(dialog);
      return;
    }
    const tiles = [
      tile(report.scored ? "Risk" : "Hotspot", format.score(row.score), `#${row.riskRank} of ${format.int(report.rows.length)}`),
    ];
    if (report.scored) {
      tiles.push(tile("Code health", format.health(row.health), "of 10", DS.healthTone(row.health)));
      tiles.push(tile("Debt", format.hours(row.debt), [row.rating && `rating ${row.rating}`, row.interest && `interest ${format.hours(row.interest)} × changes`].filter(Boolean).join(" · ")));
    }
    const facts = (detail && detail.facts) || {};
    const total = facts.revisions_total !== undefined ? `${format.int(facts.revisions_total)} in all` : `in ${report.window}`;
    tiles.push(
      tile("Commits", format.int(row.revisions), report.history ? `in ${report.window}; ${total}` : "no history"),
      tile("Complexity", format.int(row.cyclomatic), "cyclomatic, whole file"),
      tile("Lines", format.int(row.lines)),
      tile("Findings", format.int(row.findings)),
      tile("Authors", format.int(row.authors), report.history ? `in ${report.window}` : "no history"),
    );
    if (facts.bugfixes !== undefined && report.history) tiles.push(tile("Bug fixes", format.int(facts.bugfixes), `in ${report.window}`, facts.bugfixes ? "warn" : ""));
    if (facts.fan_in !== undefined) tiles.push(tile("Imported by", format.int(facts.blast_radius ?? facts.fan_in), facts.blast_radius !== undefined ? "modules, transitively" : "modules"));
    if (facts.last_changed) tiles.push(tile("Last change", facts.last_changed.slice(0, 10), facts.first_seen ? `first ${facts.first_seen.slice(0, 10)}` : ""));
    const parts = [
      el("p", { class: "detail-meta muted", text: `component ${row.component} · refactoring target #${row.order}` }),
      el("div", { class: "tiles" }, tiles),
      el("p", { class: "why-text", text: row.explanation }),
    ];
    if (report.scored) {
      parts.push(DS.riskParts(row, report.partLabels));
      const known = scoredFacts(row, facts);
      if (known.length) parts.push(el("ul", { class: "detail-facts" }, known.map((text) => el("li", { text }))));
    }
    if (detail) {
      parts.push(history(detail.months, report), functions(detail.functions), findings(detail.findings), authors(detail.authors, report.history));
    } else {
      parts.push(el("p", { class: "unavailable-note" },
        el("span", { class: "badge", text: "not available" }),
        ` Functions, findings, authors and change history are in this page for the top ${format.int(report.detailFiles)} files by risk and by interest; this file ranks below. scan.json has them for every file.`));
    }
    body.replaceChildren(...parts);
    DS.openDialog(dialog);
  }

  // The scoring stage's reasons in words: smells, knowledge and bug-fix weight.
  function scoredFacts(row, facts) {
    const known = [];
    if (facts.health_smells) known.push(`Code health ${format.health(row.health)}: ${facts.health_smells}.`);
    if (facts.doa_authors) known.push(`Knows the code (degree of authorship): ${facts.doa_authors}${facts.abandoned ? ", all inactive now" : ""}.`);
    if (facts.main_developer) known.push(`Main developer ${facts.main_developer}, ${format.percent(facts.ownership || 0)} of the lines added; ${format.percent(facts.knowledge_lost || 0)} written by people now inactive.`);
    if (facts.bugspots) known.push(`Bugspots score ${facts.bugspots.toFixed(2)} (bug fixes, recent ones weighing most).`);
    return known;
  }

  // Commits per month as bars; a quiet file shows a flat line to the analysed commit.
  function svgNode(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    return node;
  }

  function history(months, report) {
    if (!months) {
      const why = report.history ? "no commits touch this file in the history read." : "no history: not a git repository, or no commits.";
      return section("Change history", el("p", { class: "muted", text: why }));
    }
    const counts = months.counts;
    const width = 1000, height = 72, gap = counts.length > 120 ? 0 : 1;
    const step = width / counts.length;
    const highest = Math.max(...counts, 1);
    const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, class: "sparkline", role: "img", preserveAspectRatio: "none" });
    const windowStart = monthOffset(months.start, report.windowStart);
    if (report.windowStart && windowStart < counts.length) {
      const x = Math.max(0, windowStart) * step;
      svg.appendChild(svgNode("rect", { x, y: 0, width: width - x, height, class: "window" }));
    }
    const total = counts.reduce((a, b) => a + b, 0);
    const label = `${format.plural(total, "commit")} in ${format.plural(counts.length, "month")} from ${months.start}; at most ${highest} in one month`;
    svg.setAttribute("aria-label", label);
    svg.appendChild(svgNode("line", { x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5, class: "baseline" }));
    counts.forEach((count, index) => {
      if (!count) return;
      const h = Math.max(2, (count / highest) * (height - 4));
      const bar = svgNode("rect", { x: (index * step).toFixed(2), y: (height - h).toFixed(2), width: Math.max(1, step - gap).toFixed(2), height: h.toFixed(2), class: "bar" });
      const title = document.createElementNS(SVG, "title");
      title.textContent = `${monthName(months.start, index)}: ${format.plural(count, "commit")}`;
      bar.appendChild(title);
      svg.appendChild(bar);
    });
    const end = monthName(months.start, counts.length - 1);
    const legend = report.windowStart ? `${label.split(";")[0]}; shaded: the ${report.window} window` : label.split(";")[0];
    return section("Change history", svg,
      el("p", { class: "sparkline-axis muted" }, el("span", { text: months.start }), el("span", { text: legend }), el("span", { text: end })));
  }

  function monthOffset(start, month) {
    if (!month) return 0;
    const [y1, m1] = start.split("-").map(Number);
    const [y2, m2] = month.split("-").map(Number);
    return (y2 - y1) * 12 + (m2 - m1);
  }

  function monthName(start, offset) {
    const [year, month] = start.split("-").map(Number);
    const index = year * 12 + (month - 1) + offset;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  }

  function functions(list) {
    if (!list.length) return section("Functions", el("p", { class: "muted", text: "No functions: module-level code only." }));
    const hasChanges = list.some((f) => f.changes !== null && f.changes !== undefined);
    const hasHealth = list.some((f) => f.health !== null && f.health !== undefined);
    const hasCognitive = list.some((f) => f.cognitive !== null && f.cognitive !== undefined);
    const head = ["function", "lines", "cyclomatic"];
    if (hasCognitive) head.push("cognitive");
    head.push("nesting", "arguments");
    if (hasHealth) head.push("health");
    if (hasChanges) head.push("changes");
    const table = el("table", { class: "data compact" },
      el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { scope: "col", class: i ? "num" : "", text: h })))));
    const tbody = el("tbody");
    const fill = (limit) => {
      tbody.replaceChildren(...list.slice(0, limit).map((f) => {
        const cells = [
          el("td", { class: "path" }, el("span", { text: f.qualified_name }), el("span", { class: "muted", text: ` :${f.start_line}` }),
            f.smells ? el("span", { class: "smells", text: f.smells }) : null),
          el("td", { class: "num", text: format.int(f.lines) }),
          el("td", { class: "num", text: format.int(f.cyclomatic) }),
          hasCognitive ? el("td", { class: "num", text: format.int(f.cognitive) }) : null,
          el("td", { class: "num", text: format.int(f.nesting) }),
          el("td", { class: "num", text: format.int(f.arguments) }),
        ];
        if (hasHealth) cells.push(el("td", { class: "num" }, el("span", { class: `health tone-${DS.healthTone(f.health)}`, text: format.health(f.health) })));
        if (hasChanges) cells.push(el("td", { class: "num", text: format.int(f.changes) }));
        return el("tr", {}, cells);
      }));
    };
    fill(FUNCTION_ROWS);
    table.appendChild(tbody);
    const order = hasChanges ? "most changed first" : "most complex first";
    const parts = [el("p", { class: "muted", text: `${format.plural(list.length, "function")}, ${order}.` }), el("div", { class: "table-scroll" }, table)];
    if (list.length > FUNCTION_ROWS) {
      const more = el("button", { type: "button", class: "link-button", text: `Show all ${list.length} functions` });
      more.addEventListener("click", () => {
        fill(list.length);
        more.remove();
      });
      parts.push(more);
    }
    return section("Functions", ...parts);
  }

  function findings(list) {
    if (!list.length) return section("Findings", el("p", { class: "muted", text: "No findings in this file." }));
    const table = el("table", { class: "data compact" },
      el("thead", {}, el("tr", {}, ["line", "rule", "severity", "finding", "effort"].map((h, i) => el("th", { scope: "col", class: i === 0 || i === 4 ? "num" : "", text: h })))),
      el("tbody", {}, list.map((f) => el("tr", {},
        el("td", { class: "num", text: f.line }),
        el("td", {}, DS.ruleButton(f.code)),
        el("td", {}, el("span", { class: `severity severity-${f.severity}`, text: f.severity })),
        el("td", {}, codeText(f.message)),
        el("td", { class: "num", text: format.hours(f.minutes) })))));
    return section("Findings", el("div", { class: "table-scroll" }, table));
  }

  function authors(list, hasHistory) {
    if (!list.length) return section("Authors", el("p", { class: "muted", text: hasHistory ? "No commits found." : "No history: not a git repository." }));
    const total = list.reduce((sum, [, n]) => sum + n, 0);
    return section("Authors",
      el("p", { class: "muted", text: `${format.plural(total, "commit")} by ${format.plural(list.length, "person", "people")}, whole history.` }),
      el("ul", { class: "authors" }, list.slice(0, 12).map(([name, commits]) => el("li", {},
        el("span", { class: "author-name", text: name }),
        el("span", { class: "meter", "aria-hidden": "true" }, el("span", { style: { width: `${Math.round((commits / total) * 100)}%` } })),
        el("span", { class: "num", text: `${format.plural(commits, "commit")} (${format.percent(commits / total)})` })))),
      list.length > 12 ? el("p", { class: "muted", text: `and ${list.length - 12} more.` }) : null);
  }

  // `code` spans of rule texts become <code> elements; the rest stays text.
  function codeText(text) {
    const span = el("span");
    String(text).split("`").forEach((piece, index) => {
      if (piece) span.appendChild(index % 2 ? el("code", { text: piece }) : document.createTextNode(piece));
    });
    return span;
  }

  function openRule(code) {
    const dialog = document.getElementById("rule-doc");
    const rule = DS.data("rule-data")[code];
    document.getElementById("rule-title").textContent = rule && rule.name ? `${code} ${rule.name}` : code;
    const body = document.getElementById("rule-body");
    if (!rule) {
      document.getElementById("rule-eyebrow").textContent = "Rule";
      body.replaceChildren(el("p", { class: "unavailable-note", text: "This report has no documentation for this rule." }));
      DS.openDialog(dialog);
      return;
    }
    const facts = [rule.category, rule.severity, fixText(rule.fix)];
    if (rule.deprecated_in) facts.push(`deprecated in Python ${rule.deprecated_in}`);
    if (rule.removed_in) facts.push(`removed in Python ${rule.removed_in}`);
    document.getElementById("rule-eyebrow").textContent = facts.filter(Boolean).join(" · ");
    const docs = rule.docs || rule;
    const parts = [];
    const prose = (title, text) => text && parts.push(el("h3", { text: title }), el("p", {}, codeText(text)));
    const code_ = (title, text) => text && parts.push(el("h3", { text: title }), el("pre", {}, el("code", { text: String(text).replace(/^\n+|\s+$/g, "") })));
    prose("What it does", docs.what);
    prose("Why is this bad?", docs.why);
    code_("Example", docs.example);
    code_("Use instead", docs.use_instead);
    prose("Fix safety", docs.fix_safety);
    const links = (docs.references || []).filter((url) => /^https?:\/\//.test(url));
    if (links.length) {
      parts.push(el("h3", { text: "References" }), el("ul", {}, links.map((url) => el("li", {}, el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: url })))));
    }
    body.replaceChildren(...parts);
    DS.openDialog(dialog);
  }

  function fixText(fix) {
    return { safe: "automatic fix", unsafe: "fix needs review", none: "manual fix" }[fix] || "";
  }

  DS.openFile = openFile;
  DS.openRule = openRule;
})();
