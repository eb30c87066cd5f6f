// debtscan report: the refactoring targets, a sortable, filterable, paged table.
(function () {
  "use strict";
  const DS = window.debtscan;
  const { el, format } = DS;
  const PAGE = 25;
  const ASCENDING_FIRST = new Set(["order", "path", "component", "health"]);

  function init() {
    const report = DS.data("report-data");
    const table = document.getElementById("targets-table");
    if (!table) return;
    const body = table.querySelector("tbody");
    const columns = table.querySelectorAll("thead th").length;
    const state = { search: "", folder: "", component: "", category: "", key: "order", ascending: true, page: 0 };
    const open = new Set();

    fill("target-folder", report.folders);
    fill("target-component", report.components);
    fill("target-category", report.categories);

    function fill(id, values) {
      const select = document.getElementById(id);
      for (const value of values) select.appendChild(el("option", { value, text: value }));
      if (!values.length) select.disabled = true;
    }

    function matches(row) {
      if (state.folder && row.folder !== state.folder && !row.folder.startsWith(state.folder + "/")) return false;
      if (state.component && row.component !== state.component) return false;
      if (state.category && !row.categories[state.category]) return false;
      if (!state.search) return true;
      const needle = state.search;
      return [row.path, row.owner, row.explanation, row.component].some((text) => text && text.toLowerCase().includes(needle));
    }

    function compare(a, b) {
      const x = a[state.key], y = b[state.key];
      if (x === y) return a.order - b.order;
      if (x === null || x === undefined) return 1; // missing values last, either way
      if (y === null || y === undefined) return -1;
      const order = typeof x === "string" ? x.localeCompare(y) : x - y;
      return state.ascending ? order : -order;
    }

    // Scored: the risk as the stacked bar of its parts; else the hotspot score as a meter.
    function scoreCell(row) {
      const bar = report.scored
        ? DS.partsBar(row.parts, report.partLabels)
        : el("span", { class: "meter", "aria-hidden": "true" }, el("span", { style: { width: `${Math.round(row.score * 100)}%` } }));
      bar.classList.add("cell-bar");
      return el("td", { class: "num" }, el("span", { class: "score-cell" }, bar, format.score(row.score)));
    }

    // Interest is debt minutes × commits: shown as hours × commits, the unit in the header.
    function interestHours(minutes) {
      return minutes === null || minutes === undefined ? "—" : format.int(Math.round(minutes / 60));
    }

    function healthCell(row) {
      const tone = DS.healthTone(row.health);
      return el("td", { class: "num" }, el("span", { class: `health${tone ? " tone-" + tone : ""}` }, format.health(row.health)));
    }

    function rowElement(row) {
      const id = `target-more-${row.order}`;
      const expanded = open.has(row.path);
      const toggle = el("button", { type: "button", class: "expand", "aria-expanded": String(expanded), "aria-controls": id, title: "Why this file" }, expanded ? "Less" : "Why");
      toggle.addEventListener("click", () => {
        if (open.has(row.path)) open.delete(row.path);
        else open.add(row.path);
        render();
      });
      const cells = [
        el("td", { class: "num", text: row.order }),
        el("td", { class: "path" }, DS.fileLink(row.path)),
        el("td", { class: "path muted", text: row.component }),
        scoreCell(row),
      ];
      if (report.scored) cells.push(healthCell(row), el("td", { class: "num", text: format.hours(row.debt) }), el("td", { class: "num", text: interestHours(row.interest) }));
      cells.push(
        el("td", { class: "num", text: format.int(row.revisions) }),
        el("td", { class: "num", text: format.int(row.cyclomatic) }),
        el("td", { class: "num", text: format.int(row.lines) }),
        el("td", { class: "num", text: format.int(row.findings) }),
        el("td", { class: "num", text: format.int(row.authors) }),
        el("td", {}, toggle),
      );
      const rows = [el("tr", { data: { path: row.path } }, cells)];
      if (expanded) rows.push(el("tr", { class: "more", id }, el("td", { colspan: columns }, explanation(row))));
      return rows;
    }

    function explanation(row) {
      const box = el("div", { class: "why" }, el("p", {}, row.explanation));
      if (report.scored) {
        box.appendChild(DS.riskParts(row, report.partLabels));
        if (row.smells) box.appendChild(el("p", { class: "muted", text: `Code health ${format.health(row.health)}: ${row.smells}` }));
      } else {
        box.appendChild(el("p", { class: "muted", text: `hotspot ${format.score(row.score)} = change percentile ${format.score(row.parts.change)} × complexity percentile ${format.score(row.parts.complexity)}` }));
      }
      const categories = Object.entries(row.categories).map(([c, n]) => `${c} ${n}`);
      if (categories.length) box.appendChild(el("p", { class: "muted", text: `Findings: ${categories.join(", ")}` }));
      if (row.owner) box.appendChild(el("p", { class: "muted", text: `Main developer: ${row.owner}` }));
      return box;
    }

    function render() {
      const rows = report.rows.filter(matches).sort(compare);
      const pages = Math.max(1, Math.ceil(rows.length / PAGE));
      state.page = Math.min(state.page, pages - 1);
      const shown = rows.slice(state.page * PAGE, (state.page + 1) * PAGE);
      body.replaceChildren(...shown.flatMap(rowElement));
      if (!shown.length) body.appendChild(el("tr", {}, el("td", { colspan: columns, class: "empty", text: "No file matches these filters." })));
      const total = report.rows.length;
      document.getElementById("target-count").textContent = rows.length === total ? format.plural(total, "file") : `${format.int(rows.length)} of ${format.plural(total, "file")}`;
      document.getElementById("target-page").textContent = `page ${state.page + 1} of ${pages}`;
      document.getElementById("target-prev").disabled = state.page === 0;
      document.getElementById("target-next").disabled = state.page >= pages - 1;
    }

    function control(id, key, transform) {
      const input = document.getElementById(id);
      input.addEventListener("input", () => {
        state[key] = transform ? transform(input.value) : input.value;
        state.page = 0;
        render();
      });
    }
    control("target-search", "search", (value) => value.trim().toLowerCase());
    control("target-folder", "folder");
    control("target-component", "component");
    control("target-category", "category");
    table.closest("section").querySelector("form").addEventListener("submit", (event) => event.preventDefault());

    for (const button of table.querySelectorAll("th button[data-sort]")) {
      button.addEventListener("click", () => {
        const key = button.dataset.sort;
        state.ascending = state.key === key ? !state.ascending : ASCENDING_FIRST.has(key);
        state.key = key;
        for (const th of table.querySelectorAll("th")) th.removeAttribute("aria-sort");
        button.closest("th").setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
        render();
      });
    }
    const page = (step) => () => {
      state.page += step;
      render();
      table.scrollIntoView({ block: "start" });
    };
    document.getElementById("target-prev").addEventListener("click", page(-1));
    document.getElementById("target-next").addEventListener("click", page(1));
    render();
  }

  DS.ready.push(init);
})();
