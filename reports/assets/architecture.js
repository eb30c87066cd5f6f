// The architecture section: a layered dependency graph of components (click one to see
// its modules), the import cycles, and change coupling with hidden coupling first.
// Positions come laid out from Python; repository strings reach the page through
// textContent only.
(function () {
  "use strict";
  const source = document.getElementById("architecture-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const box = { width: 170, height: 34, gapX: 30, gapY: 70, margin: 20 };
  const view = document.getElementById("arch-view");
  const title = document.getElementById("arch-title");
  const back = document.getElementById("arch-back");
  const neighbours = document.getElementById("arch-neighbours");

  function svgElement(name, attrs) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) element.setAttribute(key, String(value));
    return element;
  }

  function element(name, text, cls) {
    const node = document.createElement(name);
    if (text !== undefined) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function shortLabel(name) {
    const parts = name.split(".");
    const label = parts.length > 2 ? "…" + parts.slice(-2).join(".") : name;
    return label.length > 24 ? label.slice(0, 23) + "…" : label;
  }

  function centre(node) {
    return {
      x: box.margin + node.x * (box.width + box.gapX) + box.width / 2,
      y: box.margin + node.y * (box.height + box.gapY) + box.height / 2,
    };
  }

  function describe(node) {
    const lines = [node.id];
    if (node.path) lines.push(node.path);
    if (node.modules !== undefined) lines.push(`${node.modules} modules`);
    lines.push(`fan-in ${node.fan_in ?? 0}, fan-out ${node.fan_out ?? 0}, ` +
      `instability ${node.instability === null || node.instability === undefined ? "n/a" : node.instability}`);
    lines.push(`blast radius ${node.blast_radius ?? 0}, depth ${node.depth ?? 0}`);
    if (node.cycle) lines.push(`in import cycle #${node.cycle}`);
    return lines.join("\n");
  }

  function draw(drawing, onOpen) {
    const nodes = new Map(drawing.nodes.map((n) => [n.id, n]));
    const columns = Math.max(1, ...drawing.nodes.map((n) => n.x + 1));
    const rows = Math.max(1, ...drawing.nodes.map((n) => n.y + 1));
    const width = box.margin * 2 + columns * (box.width + box.gapX);
    const height = box.margin * 2 + rows * (box.height + box.gapY);
    // A group, not an image: its boxes are buttons that the keyboard reaches.
    const svg = svgElement("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "group",
      "aria-label": `Dependency graph: ${title.textContent}` });
    const defs = svgElement("defs");
    for (const [id, colour] of [["arch-arrow", "#9aa5b1"], ["arch-arrow-cycle", "#d55e00"]]) {
      const marker = svgElement("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
      marker.appendChild(svgElement("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: colour }));
      defs.appendChild(marker);
    }
    svg.appendChild(defs);
    for (const edge of drawing.edges) {
      const from = centre(nodes.get(edge.source)), to = centre(nodes.get(edge.target));
      const down = to.y >= from.y;
      const y1 = from.y + (down ? box.height / 2 : -box.height / 2);
      const y2 = to.y + (down ? -box.height / 2 : box.height / 2);
      const bend = from.y === to.y ? -40 : 0; // same row: arc above the boxes
      const path = svgElement("path", {
        d: `M ${from.x} ${y1} C ${from.x} ${y1 + (y2 - y1) / 2 + bend}, ${to.x} ${y1 + (y2 - y1) / 2 + bend}, ${to.x} ${y2}`,
        class: `edge ${edge.kind}${edge.cycle ? " cycle" : ""}`,
        "marker-end": `url(#${edge.cycle ? "arch-arrow-cycle" : "arch-arrow"})`,
      });
      const tip = svgElement("title");
      tip.textContent = `${edge.source} → ${edge.target}: ${edge.imports} import(s), ${edge.kind}`;
      path.appendChild(tip);
      svg.appendChild(path);
    }
    for (const node of drawing.nodes) {
      const at = centre(node);
      const group = svgElement("g", {
        class: `node${node.cycle ? " in-cycle" : ""}`, tabindex: 0, role: "button",
        "data-id": node.id, transform: `translate(${at.x - box.width / 2}, ${at.y - box.height / 2})`,
      });
      group.setAttribute("aria-label", node.id);
      group.appendChild(svgElement("rect", { width: box.width, height: box.height, rx: 6 }));
      const label = svgElement("text", { x: 8, y: box.height / 2 + 4 });
      label.textContent = shortLabel(node.id);
      group.appendChild(label);
      const tip = svgElement("title");
      tip.textContent = describe(node);
      group.appendChild(tip);
      if (onOpen) {
        group.addEventListener("click", () => onOpen(node.id));
        group.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onOpen(node.id); }
        });
      }
      svg.appendChild(group);
    }
    view.replaceChildren(svg);
  }

  function showComponents() {
    back.hidden = true;
    const shown = data.components.nodes.length;
    title.textContent = shown < data.components_total
      ? `${shown} of ${data.components_total.toLocaleString("en")} components: those in cycles, then the largest`
      : `${shown} components`;
    neighbours.replaceChildren();
    draw(data.components, showComponent);
  }

  function neighbourList(heading, items) {
    const block = element("div");
    block.appendChild(element("h4", heading));
    if (!items.length) block.appendChild(element("span", "none", "hint"));
    for (const [name, count] of items) {
      const button = element("button", `${name} (${count})`);
      button.type = "button";
      button.addEventListener("click", () => showComponent(name));
      block.appendChild(button);
    }
    return block;
  }

  function showComponent(name) {
    const drawing = data.modules[name];
    if (!drawing) return;
    back.hidden = false;
    title.textContent = `${name}: ${drawing.nodes.length} modules`;
    // A module opens its file's detail (see report.js).
    draw(drawing, (id) => {
      const node = drawing.nodes.find((n) => n.id === id);
      if (node && node.path && window.debtscan) window.debtscan.showFile(node.path);
    });
    neighbours.replaceChildren(
      neighbourList("imports from", drawing.uses),
      neighbourList("imported by", drawing.used_by),
    );
  }

  back.addEventListener("click", showComponents);
  // Drawn when the reader gets near it, like the charts: not a cost of the first screen.
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        if (!view.firstChild) showComponents();
      }
    }, { rootMargin: "300px 0px" });
    observer.observe(view);
  } else {
    showComponents();
  }

  function row(cells) {
    const tr = document.createElement("tr");
    for (const [text, cls] of cells) tr.appendChild(element("td", text, cls));
    return tr;
  }

  const cycleBody = document.querySelector("#arch-cycles tbody");
  for (const cycle of data.cycles) {
    const cuts = cycle.breaking_edges.map((e) => `${e.source} → ${e.target}`).join("; ");
    cycleBody.appendChild(row([[cycle.rank, "num"], [cycle.members.length, "num"],
      [cycle.members.join(", "), "path"], [cuts, "path"]]));
  }
  if (!data.cycles.length) cycleBody.appendChild(row([["", ""], ["", ""], ["No import cycles.", ""], ["", ""]]));

  // A file of the report opens its detail (report.js handles links with data-file).
  function fileCell(path) {
    const cell = element("td", undefined, "path");
    const link = element("a", path, "file-link");
    link.href = "#file=" + encodeURIComponent(path);
    link.dataset.file = path;
    cell.appendChild(link);
    return cell;
  }

  const couplingBody = document.querySelector("#arch-coupling tbody");
  for (const pair of data.coupling) {
    const link = pair.import_path === null ? "n/a" : pair.import_path ? "yes" : "hidden";
    const components = pair.first_component === pair.second_component
      ? pair.first_component : `${pair.first_component} ↔ ${pair.second_component}`;
    const tr = row([[pair.degree, "num"], [pair.shared, "num"],
      [link, pair.hidden ? "badge-hidden" : ""], [components, ""]]);
    tr.prepend(fileCell(pair.first), fileCell(pair.second));
    couplingBody.appendChild(tr);
  }
  if (!data.coupling.length) {
    couplingBody.appendChild(row([["No files change together often enough to count.", ""]]));
  }
  if (data.coupling_total > data.coupling.length) {
    document.getElementById("arch-coupling-more").textContent =
      `${data.coupling.length} of ${data.coupling_total} pairs shown; scan.json has them all.`;
  }
})();
