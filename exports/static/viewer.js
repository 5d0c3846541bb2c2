/* kgbuilder viewer. Every piece of graph text reaches the DOM through textContent (never innerHTML);
   labels go to the canvas; vis-network renders string tooltips with innerText. The text was made safe to
   display in Python (bidi controls and invisible characters replaced, long text cut).

   What is drawn: the entity layer's entities in components of 3 or more ("drawn"); entities the user
   unfolds from the small-groups list ("folded"); the claims of an entity when asked for ("claims"). */
(function () {
  "use strict";
  // where the time to the first drawing goes (benchmarks/viewer_speed.py): script start, data parsed,
  // records and readable labels ready, network made (it draws on the next frame)
  var timings = { start: performance.now() };
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var state = (window.kgViewer = { drawn: false, drawnAt: null, error: null, timings: timings });
  timings.parsed = performance.now();
  var READABLE_PX = 13;  // the size the top labels get at fit zoom
  var bigAt = 0, sizedFor = null;  // the enlarged labels' size in canvas units, and the zoom it was chosen at
  var BASE_FONT = data.options.nodes.font.size;
  var MAX_BIG_LABELS = 40;
  var MAX_FACTS = 60;  // per relation group in the side panel

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }  // toLocaleString is slow
  function plural(n, word, many) { return fmt(n) + " " + (n === 1 ? word : (many || word + "s")); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function relationText(e) {
    var text = e.modality ? e.modality + " " + e.relation : e.relation;
    return e.negated ? "not " + text : text;
  }
  function relationClass(e) { return e.negated ? "kg-neg-text" : e.modality ? "kg-hyp-text" : null; }

  // ---------------------------------------------------------------- title bar
  document.getElementById("kg-title").textContent = meta.title;
  document.getElementById("kg-title").title = meta.title;
  document.getElementById("kg-counts").textContent =
    plural(meta.entities, "entity", "entities") + " · " + plural(meta.relations, "relation") + " · " +
    plural(meta.claims, "claim") + " · " + plural(meta.evidence, "evidence sentence");
  if (meta.cut) {
    var cut = document.getElementById("kg-cut");
    var how = [];
    if (meta.cut.around !== undefined) how.push("around “" + meta.cut.around + "”" +
      (meta.cut.hops !== undefined ? ", " + plural(meta.cut.hops, "hop") : ""));
    if (meta.cut.top !== undefined) how.push("top " + fmt(meta.cut.top) + " by degree");
    cut.textContent = "Cut view" + (how.length ? " (" + how.join("; ") + ")" : "") + ": showing " +
      fmt(data.nodes.length) + " of " + fmt(meta.cut.nodes) + " nodes and " +
      fmt(data.edges.length) + " of " + fmt(meta.cut.edges) + " edges";
    cut.title = cut.textContent;
    cut.hidden = false;
  }
  document.getElementById("kg-layout-note").textContent =
    "The entity layer: " + plural(meta.drawn, "entity", "entities") + " drawn, communities apart" +
    (meta.folded ? "; " + fmt(meta.folded) + " more in small groups (list below)" : "") + ". " +
    "An entity's claims are in its panel. Node size: " + (meta.sizeBy === "mentions" ? "mentions" : "links") +
    ". Dashed red: denied; dashed purple: hypothetical (will, may …). Squares: concepts; diamonds: values and statements.";

  if (typeof vis === "undefined") {
    state.error = "vis-network did not load";
    document.getElementById("kg-network").appendChild(el("p", "The drawing library did not load.", "kg-note"));
    return;
  }

  // ---------------------------------------------------------------- data and what is visible
  // vis-network copies every field of its records: the drawing gets what it draws (and what filters
  // read); the rest stays in the page's own records (byId, edgeInfo). Colours and tooltips are made
  // here from the records, so the page carries each sentence once.
  var NODE_FIELDS = ["id", "label", "x", "y", "value", "shape", "font", "kgId", "category", "kind", "layer", "place"];
  var EDGE_FIELDS = ["id", "from", "to", "label", "arrows", "width", "dashes", "color", "font", "smooth",
    "relation", "schema", "negated", "modality", "layer"];
  function pick(record, fields) {
    var copy = {};
    for (var i = 0; i < fields.length; i++) if (record[fields[i]] !== undefined) copy[fields[i]] = record[fields[i]];
    return copy;
  }
  function shorten(text, limit) { text = String(text); return text.length > limit ? text.slice(0, limit - 1) + "…" : text; }
  function nodeTitle(n) {
    var tip = [n.fullLabel, "type: " + n.category];
    var aliases = n.aliases || [];
    if (aliases.length) tip.push("aliases: " + aliases.slice(0, 12).join(", ") + (aliases.length > 12 ? " …" : ""));
    tip.push("mentions: " + n.mentions + " · links: " + n.degree + " · claims: " + n.claims);
    return tip.join("\n");
  }
  function edgeTitle(e) {
    var tip = [shorten(byId.get(e.from).fullLabel, 80) + " —" + e.label + "→ " + shorten(byId.get(e.to).fullLabel, 80),
      "confidence " + Number(e.confidence).toFixed(2) + " · " + plural(e.evidenceCount, "evidence sentence")];
    (e.evidence || []).slice(0, 3).forEach(function (ev) {
      tip.push("• [" + ev.doc_id + ", sentence " + ev.sentence_index + "] (" + Number(ev.confidence).toFixed(2) + ") " +
        shorten(ev.sentence.split("\n").join(" "), 300));
    });
    if (e.evidenceCount > 3) tip.push("… and " + fmt(e.evidenceCount - 3) + " more (click the edge)");
    return tip.join("\n");
  }
  var byId = new Map(), edgeInfo = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  data.edges.forEach(function (e) { edgeInfo.set(e.id, e); });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var record = pick(n, NODE_FIELDS), color = meta.colors[n.category] || "#a0a0a0";
    record.title = nodeTitle(n);
    record.color = { background: color, border: "#33415599", highlight: { background: color, border: "#111827" } };
    return record;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var record = pick(e, EDGE_FIELDS);
    record.title = edgeTitle(e);
    return record;
  }));
  var edgesOf = new Map();
  data.edges.forEach(function (e) {
    [e.from, e.to].forEach(function (end) {
      if (!edgesOf.has(end)) edgesOf.set(end, []);
      edgesOf.get(end).push(e);
    });
  });
  var shown = new Set();  // on the canvas unless a filter hides it
  data.nodes.forEach(function (n) { if (n.place === "drawn") shown.add(n.id); });
  var hiddenCategories = new Set();
  var hiddenRelations = new Set();
  var claimsOpen = new Set();  // entities whose claims are drawn
  var visible = new Set();

  function allowed(id) { return shown.has(id) && !hiddenCategories.has(byId.get(id).category); }
  function computeVisible() {
    // the relation filter hides the nodes it leaves without a visible edge
    var filtering = hiddenRelations.size > 0, linked = new Set();
    if (filtering) {
      data.edges.forEach(function (e) {
        if (!hiddenRelations.has(e.relation) && allowed(e.from) && allowed(e.to)) { linked.add(e.from); linked.add(e.to); }
      });
    }
    visible = new Set();
    shown.forEach(function (id) { if (allowed(id) && (!filtering || linked.has(id))) visible.add(id); });
  }
  computeVisible();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visible.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return !hiddenRelations.has(e.relation) && visible.has(e.from) && visible.has(e.to);
  } });
  function refresh() { computeVisible(); nodeView.refresh(); edgeView.refresh(); }

  if (meta.layout !== "physics") {
    var firstBig = pickBig(estimateFit(), function (id) { return byId.get(id); }, function () { return 20; });
    nodes.update(Array.from(firstBig, function (id) { return { id: id, font: { size: bigAt } }; }));
  }
  timings.data = performance.now();
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  timings.network = performance.now();
  Object.assign(state, { network: network, nodes: nodes, edges: edges, shown: shown,
    visible: function () { return Array.from(visible); } });

  // ---------------------------------------------------------------- labels readable at fit zoom
  // At fit zoom a corpus graph is small on screen: enlarge the labels of the most linked entities to
  // READABLE_PX (as many as fit without overlapping); the others show when you zoom in.
  function pickBig(scale, positionOf, radiusOf) {
    var want = Math.max(BASE_FONT, READABLE_PX / scale);
    var ranked = Array.from(visible).map(function (id) { return byId.get(id); })
      .filter(function (n) { return n.rank !== undefined || n.place !== "drawn"; })
      .sort(function (a, b) { return (a.rank === undefined ? 1e9 : a.rank) - (b.rank === undefined ? 1e9 : b.rank); });
    var boxes = [], big = new Set();
    for (var k = 0; k < ranked.length && big.size < MAX_BIG_LABELS; k++) {
      var n = ranked[k], p = positionOf(n.id), r = radiusOf(n.id);
      var w = String(n.label).length * want * 0.58, h = want * 1.3;
      var box = [p.x - w / 2, p.y + r, p.x + w / 2, p.y + r + h], free = true;
      for (var i = 0; i < boxes.length && free; i++) {
        var o = boxes[i];
        free = !(box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]);
      }
      if (free) { boxes.push(box); big.add(n.id); }
    }
    state.bigLabels = Array.from(big);
    bigAt = want;
    sizedFor = scale;
    return big;
  }
  // before the network exists: the scale vis-network's fit will choose (the drawn nodes' extent in the
  // canvas), so the first frame already has its readable labels
  function estimateFit() {
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, margin = 60;
    visible.forEach(function (id) {
      var n = byId.get(id);
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x); minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var box = document.getElementById("kg-network");
    if (!isFinite(minX)) return 1;
    return Math.min(1, box.clientWidth / (maxX - minX + 2 * margin), box.clientHeight / (maxY - minY + 2 * margin));
  }
  function placeLabels() {  // after a fit, with the network's own positions and sizes
    var ids = Array.from(visible), positions = network.getPositions(ids);
    var big = pickBig(network.getScale(), function (id) { return positions[id]; }, function (id) {
      var node = network.body.nodes[id];
      return node && node.shape.radius ? node.shape.radius : 10;
    });
    var updates = [];
    nodes.forEach(function (n) {
      var size = big.has(n.id) ? bigAt : BASE_FONT;
      if ((n.font ? n.font.size : BASE_FONT) !== size) updates.push({ id: n.id, font: { size: size } });
    });
    if (updates.length) nodes.update(updates);
  }
  state.placeLabels = placeLabels;
  // zooming in, the enlarged labels keep their size on screen until the others catch up (vis-network
  // draws a label at its size times the zoom, so they would grow huge)
  function resizeBigLabels() {
    var scale = network.getScale();
    if (!state.drawn || !state.bigLabels || !state.bigLabels.length || scale === sizedFor) return;
    sizedFor = scale;
    var size = Math.max(data.options.nodes.font.size, Math.min(bigAt, READABLE_PX / scale));
    nodes.update(state.bigLabels.map(function (id) { return { id: id, font: { size: size } }; }));
  }
  network.on("afterDrawing", function () { if (state.drawn) setTimeout(resizeBigLabels, 0); });

  function markDrawn() {
    if (state.drawn) return;
    state.drawn = true;
    state.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");
  }
  // vis-network fitted the view while it was made (precomputed positions): the first frame is final
  state.fitScale = network.getScale();
  network.on("afterDrawing", function () {
    if (state.drawn || (meta.layout === "physics" && !state.stabilized)) return;
    markDrawn();
  });
  network.once("stabilizationIterationsDone", function () {
    state.stabilized = true;  // freeze the settled layout (dragging still moves a node)
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    placeLabels();
  });
  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit({ animation: false });
    placeLabels();
  });

  // ---------------------------------------------------------------- legend: types
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
  function swatchFor(category, shape) {
    var swatch = el("span", null, "kg-swatch kg-" + shape);
    swatch.style.background = meta.colors[category] || "#a0a0a0";
    return swatch;
  }
  var categoryBoxes = new Map();
  (function legend() {
    var counts = new Map(), shapes = new Map(), layer = new Map();
    data.nodes.forEach(function (n) {
      counts.set(n.category, (counts.get(n.category) || 0) + 1);
      shapes.set(n.category, n.shape);
      layer.set(n.category, n.layer);
    });
    var list = document.getElementById("kg-types");
    ["entity", "claims"].forEach(function (which) {
      var entries = Array.from(counts.entries()).filter(function (c) { return layer.get(c[0]) === which; })
        .sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      if (!entries.length) return;
      if (which === "claims") list.appendChild(el("li", "claims (drawn on demand)", "kg-note"));
      entries.forEach(function (entry) {
        var c = entry[0];
        var item = checkItem(list, swatchFor(c, shapes.get(c)), c, entry[1], true, function (on) {
          if (on) hiddenCategories.delete(c); else hiddenCategories.add(c);
          refresh();
        });
        categoryBoxes.set(c, item.box);
      });
    });
  })();

  // ---------------------------------------------------------------- relation filter, grouped or not
  var relList = document.getElementById("kg-relations");
  var relItems = [];
  var relCounts = new Map(), relSchema = new Map();
  data.edges.forEach(function (e) {
    if (e.layer !== "entity") return;
    relCounts.set(e.relation, (relCounts.get(e.relation) || 0) + 1);
    relSchema.set(e.relation, e.schema || "");
  });
  function setRelations(names, on) {
    names.forEach(function (r) { if (on) hiddenRelations.delete(r); else hiddenRelations.add(r); });
  }
  function renderRelations() {
    clear(relList);
    relItems = [];
    var grouped = document.getElementById("kg-group-schema").checked;
    var groups = new Map();
    relCounts.forEach(function (count, r) {
      var key = grouped ? relSchema.get(r) : r;
      if (!groups.has(key)) groups.set(key, { members: [], count: 0 });
      groups.get(key).members.push(r);
      groups.get(key).count += count;
    });
    Array.from(groups.entries()).sort(function (a, b) {
      if (grouped && (a[0] === "") !== (b[0] === "")) return a[0] === "" ? 1 : -1;
      return b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1);
    }).forEach(function (entry) {
      var key = entry[0], group = entry[1];
      var name = !grouped ? key : key === "" ? "(no schema relation)" :
        key + (meta.schemaParents[key] ? " ⊂ " + meta.schemaParents[key] : "");
      var on = group.members.some(function (r) { return !hiddenRelations.has(r); });
      var item = checkItem(relList, el("span", null, "kg-line"), name, group.count, on, function (checked) {
        setRelations(group.members, checked);
        refresh();
      });
      item.members = group.members;
      item.li.title = grouped ? group.members.join(", ") : "";
      relItems.push(item);
    });
    filterRelations();
  }
  function filterRelations() {
    var q = document.getElementById("kg-rel-filter").value.trim().toLowerCase();
    relItems.forEach(function (item) {
      item.li.hidden = q !== "" && (item.name + " " + item.members.join(" ")).toLowerCase().indexOf(q) < 0;
    });
  }
  function setAllRelations(on) {
    relItems.forEach(function (item) {
      if (item.li.hidden) return;
      item.box.checked = on;
      setRelations(item.members, on);
    });
    refresh();
  }
  renderRelations();
  document.getElementById("kg-group-schema").addEventListener("change", renderRelations);
  document.getElementById("kg-rel-filter").addEventListener("input", filterRelations);
  document.getElementById("kg-rel-all").addEventListener("click", function () { setAllRelations(true); });
  document.getElementById("kg-rel-none").addEventListener("click", function () { setAllRelations(false); });

  // ---------------------------------------------------------------- small groups, folded into a list
  var groupOf = new Map();  // folded entity id -> the ids of its small component
  (function foldedList() {
    var folded = data.nodes.filter(function (n) { return n.place === "folded"; });
    if (!folded.length) return;
    folded.forEach(function (n) { groupOf.set(n.id, [n.id]); });
    data.edges.forEach(function (e) {
      if (e.layer !== "entity" || !groupOf.has(e.from) || !groupOf.has(e.to)) return;
      var a = groupOf.get(e.from), b = groupOf.get(e.to);
      if (a === b) return;
      b.forEach(function (id) { a.push(id); groupOf.set(id, a); });
    });
    var groups = Array.from(new Set(groupOf.values())).map(function (ids) {
      return ids.map(function (id) { return byId.get(id); })
        .sort(function (a, b) { return b.mentions - a.mentions || (a.fullLabel < b.fullLabel ? -1 : 1); });
    }).sort(function (a, b) { return b[0].mentions - a[0].mentions || (a[0].fullLabel < b[0].fullLabel ? -1 : 1); });
    var list = document.getElementById("kg-folded");
    var items = groups.map(function (members) {
      var li = el("li"), b = el("button");
      b.type = "button";
      members.forEach(function (n, i) {
        if (i) b.appendChild(el("span", "—", "kg-count"));
        b.appendChild(swatchFor(n.category, n.shape));
        b.appendChild(el("span", n.fullLabel, "kg-name"));
      });
      b.title = members.map(function (n) { return n.fullLabel + " (" + n.category + ")"; }).join(" — ");
      b.addEventListener("click", function () { focusNode(members[0].id); });
      li.appendChild(b);
      list.appendChild(li);
      return { li: li, text: b.title.toLowerCase() };
    });
    document.getElementById("kg-folded-count").textContent = fmt(folded.length);
    document.getElementById("kg-folded-section").hidden = false;
    document.getElementById("kg-folded-filter").addEventListener("input", function (ev) {
      var q = ev.target.value.trim().toLowerCase();
      items.forEach(function (item) { item.li.hidden = q !== "" && item.text.indexOf(q) < 0; });
    });
  })();

  function unfold(id) {
    (groupOf.get(id) || [id]).forEach(function (member) { shown.add(member); });
  }

  // ---------------------------------------------------------------- claims, drawn on demand
  function claimEdges(id) { return (edgesOf.get(id) || []).filter(function (e) { return e.layer === "claims"; }); }
  function showClaims(id, on) {
    var p = network.getPositions([id])[id] || { x: byId.get(id).x || 0, y: byId.get(id).y || 0 };
    var others = [];
    claimEdges(id).forEach(function (e) {
      var other = e.from === id ? e.to : e.from;
      if (byId.get(other).place === "claims" && others.indexOf(other) < 0) others.push(other);
    });
    if (on) {
      claimsOpen.add(id);
      var radius = 110 + 9 * others.length, moved = [];
      others.forEach(function (other, i) {
        if (shown.has(other)) return;
        var angle = 2 * Math.PI * i / others.length;
        moved.push({ id: other, x: p.x + radius * Math.cos(angle), y: p.y + radius * Math.sin(angle) });
        shown.add(other);
      });
      nodes.update(moved);
    } else {
      claimsOpen.delete(id);
      others.forEach(function (other) {
        var kept = claimEdges(other).some(function (e) { return claimsOpen.has(e.from === other ? e.to : e.from); });
        if (!kept) shown.delete(other);
      });
    }
    refresh();
  }
  state.showClaims = showClaims;

  // ---------------------------------------------------------------- details panel
  var details = document.getElementById("kg-details");
  function nodeLink(id) {
    var n = byId.get(id);
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
      list.appendChild(el("dd", row[1]));
    });
    return list;
  }
  function action(text, onClick) {
    var b = el("button", text, "kg-action");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function evidenceList(e) {
    var ol = el("ol");
    (e.evidence || []).forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("div", ev.doc_id + " · sentence " + ev.sentence_index + " · confidence " +
        Number(ev.confidence).toFixed(2), "kg-src"));
      li.appendChild(el("blockquote", ev.sentence));
      ol.appendChild(li);
    });
    if (e.evidenceCount > (e.evidence || []).length) {
      ol.appendChild(el("li", "… and " + fmt(e.evidenceCount - e.evidence.length) + " more in graph.json", "kg-note"));
    }
    return ol;
  }
  // facts grouped by relation and direction, each with its sentences and documents
  function factGroups(id, list, open) {
    var groups = new Map();
    list.forEach(function (e) {
      var key = (e.from === id ? "→ " : "← ") + relationText(e);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    });
    var box = el("div");
    Array.from(groups.entries()).sort(function (a, b) { return b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1); })
      .forEach(function (entry) {
        var d = el("details"), summary = el("summary");
        d.open = open;
        var outgoing = entry[0].charAt(0) === "→";
        summary.appendChild(el("span", (outgoing ? "" : "← ") + relationText(entry[1][0]) + (outgoing ? " →" : ""),
          relationClass(entry[1][0])));
        summary.appendChild(el("span", " " + fmt(entry[1].length), "kg-count"));
        d.appendChild(summary);
        var ul = el("ul");
        entry[1].slice(0, MAX_FACTS).forEach(function (e) {
          var li = el("li", null, "kg-fact");
          li.appendChild(nodeLink(e.from === id ? e.to : e.from));
          li.appendChild(el("span", " · " + plural(e.evidenceCount, "sentence") + " · confidence " +
            Number(e.confidence).toFixed(2), "kg-src"));
          li.appendChild(evidenceList(e));
          ul.appendChild(li);
        });
        if (entry[1].length > MAX_FACTS) ul.appendChild(el("li", "… and " + fmt(entry[1].length - MAX_FACTS) + " more", "kg-note"));
        d.appendChild(ul);
        box.appendChild(d);
      });
    return box;
  }

  function showNode(id) {
    var n = byId.get(id);
    if (!n) return;
    clear(details);
    details.appendChild(el("h3", n.fullLabel));
    details.appendChild(dl([["type", n.category], ["layer", n.layer === "entity" ? "entity" : "claims (" + n.kind + ")"],
      ["id", n.kgId], ["aliases", (n.aliases || []).join(", ")], ["mentions", fmt(n.mentions)],
      ["links", fmt(n.degree)], ["claims", n.claims ? fmt(n.claims) : ""]]));
    var mine = edgesOf.get(id) || [];
    var facts = mine.filter(function (e) { return e.layer === "entity"; });
    var claims = mine.filter(function (e) { return e.layer !== "entity"; });
    if (n.place === "folded" && !shown.has(id)) {
      details.appendChild(el("p", "In a small group of the entity layer: not drawn.", "kg-note"));
      details.appendChild(action("Draw it", function () { focusNode(id); }));
    }
    if (n.layer === "entity" && claims.length) {
      var open = claimsOpen.has(id);
      details.appendChild(action(open ? "Hide its claims in the drawing" : "Draw its " + plural(claims.length, "claim"),
        function () { showClaims(id, !open); showNode(id); }));
    }
    if (facts.length) {
      details.appendChild(el("h4", "Facts (" + fmt(facts.length) + ")"));
      details.appendChild(factGroups(id, facts, true));
    }
    if (claims.length) {
      details.appendChild(el("h4", n.layer === "entity" ? "Claims (" + fmt(claims.length) + ")" : "In claims"));
      details.appendChild(factGroups(id, claims, claims.length <= 30));
    }
    state.panel = id;
  }

  function showEdge(id) {
    var e = edgeInfo.get(id);
    if (!e) return;
    clear(details);
    var head = el("h3");
    head.appendChild(nodeLink(e.from));
    head.appendChild(el("span", " " + relationText(e) + " ", relationClass(e)));
    head.appendChild(nodeLink(e.to));
    details.appendChild(head);
    details.appendChild(dl([
      ["relation", e.relation],
      ["a kind of", e.schema && e.schema !== e.relation ? e.schema : ""],
      ["layer", e.layer],
      ["negated", e.negated ? "yes: the text says this did not happen" : ""],
      ["hypothetical", e.modality ? "yes (" + e.modality + "): not asserted" : ""],
      ["confidence", Number(e.confidence).toFixed(2)],
      ["evidence", plural(e.evidenceCount, "sentence")]
    ]));
    details.appendChild(evidenceList(e));
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---------------------------------------------------------------- search and focus
  function focusNode(id) {
    var n = byId.get(id);
    if (!n) return;
    if (n.place === "folded") unfold(id);
    if (n.place === "claims" && !shown.has(id)) {  // draw it with the claims of an entity it belongs to
      var anchor = claimEdges(id).map(function (e) { return e.from === id ? e.to : e.from; })
        .filter(function (other) { return byId.get(other).layer === "entity"; })
        .sort(function (a, b) { return (visible.has(b) ? 1 : 0) - (visible.has(a) ? 1 : 0); })[0];
      if (anchor !== undefined) {
        if (byId.get(anchor).place === "folded") unfold(anchor);
        shown.add(anchor);
        showClaims(anchor, true);
      } else {  // a claim about a claim: in the middle of the view, with its own claims around it
        var centre = network.getViewPosition();
        nodes.update({ id: id, x: centre.x, y: centre.y });
        shown.add(id);
        showClaims(id, true);
      }
    }
    shown.add(id);
    if (hiddenCategories.has(n.category)) {
      hiddenCategories.delete(n.category);
      var box = categoryBoxes.get(n.category);
      if (box) box.checked = true;
    }
    computeVisible();
    if (!visible.has(id)) {  // the relation filter left it without edges: show every relation again
      hiddenRelations.clear();
      relItems.forEach(function (item) { item.box.checked = true; });
    }
    refresh();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    showNode(id);
    state.focused = id;
  }
  state.focusNode = focusNode;

  var search = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var index = data.nodes.filter(function (n) { return n.layer === "entity"; }).map(function (n) {
    return { id: n.id, label: n.fullLabel, type: n.category, size: n.degree,
      names: [n.fullLabel].concat(n.aliases || []).map(function (s) { return String(s).toLowerCase(); }) };
  });
  var active = -1;
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
      var li = el("li"), b = el("button");
      b.type = "button";
      b.setAttribute("role", "option");
      b.appendChild(el("span", hit.label, "kg-name"));
      b.appendChild(el("span", hit.type, "kg-type-tag"));
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
})();
