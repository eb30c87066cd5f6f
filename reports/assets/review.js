// The review's charts, drawn from the embedded figures; redrawn at the paper's width to print.
(function () {
  "use strict";
  const figures = JSON.parse(document.getElementById("figures").textContent);
  const config = { displaylogo: false, responsive: true, staticPlot: false };
  for (const [id, figure] of Object.entries(figures)) {
    const target = document.getElementById(id);
    if (target) Plotly.newPlot(target, figure.data, figure.layout, config);
  }
  // Redraw at the paper's width when printing, and back afterwards.
  const resize = () => document.querySelectorAll(".chart").forEach((c) => Plotly.Plots.resize(c));
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
