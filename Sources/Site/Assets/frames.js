// The frames of a live player, drawn in HTML from the example's trace (the JSON that
// `convwalk compute` prints): every tensor is a grid of its numbers as text; the step's
// reads, weights and writes are marked; output cells written by later steps are still
// empty. The same marks as the Cairo frames (Sources/Render/ConvFrame.swift), never new
// arithmetic: the numbers are the trace's, written as the lessons write them.
//
// A grid wider than the frame shows the region around the step's cells (a window of fixed
// size, so the frame keeps one height across steps), with row and column numbers.
//
// Pointing (mouse, touch or keyboard): an output cell jumps to the step that wrote it; an
// input or parameter cell marks every output cell that read it, with how many times (a tap
// on a padding cell, Escape, or the pointer leaving the frame clears the marks).
// Arrow keys move between the cells of a grid, Enter or space points, Escape clears.
(function () {
  "use strict";

  var CELL_FONT_PX = 15;     // every digit at least 14 CSS px (Tests/browser checks it)
  var CHAR_PX = 9.2;         // width of one character of the mono cell font, with margin
  var MIN_CELL_PX = 34;
  var GAP_PX = 2;            // .frame-grid's gap (site.css)
  var MAX_ROWS = 10;         // taller grids show a window of rows around the step

  // Numbers as lessons write them (Sources/KernelCore/NumberText.swift, `compact`):
  // integers without a point, otherwise up to 4 decimals, and a real minus sign.
  function roundHalfAway(x) { return x < 0 ? -Math.round(-x) : Math.round(x); }
  function compact(x) {
    if (x !== x) { return "NaN"; }
    if (!isFinite(x)) { return x < 0 ? "−∞" : "∞"; }
    var rounded = roundHalfAway(x * 1e4) / 1e4;
    var text;
    if (rounded === roundHalfAway(rounded) && Math.abs(rounded) < 1e9) {
      text = String(Math.abs(rounded));
    } else if (Math.abs(rounded) >= 1e6) {
      text = Math.abs(x).toExponential(3).replace(/e([+-])(\d)$/, "e$10$2");
    } else {
      var n = roundHalfAway(Math.abs(rounded) * 1e4);
      var frac = String(n % 1e4);
      while (frac.length < 4) { frac = "0" + frac; }
      text = String(Math.floor(n / 1e4)) + "." + frac.replace(/0+$/, "");
    }
    return (rounded < 0 ? "−" : "") + text;
  }

  function key(index) { return index.join(","); }

  // Text safe inside a double-quoted attribute (tensor names come from the engine, but the
  // grid is built as HTML text).
  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : m;
    });
  }

  // ---- the trace, read once -------------------------------------------------------------
  // Per tensor: its shape split into slices (leading axes) and a grid (last two axes; a
  // vector is one row, a scalar one cell), padding, and the value of each cell.
  function Tensor(t) {
    this.name = t.name;
    this.role = t.role;
    this.shape = t.shape;
    this.values = t.values;
    var rank = t.shape.length;
    this.rows = rank >= 2 ? t.shape[rank - 2] : 1;
    this.cols = rank >= 1 ? t.shape[rank - 1] : 1;
    var padding = t.padding || [0, 0];
    this.padRows = rank >= 2 ? (padding[0] || 0) : 0;
    this.padCols = rank >= 1 ? (padding.length > 1 ? padding[1] : 0) || 0 : 0;
    this.lead = t.shape.slice(0, Math.max(0, rank - 2));
    this.slices = [];
    var count = this.lead.reduce(function (a, b) { return a * b; }, 1);
    for (var s = 0; s < count; s++) {
      var index = [], rest = s;
      for (var a = this.lead.length - 1; a >= 0; a--) { index.unshift(rest % this.lead[a]); rest = Math.floor(rest / this.lead[a]); }
      this.slices.push(index);
    }
  }

  Tensor.prototype.fullIndex = function (slice, r, c) {
    var rank = this.shape.length;
    if (rank === 0) { return []; }
    if (rank === 1) { return [c]; }
    return slice.concat([r, c]);
  };

  Tensor.prototype.value = function (index) {
    var rank = this.shape.length, flat = 0;
    for (var a = 0; a < rank; a++) {
      if (index[a] < 0 || index[a] >= this.shape[a]) { return null; }   // padding
      flat = flat * this.shape[a] + index[a];
    }
    return this.values[flat];
  };

  // The position of a cell reference in its grid: [slice key, row, column].
  Tensor.prototype.place = function (index) {
    var rank = this.shape.length;
    if (rank === 0) { return ["", 0, 0]; }
    if (rank === 1) { return ["", 0, index[0]]; }
    return [key(index.slice(0, rank - 2)), index[rank - 2], index[rank - 1]];
  };

  // The marks of every tensor at step k (ConvFrame.marks): read, weight, write, emphasis
  // cells; cells still pending; running values so far.
  function marksAt(trace, tensors, k) {
    var out = {};
    function get(name) { return out[name] || (out[name] = { marks: {}, pending: {}, running: {} }); }
    function add(cell, mark) {
      var m = get(cell.tensor).marks, id = key(cell.index);
      (m[id] || (m[id] = [])).push(mark);
    }
    var step = trace.steps[k];
    step.reads.forEach(function (c) { add(c, "read"); });
    step.weights.forEach(function (c) { add(c, "weight"); });
    step.writes.forEach(function (c) { add(c, "write"); });
    step.emphasis.forEach(function (c) { add(c, "emphasis"); });
    var bias = biasCell(tensors, step);
    if (bias) { add(bias, "weight"); }
    var done = {};
    for (var j = 0; j <= k; j++) {
      var s = trace.steps[j];
      s.writes.forEach(function (c, i) {
        done[c.tensor + "|" + key(c.index)] = true;
        if (s.runningValues && i < s.runningValues.length) { get(c.tensor).running[key(c.index)] = s.runningValues[i]; }
      });
    }
    for (j = k + 1; j < trace.steps.length; j++) {
      trace.steps[j].writes.forEach(function (c) {
        if (!done[c.tensor + "|" + key(c.index)]) { get(c.tensor).pending[key(c.index)] = true; }
      });
    }
    return out;
  }

  // The cell of a 1-D `bias` tensor the step added (ConvFrame.biasCell, and linear's).
  function biasCell(tensors, step) {
    var bias = tensors.bias;
    if (step.bias === undefined || !bias || bias.shape.length !== 1 || !step.writes.length) { return null; }
    var write = step.writes[0], out = tensors[write.tensor];
    if (!out) { return null; }
    // One bias per filter (conv2d: the output's channel), or per output (linear).
    var f = bias.shape[0] === 1 ? 0 : (out.shape.length >= 3 ? write.index[out.shape.length - 3] :
      (out.shape.length === 1 && out.shape[0] === bias.shape[0] ? write.index[0] : -1));
    if (f < 0 || f >= bias.shape[0] || Math.abs(bias.values[f] - step.bias) > 0) { return null; }
    return { tensor: "bias", index: [f] };
  }

  // ---- the frame -------------------------------------------------------------------------
  function Frame(trace, strings, onPoint, container) {
    this.t = function (k) { return strings[k] || k; };
    this.onPoint = onPoint;
    this.element = document.createElement("div");
    this.element.className = "frame";
    this.element.setAttribute("role", "group");   // named by the step's description (player.js)
    this.panelsElement = document.createElement("div");
    this.panelsElement.className = "frame-panels";
    this.element.appendChild(this.panelsElement);
    this.note = document.createElement("p");
    this.note.className = "frame-note";
    this.note.setAttribute("aria-live", "polite");
    this.element.appendChild(this.note);
    this.formulas = document.createElement("div");
    this.formulas.className = "frame-formulas";
    this.element.appendChild(this.formulas);
    this.index = 0;
    this.pointed = null;
    this.width = 0;
    this.measured = 0;
    this.bindEvents();
    container.appendChild(this.element);
    this.setTrace(trace);
    var self = this;
    // A new width (window resized, Edit mode opened beside the frame, a closed section opened)
    // lays the grids out again.
    function resized() {
      if (self.element.clientWidth && Math.abs(self.element.clientWidth - self.width) > 1) { self.measured = 0; self.layout(); }
    }
    if (window.ResizeObserver) { new ResizeObserver(resized).observe(this.element); }
    else { window.addEventListener("resize", resized); }
  }

  Frame.prototype.setTrace = function (trace) {
    this.trace = trace;
    this.tensors = {};
    this.order = [];
    var self = this;
    trace.tensors.forEach(function (t) { var x = new Tensor(t); self.tensors[x.name] = x; self.order.push(x); });
    this.readers = null;
    this.formulas.textContent = "";
    (trace.formulas || []).forEach(function (f) {
      var line = document.createElement("p");
      line.textContent = f;
      self.formulas.appendChild(line);
    });
    this.layout();
  };

  // The size of every grid's window for the frame's current width (constant across steps).
  // An edit that keeps every shape keeps the grids and only repaints them. The width is
  // measured once it is known (and again on resize): reading clientWidth after an edit changed
  // the page forces a layout of the whole lesson, a third of an edit's time.
  Frame.prototype.layout = function () {
    var width = this.measured;
    if (!width) {
      width = this.measured = this.element.clientWidth;
      width = width || (this.element.parentNode && this.element.parentNode.clientWidth) || 360;
    }
    var self = this;
    var sizes = this.order.map(function (t) { return self.cellWidth(t); });
    var signature = JSON.stringify([width, sizes, this.order.map(function (t) { return [t.name, t.role, t.shape, t.padRows, t.padCols]; })]);
    if (signature === this.signature) {
      this.panels.forEach(function (p, i) { p.tensor = self.order[i]; });
      this.show(Math.min(this.index, this.trace.steps.length - 1));
      return;
    }
    this.signature = signature;
    this.width = width;
    this.panels = this.order.map(function (t, i) {
      var cell = sizes[i];
      var header = t.shape.length >= 1 ? 24 : 0;
      var totalCols = t.cols + 2 * t.padCols, totalRows = t.rows + 2 * t.padRows;
      var fitCols = Math.max(3, Math.floor((width - header - 4) / (cell + GAP_PX)));
      return { tensor: t, cell: cell, viewCols: Math.min(totalCols, fitCols), viewRows: Math.min(totalRows, MAX_ROWS),
               totalCols: totalCols, totalRows: totalRows, origin: null, grids: {} };
    });
    this.panelsElement.textContent = "";
    this.panels.forEach(function (p) { self.panelsElement.appendChild(self.panelElement(p)); });
    this.show(Math.min(this.index, this.trace.steps.length - 1));
  };

  // A cell wide enough for the longest number the tensor shows (values and running sums).
  Frame.prototype.cellWidth = function (t) {
    var longest = 1;
    for (var i = 0; i < t.values.length; i++) { longest = Math.max(longest, compact(t.values[i]).length); }
    this.trace.steps.forEach(function (s) {
      s.writes.forEach(function (c, i) {
        if (c.tensor === t.name && s.runningValues && i < s.runningValues.length) {
          longest = Math.max(longest, compact(s.runningValues[i]).length);
        }
      });
    });
    return Math.max(MIN_CELL_PX, Math.ceil(longest * CHAR_PX + 12));
  };

  // "input · 5×5 · padding 1" (the role in the page's language, as the Cairo frames write it).
  Frame.prototype.label = function (t) {
    var role = { input: "frameInput", parameter: "frameParameter", output: "frameOutput", gradient: "frameGradient" }[t.role];
    var text = (role && this.t(role) !== t.name ? this.t(role) + " · " : "") + (t.shape.length ? t.shape.join("×") : "1");
    if (t.padRows || t.padCols) {
      text += " · " + fill(this.t("framePadding"), { p: t.padRows === t.padCols ? String(t.padRows) : t.padRows + "×" + t.padCols });
    }
    return text;
  };

  Frame.prototype.sliceLabel = function (t, slice) {
    if (slice.length === 1) {
      return fill(this.t(t.role === "parameter" && t.name !== "bias" ? "frameFilter" : "frameChannel"), { f: slice[0], c: slice[0] });
    }
    if (slice.length === 2) { return fill(this.t("frameFilterChannel"), { f: slice[0], c: slice[1] }); }
    return slice.length ? "[" + slice.join(",") + "]" : "";
  };

  Frame.prototype.panelElement = function (p) {
    var t = p.tensor;
    var panel = document.createElement("div");
    panel.className = "frame-panel frame-" + t.role;
    panel.setAttribute("data-tensor", t.name);
    var label = document.createElement("div");
    label.className = "frame-label";
    label.appendChild(document.createElement("b")).textContent = t.name;
    label.appendChild(document.createTextNode(this.label(t)));
    panel.appendChild(label);
    var slices = document.createElement("div");
    slices.className = "frame-slices";
    var self = this;
    t.slices.forEach(function (slice) {
      var box = document.createElement("div");
      box.className = "frame-slice";
      if (slice.length) {
        var name = document.createElement("div");
        name.className = "frame-slice-label";
        name.textContent = self.sliceLabel(t, slice);
        box.appendChild(name);
      }
      var grid = document.createElement("div");
      grid.className = "frame-grid";
      grid.setAttribute("role", "group");
      grid.setAttribute("aria-label", t.name + ", " + self.label(t) + (slice.length ? ", " + self.sliceLabel(t, slice) : ""));
      grid.style.gridTemplateColumns = (t.shape.length ? "1.5rem " : "") + "repeat(" + p.viewCols + ", " + p.cell + "px)";
      box.appendChild(grid);
      slices.appendChild(box);
      p.grids[key(slice)] = { element: grid, slice: slice, cells: {} };
    });
    panel.appendChild(slices);
    return panel;
  };

  // The top-left cell of a panel's window at this step (clamped to the grid).
  Frame.prototype.origin = function (p, marks) {
    var t = p.tensor, minR = -t.padRows, minC = -t.padCols;
    if (p.viewRows >= p.totalRows && p.viewCols >= p.totalCols) { return [minR, minC]; }
    var rs = [], cs = [];
    Object.keys(marks ? marks.marks : {}).forEach(function (id) {
      var place = t.place(id === "" ? [] : id.split(",").map(Number));
      rs.push(place[1]);
      cs.push(place[2]);
    });
    // The window stays where it is while the step's cells fit in it (no jitter from step
    // to step); otherwise it centres on them.
    function start(values, view, min, total, previous) {
      if (!values.length) { return previous === null ? min : previous; }
      var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
      if (previous !== null && lo >= previous && hi < previous + view) { return previous; }
      var s = Math.round((lo + hi + 1) / 2 - view / 2);
      return Math.max(min, Math.min(min + total - view, s));
    }
    var o = p.origin;
    return [start(rs, p.viewRows, minR, p.totalRows, o ? o[0] : null), start(cs, p.viewCols, minC, p.totalCols, o ? o[1] : null)];
  };

  Frame.prototype.fillGrid = function (p, g) {
    var t = p.tensor, html = [];
    var r0 = p.origin[0], c0 = p.origin[1], hasHeaders = t.shape.length >= 1;
    if (hasHeaders) {
      html.push("<span class=\"frame-corner\"></span>");
      for (var c = c0; c < c0 + p.viewCols; c++) { html.push("<span class=\"frame-index\">" + c + "</span>"); }
    }
    for (var r = r0; r < r0 + p.viewRows; r++) {
      if (hasHeaders) { html.push("<span class=\"frame-index\">" + (t.shape.length >= 2 ? r : "") + "</span>"); }
      for (c = c0; c < c0 + p.viewCols; c++) {
        var index = t.fullIndex(g.slice, r, c);
        html.push("<span class=\"cell\" role=\"button\" tabindex=\"-1\" data-tensor=\"" + attribute(t.name) + "\" data-index=\"" + key(index) +
                  "\"><span class=\"cell-value\"></span></span>");
      }
    }
    g.element.innerHTML = html.join("");
    g.cells = {};
    var cells = g.element.querySelectorAll(".cell");
    for (var i = 0; i < cells.length; i++) { g.cells[cells[i].getAttribute("data-index")] = cells[i]; }
  };

  // Step k: windows, values, marks.
  Frame.prototype.show = function (k) {
    this.index = k;
    var marks = marksAt(this.trace, this.tensors, k);
    var focusedKey = document.activeElement && this.element.contains(document.activeElement) ?
      document.activeElement.getAttribute("data-tensor") + "|" + document.activeElement.getAttribute("data-index") : null;
    var self = this;
    this.panels.forEach(function (p) {
      var origin = self.origin(p, marks[p.tensor.name]);
      var moved = !p.origin || origin[0] !== p.origin[0] || origin[1] !== p.origin[1];
      p.origin = origin;
      Object.keys(p.grids).forEach(function (s) {
        var g = p.grids[s];
        if (moved) { self.fillGrid(p, g); }
        self.paintGrid(p, g, marks[p.tensor.name] || { marks: {}, pending: {}, running: {} });
      });
    });
    this.ensureTabStops();
    if (focusedKey) {
      var parts = focusedKey.split("|"), cell = this.cell(parts[0], parts[1]);
      if (cell) { cell.focus({ preventScroll: true }); }
    }
    if (this.pointed) { this.markReaders(this.pointed.tensor, this.pointed.index, false); }
  };

  Frame.prototype.paintGrid = function (p, g, m) {
    var t = p.tensor;
    var self = this;
    Object.keys(g.cells).forEach(function (id) {
      var cell = g.cells[id];
      var index = id === "" ? [] : id.split(",").map(Number);
      var value = t.value(index);
      var classes = ["cell"];
      var text;
      if (value === null) { classes.push("cell-pad"); text = "0"; }
      else if (m.pending[id]) { classes.push("cell-pending"); text = ""; }
      else if (Object.prototype.hasOwnProperty.call(m.running, id)) { text = compact(m.running[id]); }
      else { text = compact(value); }
      (m.marks[id] || []).forEach(function (mark) { classes.push("cell-" + mark); });
      if (t.role === "output") { classes.push("cell-output"); }
      var className = classes.join(" ");
      if (cell.className !== className) { cell.className = className; }
      if (cell.shownText !== text) {
        cell.shownText = text;
        cell.firstChild.textContent = text;
        cell.setAttribute("aria-label", fill(self.t("cellOf"), { tensor: t.name, index: "[" + index.join(",") + "]", value: text || "·" }));
      }
    });
  };

  Frame.prototype.cell = function (tensor, id) {
    for (var i = 0; i < this.panels.length; i++) {
      var p = this.panels[i];
      if (p.tensor.name !== tensor) { continue; }
      for (var s in p.grids) { if (p.grids[s].cells[id]) { return p.grids[s].cells[id]; } }
    }
    return null;
  };

  // One tab stop per grid (roving tabindex): the focused cell, else the first.
  Frame.prototype.ensureTabStops = function () {
    var self = this;
    this.panels.forEach(function (p) {
      Object.keys(p.grids).forEach(function (s) {
        var cells = p.grids[s].element.querySelectorAll(".cell");
        var current = null;
        for (var i = 0; i < cells.length; i++) { if (cells[i].tabIndex === 0) { current = cells[i]; } }
        if (!current && cells.length) { cells[0].tabIndex = 0; }
      });
    });
    void self;
  };

  // ---- pointing --------------------------------------------------------------------------
  // The step that wrote an output cell (the last, when several steps add into it).
  Frame.prototype.writerOf = function (tensor, id) {
    var steps = this.trace.steps;
    for (var k = steps.length - 1; k >= 0; k--) {
      for (var i = 0; i < steps[k].writes.length; i++) {
        var c = steps[k].writes[i];
        if (c.tensor === tensor && key(c.index) === id) { return k; }
      }
    }
    return -1;
  };

  // For an input or parameter cell: output cell → how many steps read the cell and wrote it.
  Frame.prototype.readersOf = function (tensor, id) {
    var counts = {};
    this.trace.steps.forEach(function (s) {
      var read = s.reads.concat(s.weights).some(function (c) { return c.tensor === tensor && key(c.index) === id; });
      if (!read) { return; }
      s.writes.forEach(function (c) {
        var k = c.tensor + "|" + key(c.index);
        counts[k] = (counts[k] || 0) + 1;
      });
    });
    return counts;
  };

  Frame.prototype.clearReaders = function () {
    var marked = this.element.querySelectorAll(".cell-reader, .cell-pointed");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("cell-reader", "cell-pointed");
      var badge = marked[i].querySelector(".cell-count");
      if (badge) { marked[i].removeChild(badge); }
    }
  };

  Frame.prototype.markReaders = function (tensor, id, announce) {
    this.clearReaders();
    if (announce !== false) { this.note.textContent = ""; }
    this.pointed = { tensor: tensor, index: id };
    var pointed = this.cell(tensor, id);
    if (pointed) { pointed.classList.add("cell-pointed"); }
    var counts = this.readersOf(tensor, id), self = this, n = 0;
    Object.keys(counts).forEach(function (k) {
      var parts = k.split("|"), cell = self.cell(parts[0], parts[1]);
      n++;
      if (!cell) { return; }
      cell.classList.add("cell-reader");
      var badge = document.createElement("span");
      badge.className = "cell-count";
      badge.textContent = "×" + counts[k];
      badge.title = fill(self.t("readTimes"), { n: counts[k] });
      cell.appendChild(badge);
    });
    if (announce !== false) {
      var total = Object.keys(counts).reduce(function (a, k) { return a + counts[k]; }, 0);
      this.note.textContent = tensor + " [" + id + "]: " + (n ? fill(this.t("readTimes"), { n: total }) : this.t("neverRead"));
    }
  };

  Frame.prototype.unpoint = function () {
    this.pointed = null;
    this.clearReaders();
    this.note.textContent = "";
  };

  // `hover`: the pointer only passed over the cell. A windowed output grid does not jump
  // then, since its window would move under the pointer.
  Frame.prototype.point = function (cell, hover) {
    var tensor = cell.getAttribute("data-tensor"), id = cell.getAttribute("data-index");
    var t = this.tensors[tensor];
    if (!t || cell.classList.contains("cell-pad")) { this.unpoint(); return; }
    if (t.role === "output") {
      var panel = this.panels.filter(function (p) { return p.tensor.name === tensor; })[0];
      if (hover && panel && (panel.viewCols < panel.totalCols || panel.viewRows < panel.totalRows)) { return; }
      this.unpoint();
      var k = this.writerOf(tensor, id);
      if (k >= 0 && k !== this.index) { this.onPoint(k); }
    } else if (!this.pointed || this.pointed.tensor !== tensor || this.pointed.index !== id) {
      this.markReaders(tensor, id, true);
    }
  };

  Frame.prototype.bindEvents = function () {
    var self = this, el = this.element;
    el.addEventListener("mouseover", function (event) {
      var cell = event.target.closest && event.target.closest(".cell");
      if (cell && el.contains(cell)) { self.point(cell, true); }
    });
    el.addEventListener("mouseleave", function () { self.unpoint(); });
    el.addEventListener("click", function (event) {
      var cell = event.target.closest && event.target.closest(".cell");
      if (cell && el.contains(cell)) { cell.focus({ preventScroll: true }); self.point(cell); }
    });
    el.addEventListener("focusin", function (event) {
      var cell = event.target.closest && event.target.closest(".cell");
      if (!cell) { return; }
      var all = cell.parentNode.querySelectorAll(".cell");
      for (var i = 0; i < all.length; i++) { all[i].tabIndex = all[i] === cell ? 0 : -1; }
    });
    el.addEventListener("keydown", function (event) {
      var cell = event.target.closest && event.target.closest(".cell");
      if (!cell) { return; }
      var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      if (moves[event.key]) {
        event.preventDefault();
        event.stopPropagation();
        var grid = cell.parentNode, cells = Array.prototype.slice.call(grid.querySelectorAll(".cell"));
        var cols = grid.style.gridTemplateColumns.match(/repeat\((\d+)/);
        var n = cols ? parseInt(cols[1], 10) : 1, at = cells.indexOf(cell);
        var next = at + moves[event.key][0] * n + moves[event.key][1];
        if (moves[event.key][1] && Math.floor(next / n) !== Math.floor(at / n)) { return; }
        if (cells[next]) { cells[next].focus(); }
      } else if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        event.stopPropagation();
        self.point(cell);
      } else if (event.key === "Escape") {
        self.unpoint();
      } else if (event.key === "Home" || event.key === "End") {
        event.stopPropagation();
      }
    });
  };

  // A trace as a page embeds it (Pipeline/LivePlayer.swift, `pageTrace`): each list of cells
  // as "input:0,5 0,6;kernel:0,0". Returns the trace with the lists as `convwalk compute`
  // writes them ({tensor, index} objects); a trace from the engine passes through unchanged.
  function expand(trace) {
    trace.steps.forEach(function (step) {
      ["reads", "weights", "writes", "emphasis"].forEach(function (name) {
        var text = step[name];
        if (typeof text !== "string") { step[name] = text || []; return; }
        var cells = [];
        text.split(";").forEach(function (group) {
          if (!group) { return; }
          var colon = group.lastIndexOf(":"), tensor = group.slice(0, colon);
          group.slice(colon + 1).split(" ").forEach(function (index) {
            cells.push({ tensor: tensor, index: index === "" ? [] : index.split(",").map(Number) });
          });
        });
        step[name] = cells;
      });
    });
    return trace;
  }

  window.convwalkFrames = { Frame: Frame, compact: compact, expand: expand };
})();
