// The report page: charts from the embedded figures, a sortable, filterable, paged table.
// Repository strings only ever reach the page through textContent.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("scan-data").textContent);
  const figures = JSON.parse(document.getElementById("figures").textContent);
  const config = { displaylogo: false, responsive: true };

  for (const [id, figure] of Object.entries(figures)) {
    const target = document.getElementById(id);
    if (target) Plotly.newPlot(target, figure.data, figure.layout, config);
  }

  const pageSize = 50;
  const state = { rows: data.files, key: "rank", ascending: true, page: 0, filter: "" };
  const body = document.querySelector("#files tbody");
  const columns = [
    ["rank", "num"], ["path", "path"], ["hotspot", "num"], ["revisions", "num"],
    ["cyclomatic_total", "num"], ["lines", "num"], ["authors", "num"], ["explanation", ""],
  ];

  function cell(row, key, cls) {
    const td = document.createElement("td");
    const value = row[key];
    td.textContent = typeof value === "number" && key === "hotspot" ? value.toFixed(3) : String(value ?? "");
    if (cls) td.className = cls;
    return td;
  }

  function render() {
    const needle = state.filter.toLowerCase();
    const rows = data.files.filter((f) => !needle || f.path.toLowerCase().includes(needle));
    rows.sort((a, b) => {
      const x = a[state.key], y = b[state.key];
      const order = x < y ? -1 : x > y ? 1 : 0;
      return state.ascending ? order : -order;
    });
    const pages = Math.max(1, Math.ceil(rows.length / pageSize));
    state.page = Math.min(state.page, pages - 1);
    body.replaceChildren();
    for (const row of rows.slice(state.page * pageSize, (state.page + 1) * pageSize)) {
      const tr = document.createElement("tr");
      for (const [key, cls] of columns) tr.appendChild(cell(row, key, cls));
      body.appendChild(tr);
    }
    document.getElementById("count").textContent = `${rows.length} of ${data.files.length} files`;
    document.getElementById("page").textContent = `page ${state.page + 1} of ${pages}`;
    document.getElementById("prev").disabled = state.page === 0;
    document.getElementById("next").disabled = state.page >= pages - 1;
  }

  document.getElementById("filter").addEventListener("input", (event) => {
    state.filter = event.target.value;
    state.page = 0;
    render();
  });
  document.getElementById("prev").addEventListener("click", () => { state.page -= 1; render(); });
  document.getElementById("next").addEventListener("click", () => { state.page += 1; render(); });
  for (const th of document.querySelectorAll("#files th[data-key]")) {
    th.addEventListener("click", () => {
      const key = th.dataset.key;
      state.ascending = state.key === key ? !state.ascending : key === "path" || key === "rank";
      state.key = key;
      for (const other of document.querySelectorAll("#files th")) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
      render();
    });
  }
  render();

  const outcomeBody = document.querySelector("#not-analysed tbody");
  for (const o of data.outcomes.filter((o) => o.status !== "analyzed")) {
    const tr = document.createElement("tr");
    for (const key of ["path", "status", "reason", "detail"]) tr.appendChild(cell(o, key, key === "path" ? "path" : ""));
    outcomeBody.appendChild(tr);
  }
  if (!outcomeBody.children.length) {
    const tr = document.createElement("tr");
    const td = cell({ text: "Every file was analysed." }, "text", "");
    td.colSpan = 4;
    tr.appendChild(td);
    outcomeBody.appendChild(tr);
  }
})();
