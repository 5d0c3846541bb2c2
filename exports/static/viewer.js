/* kgbuilder viewer. Every piece of graph text reaches the DOM through textContent (never innerHTML);
   labels go to the canvas; vis-network renders string tooltips with innerText. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var state = (window.kgViewer = { drawn: false, drawnAt: null, error: null });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
  function typeName(t) { return t ? t : meta.untyped; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---------------------------------------------------------------- title bar
  document.getElementById("kg-title").textContent = meta.title;
  document.getElementById("kg-title").title = meta.title;
  document.getElementById("kg-counts").textContent =
    plural(meta.entities, "entity").replace(/entitys$/, "entities") + " · " +
    plural(meta.relations, "relation") + " · " + plural(meta.evidence, "evidence sentence");
  if (meta.cut) {
    var cut = document.getElementById("kg-cut");
    var how = [];
    if (meta.cut.around !== undefined) how.push("around “" + meta.cut.around + "”" +
      (meta.cut.hops !== undefined ? ", " + plural(meta.cut.hops, "hop") : ""));
    if (meta.cut.top !== undefined) how.push("top " + fmt(meta.cut.top) + " by degree");
    cut.textContent = "Cut view" + (how.length ? " (" + how.join("; ") + ")" : "") + ": showing " +
      fmt(meta.entities) + " of " + fmt(meta.cut.nodes) + " entities and " +
      fmt(meta.relations) + " of " + fmt(meta.cut.edges) + " relations";
    cut.title = cut.textContent;
    cut.hidden = false;
  }
  document.getElementById("kg-layout-note").textContent =
    (meta.layout === "physics" ? "Layout: live physics." : "Layout: precomputed (physics off).") +
    " Node size: " + (meta.sizeBy === "mentions" ? "mentions" : "number of links") +
    ". Dashed red edges are negated facts.";

  if (typeof vis === "undefined") {
    state.error = "vis-network did not load";
    document.getElementById("kg-network").appendChild(el("p", "The drawing library did not load.", "kg-note"));
    return;
  }

  // ---------------------------------------------------------------- data and filters
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hiddenTypes = new Set();
  var hiddenRelations = new Set();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenTypes.has(n.kgType); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hiddenRelations.has(e.relation); } });

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  function markDrawn() {
    if (state.drawn) return;
    state.drawn = true;
    state.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");
  }
  var refitted = false;
  network.on("afterDrawing", function () {
    // with physics the first frames show the unsettled graph: wait for the stabilisation
    if (meta.layout === "physics" && !state.stabilized) return;
    if (!refitted && meta.layout === "physics") {
      // labels are measured by the first drawing: fit again so the view holds them all
      refitted = true;
      network.fit({ animation: false });
      return;
    }
    markDrawn();
  });
  network.once("stabilizationIterationsDone", function () {
    // freeze the settled layout (dragging still moves a node)
    state.stabilized = true;
    network.setOptions({ physics: { enabled: false } });
  });

  function checkItem(list, swatch, name, count, checked, onChange) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(swatch);
    var nameNode = el("span", name, "kg-name");
    nameNode.title = name;
    label.appendChild(nameNode);
    label.appendChild(el("span", fmt(count), "kg-count"));
    li.appendChild(label);
    list.appendChild(li);
    return { li: li, box: box, name: name };
  }

  var typeCounts = new Map();
  data.nodes.forEach(function (n) { typeCounts.set(n.kgType, (typeCounts.get(n.kgType) || 0) + 1); });
  var typeList = document.getElementById("kg-types");
  var typeBoxes = new Map();
  Array.from(typeCounts.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); })
    .forEach(function (entry) {
      var t = entry[0];
      var swatch = el("span", null, "kg-swatch");
      swatch.style.background = meta.colors[t] || "#a0a0a0";
      var item = checkItem(typeList, swatch, typeName(t), entry[1], true, function (on) {
        if (on) hiddenTypes.delete(t); else hiddenTypes.add(t);
        nodeView.refresh();
      });
      typeBoxes.set(t, item.box);
    });

  var relCounts = new Map();
  var relNegated = new Set();
  data.edges.forEach(function (e) {
    relCounts.set(e.relation, (relCounts.get(e.relation) || 0) + 1);
    if (e.negated) relNegated.add(e.relation);
  });
  var relList = document.getElementById("kg-relations");
  var relItems = [];
  Array.from(relCounts.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); })
    .forEach(function (entry) {
      var r = entry[0];
      var line = el("span", null, "kg-line" + (relNegated.has(r) && relCounts.get(r) === 1 ? " kg-neg" : ""));
      relItems.push(checkItem(relList, line, r, entry[1], true, function (on) {
        if (on) hiddenRelations.delete(r); else hiddenRelations.add(r);
        edgeView.refresh();
      }));
    });
  function setAllRelations(on) {
    relItems.forEach(function (item) {
      if (item.li.hidden) return;
      item.box.checked = on;
      if (on) hiddenRelations.delete(item.name); else hiddenRelations.add(item.name);
    });
    edgeView.refresh();
  }
  document.getElementById("kg-rel-all").addEventListener("click", function () { setAllRelations(true); });
  document.getElementById("kg-rel-none").addEventListener("click", function () { setAllRelations(false); });
  document.getElementById("kg-rel-filter").addEventListener("input", function (ev) {
    var q = ev.target.value.trim().toLowerCase();
    relItems.forEach(function (item) { item.li.hidden = q !== "" && item.name.toLowerCase().indexOf(q) < 0; });
  });

  // ---------------------------------------------------------------- details panel
  var details = document.getElementById("kg-details");
  function nodeLink(id) {
    var n = nodes.get(id);
    var b = el("button", n ? n.fullLabel : String(id), "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function dl(rows) {
    var list = el("dl");
    rows.forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") return;
      list.appendChild(el("dt", row[0]));
      list.appendChild(row[1] instanceof Node ? (function () { var dd = el("dd"); dd.appendChild(row[1]); return dd; })() : el("dd", row[1]));
    });
    return list;
  }
  function relationText(e) { return e.negated ? "not " + e.relation : e.relation; }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    clear(details);
    details.appendChild(el("h3", n.fullLabel));
    details.appendChild(dl([
      ["type", typeName(n.kgType)],
      ["id", n.kgId],
      ["aliases", (n.aliases || []).join(", ")],
      ["mentions", fmt(n.mentions)],
      ["links", fmt(n.degree)]
    ]));
    var linked = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    if (linked.length) {
      details.appendChild(el("h4", "Relations"));
      var ul = el("ul");
      linked.slice(0, 200).forEach(function (e) {
        var li = el("li");
        if (e.from === id) {
          li.appendChild(el("span", relationText(e) + " → ", e.negated ? "kg-neg-text" : null));
          li.appendChild(nodeLink(e.to));
        } else {
          li.appendChild(nodeLink(e.from));
          li.appendChild(el("span", " → " + relationText(e), e.negated ? "kg-neg-text" : null));
        }
        li.appendChild(document.createTextNode(" "));
        var more = el("button", "(evidence)", "kg-link");
        more.type = "button";
        more.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
        li.appendChild(more);
        ul.appendChild(li);
      });
      if (linked.length > 200) ul.appendChild(el("li", "… and " + fmt(linked.length - 200) + " more"));
      details.appendChild(ul);
    }
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    clear(details);
    var head = el("h3");
    head.appendChild(nodeLink(e.from));
    head.appendChild(el("span", " " + relationText(e) + " ", e.negated ? "kg-neg-text" : null));
    head.appendChild(nodeLink(e.to));
    details.appendChild(head);
    details.appendChild(dl([
      ["relation", e.relation],
      ["negated", e.negated ? "yes: the text says this did not happen" : ""],
      ["confidence", Number(e.confidence).toFixed(2)],
      ["evidence", plural(e.evidenceCount, "sentence")]
    ]));
    var ol = el("ol");
    (e.evidence || []).forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("div", ev.doc_id + " · sentence " + ev.sentence_index + " · confidence " +
        Number(ev.confidence).toFixed(2), "kg-src"));
      li.appendChild(el("blockquote", ev.sentence));
      ol.appendChild(li);
    });
    details.appendChild(ol);
    if (e.evidenceCount > (e.evidence || []).length) {
      details.appendChild(el("p", "… and " + fmt(e.evidenceCount - e.evidence.length) +
        " more in graph.json", "kg-note"));
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var index = data.nodes.map(function (n) {
    return { id: n.id, label: n.fullLabel, type: n.kgType, size: n.degree,
      names: [n.fullLabel].concat(n.aliases || []).map(function (s) { return String(s).toLowerCase(); }) };
  });
  var active = -1;

  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    if (hiddenTypes.has(n.kgType)) {
      hiddenTypes.delete(n.kgType);
      var box = typeBoxes.get(n.kgType);
      if (box) box.checked = true;
      nodeView.refresh();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
    state.focused = id;
  }
  state.focusNode = focusNode;

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var item = index[i], best = -1;
      for (var j = 0; j < item.names.length; j++) {
        var at = item.names[j].indexOf(q);
        if (at === 0) { best = item.names[j].length === q.length ? 0 : 1; break; }
        if (at > 0 && best < 0) best = 2;
      }
      if (best >= 0) hits.push([best, -item.size, item]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2].label < b[2].label ? -1 : 1); });
    return hits.slice(0, 15).map(function (h) { return h[2]; });
  }
  state.find = function (q) { return find(q).map(function (h) { return h.label; }); };

  function renderResults() {
    clear(results);
    active = -1;
    var hits = find(search.value);
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!hits.length) results.appendChild(el("li", "no entity matches", "kg-empty"));
    hits.forEach(function (hit) {
      var li = el("li");
      var b = el("button");
      b.type = "button";
      b.setAttribute("role", "option");
      b.appendChild(el("span", hit.label, "kg-name"));
      b.appendChild(el("span", typeName(hit.type), "kg-type-tag"));
      b.addEventListener("click", function () { focusNode(hit.id); results.hidden = true; });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = false;
  }
  search.addEventListener("input", renderResults);
  search.addEventListener("focus", function () { if (search.value.trim()) renderResults(); });
  search.addEventListener("keydown", function (ev) {
    var buttons = results.querySelectorAll("button");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!buttons.length) return;
      ev.preventDefault();
      if (active >= 0) buttons[active].classList.remove("kg-active");
      active = (active + (ev.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length;
      buttons[active].classList.add("kg-active");
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      var chosen = buttons[active >= 0 ? active : 0];
      if (chosen) chosen.click();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("click", function (ev) {
    if (!results.contains(ev.target) && ev.target !== search) results.hidden = true;
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
})();
