// Edit mode of a live player: every number of the example's tensors and every setting of its
// op can be changed; each change reruns the example through the in-page engine
// (window.convwalk.compute, the same kernels and messages as `convwalk compute`) and the
// player shows the new trace at once. A setting the engine rejects shows the engine's own
// message and leaves the last valid result on screen. "Reset" returns to the lesson's
// numbers, "Copy as YAML" gives an ```example block to paste into a lesson, and "Show the
// engine's answer" reveals the output.
//
// A formula (op arithmetic or output-size, shown as its line: player.js's Formula) gets the
// same Edit mode, a field per setting (an arithmetic one: its expression); the formula on the
// page follows each rerun. So does an exercise's result (player.js's Result), inside its
// collapsed answer: the result is redrawn from each rerun.
//
// A layer table (op architecture, player.js's LayerTable) gets a field for each number of the
// input shape and of every layer (filters, kernel, stride, padding, pool size, outputs, …), a
// list to change a layer's kind, a button to remove a layer and a list to add one; the table
// follows each rerun. An example
// that names a model (`model: lenet5`) is edited as that model's layers.
//
// "Try it" links: a Markdown link to a player with the change as its title,
//     [Try it](#conv-5x5-3x3 "bias: -5; stride: 2")
// opens that player's Edit mode with the change applied (values are YAML flow / JSON:
// numbers, [lists], words). Without JavaScript it is a plain link to the player.
(function () {
  "use strict";

  // The settings each op of the in-page engine reads (LessonOp.fields in KernelCore), in the
  // order a lesson writes them; the first four fields of every example lead.
  var LEAD = ["id", "op", "title", "caption"];
  var FIELDS = {
    conv2d: ["input", "kernel", "bias", "stride", "padding", "dilation", "activation", "alpha"],
    maxpool: ["input", "size", "stride", "padding"],
    avgpool: ["input", "size", "stride", "padding"],
    softmax: ["input", "axis"],
    argmax: ["input", "axis"],
    linear: ["input", "weight", "bias", "activation", "alpha"],
    "output-size": ["input", "kernel", "stride", "padding", "dilation"],
    im2col: ["input", "size", "stride", "padding", "dilation"],
    "conv-transpose2d": ["input", "kernel", "bias", "stride", "padding", "output_padding", "dilation"],
    "conv-matrix": ["input", "input_shape", "kernel", "stride", "padding", "dilation"],
    arithmetic: ["expression"],
    "conv2d-backward": ["input", "kernel", "grad", "bias", "stride", "padding", "dilation"],
    "maxpool-backward": ["input", "grad", "size", "stride", "padding"],
    "avgpool-backward": ["input", "grad", "size", "stride", "padding"],
    "pool-backward": ["pool", "input", "grad", "size", "stride", "padding"],
    "learn-kernel": ["input", "target", "kernel", "learning_rate", "iterations", "optimizer"],
    "cross-entropy": ["input", "target"],
    "residual-add": ["input", "residual", "activation"],
    concat: ["branches"],
    "global-avgpool": ["input"],
    gelu: ["input", "derivative"],
    lrn: ["input", "size", "alpha", "beta", "k"],
    batchnorm: ["input", "gamma", "beta", "epsilon", "running-mean", "running-variance"],
    architecture: ["model", "layers", "input", "cost"]
  };
  function fieldsOf(op) { return FIELDS[op] || ["input", "alpha", "derivative"]; }

  function clone(value) { return JSON.parse(JSON.stringify(value)); }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The fields edited as grids of numbers; the others (a pair such as `stride: [3, 4]`,
  // a word such as `padding: same`) are one text field each.
  var TENSORS = ["input", "kernel", "weight", "bias", "grad", "target", "residual", "gamma", "beta", "running-mean", "running-variance"];
  function isTensorField(example, k) {
    return TENSORS.indexOf(k) >= 0 && Array.isArray(example[k]) && example[k].length > 0;
  }

  function shapeOf(value) {
    var shape = [];
    while (Array.isArray(value)) { shape.push(value.length); value = value[0]; }
    return shape;
  }

  // What a typed value means: a number, a list, true/false, or the text itself (the engine
  // then names what it expected). "" means the setting is left out.
  function parseValue(text) {
    var s = String(text).trim().replace(/\u2212/g, "-");
    if (s === "") { return undefined; }
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) { return Number(s); }
    if (/^[\[{]|^(true|false|null)$/.test(s)) {
      try { return JSON.parse(s); } catch (e) { return s; }
    }
    return s;
  }

  // ---- YAML ------------------------------------------------------------------------------
  function yamlScalar(v) {
    if (typeof v === "number" || typeof v === "boolean") { return String(v); }
    if (v === null) { return "null"; }
    var s = String(v);
    return /^[A-Za-z][A-Za-z0-9_. -]*$/.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) && !/[ .]$/.test(s) ?
      s : JSON.stringify(s);
  }

  function yamlFlow(v, indent) {
    if (!Array.isArray(v)) { return yamlScalar(v); }
    if (!v.some(Array.isArray)) { return "[" + v.map(yamlScalar).join(", ") + "]"; }
    return "[" + v.map(function (x) { return yamlFlow(x, indent + " "); }).join(",\n" + indent + " ") + "]";
  }

  // A layer of a model in flow style, on one line: `{conv: {filters: 6, kernel: 5}}`, `relu`.
  function yamlLayer(v) {
    if (Array.isArray(v)) { return "[" + v.map(yamlLayer).join(", ") + "]"; }
    if (v !== null && typeof v === "object") {
      return "{" + Object.keys(v).map(function (k) { return yamlScalar(k) + ": " + yamlLayer(v[k]); }).join(", ") + "}";
    }
    return yamlScalar(v);
  }

  // A lesson writes a model's input before its layers (as the model files do).
  var YAML_ORDER = { architecture: ["model", "input", "layers", "cost"] };

  function yaml(example) {
    var keys = LEAD.concat(YAML_ORDER[example.op] || fieldsOf(example.op));
    Object.keys(example).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } });
    var lines = ["```example"];
    keys.forEach(function (k) {
      if (example[k] === undefined) { return; }
      if (k === "layers" && Array.isArray(example[k])) {
        // The model-file form lessons write: one layer a line.
        lines.push("layers:");
        example[k].forEach(function (layer) { lines.push("  - " + yamlLayer(layer)); });
        return;
      }
      var pad = new Array(k.length + 3).join(" ");
      lines.push(k + ": " + (example[k] !== null && typeof example[k] === "object" && !Array.isArray(example[k]) ?
        yamlLayer(example[k]) : yamlFlow(example[k], pad)));
    });
    lines.push("```");
    return lines.join("\n");
  }

  // ---- one player's editor ---------------------------------------------------------------
  function Editor(player, strings) {
    this.player = player;
    this.t = function (k) { return strings[k] || k; };
    this.original = clone(player.live.example);
    this.originalTrace = player.live.trace;
    this.example = clone(this.original);
    this.build();
  }

  Editor.prototype.build = function () {
    var self = this, t = this.t;
    this.toggle = element("button", "player-button player-edit-toggle");
    this.toggle.type = "button";
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.appendChild(element("span", "player-button-icon", "✎")).setAttribute("aria-hidden", "true");
    this.toggleLabel = this.toggle.appendChild(element("span", "", t("edit")));
    this.panel = element("div", "player-edit");
    this.panel.id = this.player.id + "-edit";
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-controls", this.panel.id);
    this.toggle.addEventListener("click", function () { if (self.panel.hidden) { self.open(); } else { self.close(); } });
    var tools = element("div", "player-tools");
    tools.appendChild(this.toggle);
    var root = this.player.root;
    root.insertBefore(tools, this.player.controls.nextSibling);
    root.insertBefore(this.panel, tools.nextSibling);
  };

  Editor.prototype.open = function (changes) {
    var t = this.t;
    this.resolveModel();
    if (changes) {
      var self = this;
      Object.keys(changes).forEach(function (k) {
        if (changes[k] === undefined) { delete self.example[k]; } else { self.example[k] = changes[k]; }
      });
      this.fitGrad();
    }
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    this.toggleLabel.textContent = t("editClose");
    this.player.root.classList.add("player-editing");
    this.render();
    this.run();
  };

  Editor.prototype.close = function () {
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggleLabel.textContent = this.t("edit");
    this.player.root.classList.remove("player-editing");
  };

  // An architecture example that names a model the build resolved (`model: lenet5`) is edited
  // as that model's input and layers; "Copy as YAML" of it unedited still names the model.
  Editor.prototype.resolveModel = function () {
    var ex = this.example, models = window.convwalkModels || {};
    if (ex.op !== "architecture" || typeof ex.model !== "string" || !Object.prototype.hasOwnProperty.call(models, ex.model)) { return; }
    var model = models[ex.model], out = {};
    Object.keys(ex).forEach(function (k) {
      if (k === "model") {
        out.input = clone(model.input);
        out.layers = model.layers.map(plainLayer);
      } else if (k !== "input" && k !== "layers") {
        out[k] = ex[k];
      }
    });
    this.example = out;
    if (JSON.stringify(this.original) === JSON.stringify(ex)) { this.resolved = clone(out); }
  };

  // A resolved model's layer as its model file writes it: `kernel: 5`, not `[5, 5]`, and
  // without the defaults (stride 1, padding 0, dilation 1; a pool's stride its size).
  function plainLayer(layer) {
    layer = clone(layer);
    var view = layerView(layer), p = view.params;
    if (!p || view.notes) { return layer; }
    Object.keys(p).forEach(function (k) {
      var v = p[k];
      if (Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && v[0] === v[1]) { p[k] = v[0]; }
    });
    var pool = view.kind === "maxpool" || view.kind === "avgpool";
    if (view.kind === "conv" || pool) {
      if (p.padding === 0) { delete p.padding; }
      if (view.kind === "conv" && p.stride === 1) { delete p.stride; }
      if (view.kind === "conv" && p.dilation === 1) { delete p.dilation; }
      if (pool && JSON.stringify(p.stride) === JSON.stringify(p.size)) { delete p.stride; }
    }
    return layer;
  }

  // True when the example on screen is not the lesson's.
  Editor.prototype.isEdited = function () {
    var now = JSON.stringify(this.example);
    return now !== JSON.stringify(this.original) && !(this.resolved && now === JSON.stringify(this.resolved));
  };

  // The panel's fields for the current example.
  Editor.prototype.render = function () {
    var self = this, t = this.t, ex = this.example;
    this.panel.textContent = "";
    this.panel.appendChild(element("p", "edit-help", t(ex.op === "arithmetic" ? "editFormulaHelp" : this.player.arch ? "editLayersHelp" : "editHelp")));
    this.inputs = {};
    var fields = fieldsOf(ex.op);
    if (this.player.arch) {
      if (Array.isArray(ex.input)) { this.panel.appendChild(this.shapeEditor()); }
      if (Array.isArray(ex.layers)) { this.panel.appendChild(this.layersEditor()); }
      fields = fields.filter(function (k) { return k !== "cost" && !(k === "model" && Array.isArray(ex.layers)) && !(k === "input" && Array.isArray(ex.input)) && !(k === "layers" && Array.isArray(ex.layers)); });
    }
    fields.filter(function (k) { return isTensorField(ex, k); }).forEach(function (k) { self.panel.appendChild(self.tensorEditor(k)); });
    var settings = element("div", "edit-settings");
    fields.filter(function (k) { return !isTensorField(ex, k); }).forEach(function (k) {
      var label = settingField(k, ex[k], null, function (input) { self.set(k, parseValue(input.value)); });
      if (k === "expression") { label.classList.add("edit-setting-wide"); }
      var input = label.querySelector("input");
      input.name = k;
      self.inputs[k] = input;
      settings.appendChild(label);
    });
    this.panel.appendChild(settings);
    this.message = element("p", "edit-error");
    this.message.setAttribute("role", "alert");
    this.message.hidden = true;
    this.panel.appendChild(this.message);

    var actions = element("div", "edit-actions");
    // A formula or a result shows its answer already: no "Show the engine's answer".
    [["reset", function () { self.reset(); }], ["copyYAML", function () { self.copy(); }],
     ["showAnswer", function () { self.showAnswer(); }]].slice(0, this.player.showsResult ? 2 : 3).forEach(function (a) {
      var b = element("button", "player-button edit-" + a[0], t(a[0]));
      b.type = "button";
      b.addEventListener("click", a[1]);
      actions.appendChild(b);
    });
    this.panel.appendChild(actions);
    this.copied = element("p", "edit-copied");
    this.copied.setAttribute("aria-live", "polite");
    this.panel.appendChild(this.copied);
    this.yaml = element("textarea", "edit-yaml");
    this.yaml.readOnly = true;
    this.yaml.hidden = true;
    this.yaml.setAttribute("aria-label", t("copyYAML"));
    this.panel.appendChild(this.yaml);
    this.answer = element("div", "edit-answer");
    this.answer.hidden = true;
    this.panel.appendChild(this.answer);
  };

  // A grid of number fields per slice of a tensor field; `input` also gets its size.
  Editor.prototype.tensorEditor = function (k) {
    var self = this, t = this.t, value = this.example[k], shape = shapeOf(value);
    var box = element("fieldset", "edit-tensor");
    box.appendChild(element("legend", "", "")).appendChild(element("code", "", k));
    if (k === "input" && shape.length >= 1) { box.appendChild(this.sizeEditor(shape)); }
    var rank = shape.length, rows = rank >= 2 ? shape[rank - 2] : 1, cols = shape[rank - 1];
    var lead = shape.slice(0, Math.max(0, rank - 2));
    var count = lead.reduce(function (a, b) { return a * b; }, 1);
    var slices = element("div", "edit-slices");
    for (var s = 0; s < count; s++) {
      var prefix = [], rest = s;
      for (var a = lead.length - 1; a >= 0; a--) { prefix.unshift(rest % lead[a]); rest = Math.floor(rest / lead[a]); }
      var grid = element("div", "edit-grid");
      // Cells narrow (never below 1.6rem, room for −9 in 15 px digits) before the grid scrolls: the
      // 11×10 Sobel inputs fit a 360 px phone.
      grid.style.gridTemplateColumns = "repeat(" + cols + ", minmax(1.6rem, 4rem))";
      if (prefix.length) { grid.setAttribute("data-slice", "[" + prefix.join(",") + "]"); }
      for (var r = 0; r < rows; r++) {
        for (var c = 0; c < cols; c++) {
          var index = rank >= 2 ? prefix.concat([r, c]) : [c];
          grid.appendChild(this.cellInput(k, index));
        }
      }
      if (prefix.length) {
        var wrap = element("div", "edit-slice");
        wrap.appendChild(element("div", "edit-slice-label", "[" + prefix.join(", ") + "]"));
        wrap.appendChild(grid);
        slices.appendChild(wrap);
      } else {
        slices.appendChild(grid);
      }
    }
    box.appendChild(slices);
    void self; void t;
    return box;
  };

  Editor.prototype.cellInput = function (k, index) {
    var self = this;
    var input = element("input", "edit-cell");
    input.type = "text";
    // Not "decimal": that pad has no minus sign on iOS, and a cell may be negative.
    input.setAttribute("inputmode", "text");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("data-field", k);
    input.setAttribute("data-index", index.join(","));
    input.setAttribute("aria-label", k + " [" + index.join(",") + "]");
    var v = this.example[k];
    index.forEach(function (i) { v = v[i]; });
    input.value = typeof v === "number" ? window.convwalkFrames.compact(v) : String(v);
    titled(input);
    // A narrowed cell (a phone: 27–30 px) shows three characters. While it has the focus it
    // widens over its neighbours to its whole number, kept inside the grid's box so nothing
    // scrolls sideways; without the focus a longer number ends in "…" and is the cell's title.
    // `room` is read once when the cell takes the focus: typing reads no layout.
    var room = null;
    function fit() {
      if (!room) { return; }
      var need = Math.ceil(textWidth(input.value, room.font)) + room.chrome;
      if (need <= room.width) { unzoom(input); return; }
      need = Math.min(need, room.right - room.left);
      var left = Math.max(room.left, Math.min(room.right - need, room.cell + (room.width - need) / 2));
      input.classList.add("edit-cell-zoom");
      input.style.width = need + "px";
      input.style.left = (left - room.cell) + "px";
    }
    input.addEventListener("focus", function () {
      unzoom(input);
      var box = input.closest(".edit-slices") || input.parentNode, b = box.getBoundingClientRect(), bs = getComputedStyle(box);
      var c = input.getBoundingClientRect(), s = getComputedStyle(input);
      var inner = b.left + box.clientLeft;
      room = {
        cell: c.left, width: c.width,
        left: inner + parseFloat(bs.paddingLeft), right: inner + box.clientWidth - parseFloat(bs.paddingRight),
        font: [s.fontStyle, s.fontWeight, s.fontSize, s.fontFamily].join(" "),
        // Border and padding, and 8 px for the caret and some air.
        chrome: c.width - input.clientWidth + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) + 8
      };
      fit();
    });
    input.addEventListener("blur", function () { room = null; unzoom(input); titled(input); });
    input.addEventListener("input", function () {
      fit();
      var holder = self.example[k];
      for (var i = 0; i < index.length - 1; i++) { holder = holder[index[i]]; }
      var parsed = parseValue(input.value);
      holder[index[index.length - 1]] = parsed === undefined ? input.value : parsed;
      self.run(k);
    });
    return input;
  };

  function unzoom(input) {
    input.classList.remove("edit-cell-zoom");
    input.style.width = input.style.left = "";
  }
  // A number longer than a narrowed cell shows: its whole text as the cell's title.
  function titled(input) {
    if (input.value.length > 3) { input.title = input.value; } else { input.removeAttribute("title"); }
  }
  var measuring = null;
  function textWidth(text, font) {
    measuring = measuring || document.createElement("canvas").getContext("2d");
    measuring.font = font;
    return measuring.measureText(text).width;
  }

  // The row of the input's size fields (`sizeEditor`, `shapeEditor`), under its title.
  function sizeRow(className, title) {
    var box = element("div", className);
    box.appendChild(element("span", "edit-size-label", title));
    return box;
  }

  // Rows and columns of the input (its last two axes); new cells are 0.
  Editor.prototype.sizeEditor = function (shape) {
    var self = this, t = this.t, rank = shape.length;
    var box = sizeRow("edit-size", t("inputSize"));
    var axes = rank >= 2 ? [[rank - 2, "rows"], [rank - 1, "columns"]] : [[0, "columns"]];
    axes.forEach(function (a) {
      var label = element("label", "edit-setting");
      label.appendChild(element("span", "", t(a[1])));
      var input = element("input", "edit-value edit-size-" + a[1]);
      input.type = "number";
      input.min = "1";
      input.max = "32";
      input.value = String(shape[a[0]]);
      input.addEventListener("change", function () {
        var n = parseInt(input.value, 10);
        if (!(n >= 1 && n <= 32)) { input.value = String(shapeOf(self.example.input)[a[0]]); return; }
        var before = shapeOf(self.example.input);
        self.example.input = resize(self.example.input, a[0], n);
        // residual-add adds x to F(x) cell by cell: x follows F(x)'s size (new cells 0).
        var res = self.example.residual;
        if (self.example.op === "residual-add" && Array.isArray(res) && JSON.stringify(shapeOf(res)) === JSON.stringify(before)) {
          self.example.residual = resize(res, a[0], n);
        }
        self.fitGrad();
        self.render();
        self.run("input");
        var again = self.panel.querySelector(".edit-size-" + a[1]);
        if (again) { again.focus(); }
      });
      label.appendChild(input);
      box.appendChild(label);
    });
    return box;
  };

  // `value` with axis `axis` cut or extended (with zeros) to `n`.
  function resize(value, axis, n) {
    if (axis > 0) { return value.map(function (v) { return resize(v, axis - 1, n); }); }
    var out = value.slice(0, n);
    while (out.length < n) { out.push(zerosLike(value[0])); }
    return out;
  }
  function zerosLike(v) { return Array.isArray(v) ? v.map(zerosLike) : 0; }

  // ---- a layer table's fields -------------------------------------------------------------
  // The settings each layer kind shows (empty when left out); a layer's other settings follow.
  var LAYER_FIELDS = {
    conv: ["filters", "kernel", "stride", "padding", "dilation"],
    maxpool: ["size", "stride", "padding"],
    avgpool: ["size", "stride", "padding"]
  };
  // A layer that holds a number (`{linear: 120}`): what the number is.
  var LAYER_VALUE = { linear: "outputs", dropout: "p" };
  // The layers "Add a layer" offers, as a model file writes them.
  var NEW_LAYERS = {
    conv: { conv: { filters: 8, kernel: 3 } },
    maxpool: { maxpool: { size: 2 } },
    avgpool: { avgpool: { size: 2 } },
    relu: "relu",
    flatten: "flatten",
    linear: { linear: 10 }
  };

  // A layer as a model file writes it (`relu`, `{linear: 120}`, `{conv: {filters: 6, …}}`, or
  // the notes' `[conv, {ksize: 5, chn: 6}]`): its kind and where its settings are.
  function layerView(layer) {
    if (typeof layer === "string") { return { kind: layer }; }
    if (Array.isArray(layer)) {
      var p = layer[1];
      return { kind: String(layer[0]), params: p !== null && typeof p === "object" && !Array.isArray(p) ? p : null, notes: true };
    }
    if (layer !== null && typeof layer === "object") {
      var kind = Object.keys(layer)[0], v = layer[kind];
      if (v !== null && typeof v === "object" && !Array.isArray(v)) { return { kind: kind, params: v }; }
      if (v !== null && v !== undefined && !Array.isArray(v)) { return { kind: kind, value: true, holder: layer }; }
      return { kind: kind };
    }
    return { kind: String(layer) };
  }

  // A setting edited as text: a number, or a list/word written as in YAML flow.
  function isEditable(v) {
    return v === undefined || typeof v === "number" || typeof v === "string" ||
      (Array.isArray(v) && v.every(function (x) { return typeof x === "number"; }));
  }
  function shown(v) { return v === undefined ? "" : Array.isArray(v) ? JSON.stringify(v) : String(v); }

  // One setting's field: its name (a setting's, shown in code, or an element such as the words
  // "rows"), then a text input; `label` (optional) names it for screen readers when the name
  // alone does not (a layer's `filters`). The keyboard is the full one unless `inputmode` says
  // otherwise: a phone's decimal pad (inputmode="decimal") has no minus sign on iOS, and no
  // brackets or letters, so `bias: -5`, `stride: [2, 1]` or `padding: same` could not be typed.
  function settingField(name, value, label, onInput, inputmode) {
    var wrap = element("label", "edit-setting");
    wrap.appendChild(typeof name === "string" ? element("code", "", name) : name);
    var input = element("input", "edit-value");
    input.type = "text";
    input.setAttribute("inputmode", inputmode || "text");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    if (label) { input.setAttribute("aria-label", label); }
    input.value = shown(value);
    input.addEventListener("input", function () { onInput(input); });
    wrap.appendChild(input);
    return wrap;
  }

  // The input shape, one field per axis (channels, rows, columns).
  Editor.prototype.shapeEditor = function () {
    var self = this, t = this.t, shape = this.example.input;
    var box = sizeRow("edit-size edit-shape", t("inputShape"));
    var names = shape.length === 3 ? ["channels", "rows", "columns"] : null;
    shape.forEach(function (v, i) {
      // Sizes are whole and positive: the digits pad ("numeric") has all they need.
      var label = settingField(element("span", "", names ? t(names[i]) : "[" + i + "]"), v, null, function (input) {
        var parsed = parseValue(input.value);
        self.example.input[i] = parsed === undefined ? input.value : parsed;
        self.run("input");
      }, "numeric");
      var input = label.querySelector("input");
      input.setAttribute("data-field", "input");
      input.setAttribute("data-index", String(i));
      box.appendChild(label);
    });
    return box;
  };

  // Every layer with its settings and a button to remove it, then "Add a layer".
  Editor.prototype.layersEditor = function () {
    var self = this, t = this.t, layers = this.example.layers;
    var box = element("fieldset", "edit-tensor edit-layers-box");
    box.appendChild(element("legend", "", t("layers")));
    var list = element("ol", "edit-layers");
    layers.forEach(function (layer, n) {
      var view = layerView(layer);
      var item = element("li", "edit-layer"), row = item.appendChild(element("div", "edit-layer-row"));
      // A kind "Add a layer" offers can be changed in place; another (residual, the notes' form) is shown.
      row.appendChild(!view.notes && NEW_LAYERS[view.kind] ? self.kindSelect(n, row) : element("code", "edit-layer-kind", view.kind));
      self.layerFields(row, n);
      list.appendChild(item);
    });
    box.appendChild(list);

    var add = element("div", "edit-add-layer");
    var select = element("select", "edit-add-kind");
    select.setAttribute("aria-label", t("addLayer"));
    Object.keys(NEW_LAYERS).forEach(function (k) {
      var option = element("option", "", k);
      option.value = k;
      select.appendChild(option);
    });
    var button = element("button", "player-button edit-add-layer-button", t("addLayer"));
    button.type = "button";
    button.addEventListener("click", function () {
      self.example.layers.push(clone(NEW_LAYERS[select.value]));
      var kind = select.value;
      self.render();
      self.run("layers");
      var rows = self.panel.querySelectorAll(".edit-layer");
      var last = rows[rows.length - 1];
      var first = last && (last.querySelector("input") || last.querySelector("button"));
      if (first) { first.focus(); }
      var again = self.panel.querySelector(".edit-add-kind");
      if (again) { again.value = kind; }
    });
    add.appendChild(select);
    add.appendChild(button);
    box.appendChild(add);
    return box;
  };

  // Layer n's settings (each kind's, then any other it has) and its remove button, after its kind.
  Editor.prototype.layerFields = function (row, n) {
    var self = this, t = this.t, view = layerView(this.example.layers[n]), number = n + 1;
    var name = function (k) { return number + " " + view.kind + " " + k; };
    if (view.value) {
      var key = LAYER_VALUE[view.kind] || view.kind;
      row.appendChild(settingField(key, view.holder[view.kind], name(key), function (input) {
        var parsed = parseValue(input.value);
        view.holder[view.kind] = parsed === undefined ? input.value : parsed;
        self.run("layers");
      }));
    } else if (view.params) {
      var keys = view.notes ? [] : (LAYER_FIELDS[view.kind] || []).slice();
      Object.keys(view.params).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } });
      keys.forEach(function (k) {
        if (!isEditable(view.params[k])) { return; }
        row.appendChild(settingField(k, view.params[k], name(k), function (input) {
          var parsed = parseValue(input.value);
          if (parsed === undefined) { delete view.params[k]; } else { view.params[k] = parsed; }
          self.run("layers");
        }));
      });
      if (keys.some(function (k) { return !isEditable(view.params[k]); })) { row.appendChild(element("span", "edit-layer-more", "…")); }
    }
    var remove = element("button", "player-button edit-remove-layer", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", t("removeLayer").replace("{n}", String(number)));
    remove.title = remove.getAttribute("aria-label");
    remove.addEventListener("click", function () {
      self.example.layers.splice(n, 1);
      self.render();
      self.run("layers");
      var buttons = self.panel.querySelectorAll(".edit-remove-layer");
      var next = buttons[Math.min(n, buttons.length - 1)] || self.panel.querySelector(".edit-add-kind");
      if (next) { next.focus(); }
    });
    row.appendChild(remove);
  };

  // A layer's kind as a list of the kinds "Add a layer" offers. Another kind replaces the layer
  // with that kind's new layer, keeping the settings both show (a conv's kernel is a pool's size).
  // Only the fields after the list are rebuilt: the list keeps the focus, and typing a kind's
  // name into it goes on selecting by that name.
  Editor.prototype.kindSelect = function (n, row) {
    var self = this;
    var select = element("select", "edit-layer-kind");
    select.setAttribute("aria-label", this.t("layerKind").replace("{n}", String(n + 1)));
    Object.keys(NEW_LAYERS).forEach(function (k) {
      var option = element("option", "", k);
      option.value = k;
      select.appendChild(option);
    });
    select.value = layerView(this.example.layers[n]).kind;
    select.addEventListener("change", function () {
      self.example.layers[n] = changedKind(layerView(self.example.layers[n]), select.value);
      while (select.nextSibling) { row.removeChild(select.nextSibling); }
      self.layerFields(row, n);
      self.run("layers");
    });
    return select;
  };

  var SAME_SETTING = { kernel: "size", size: "kernel" };
  function changedKind(view, kind) {
    var layer = clone(NEW_LAYERS[kind]), to = typeof layer === "object" ? layer[kind] : null;
    if (view.params && to !== null && typeof to === "object") {
      LAYER_FIELDS[kind].forEach(function (k) {
        var v = view.params[k] !== undefined ? view.params[k] : view.params[SAME_SETTING[k]];
        if (v !== undefined) { to[k] = clone(v); }
      });
    }
    return layer;
  }

  Editor.prototype.set = function (k, value) {
    if (value === undefined) { delete this.example[k]; } else { this.example[k] = value; }
    if (this.fitGrad()) {
      // The grad grid changed shape: redraw the panel and keep typing where the learner was.
      var caret = this.inputs[k] ? this.inputs[k].selectionStart : null;
      this.render();
      var again = this.inputs[k];
      if (again) {
        again.focus();
        if (caret !== null) { again.setSelectionRange(caret, caret); }
      }
    }
    this.run(k);
  };

  // The shape `grad` must have for a backward op (the op's output shape from the example's
  // settings, as the engine computes it), or null when the settings do not give one (the
  // engine then says what is wrong).
  function pair(v, fallback) {
    if (v === undefined) { return fallback; }
    if (typeof v === "number" && v === Math.floor(v)) { return [v, v]; }
    if (Array.isArray(v) && v.length === 2 && v.every(function (x) { return typeof x === "number" && x === Math.floor(x); })) { return v; }
    return null;
  }
  function gradShape(ex) {
    var x = shapeOf(ex.input), rank = x.length;
    if (rank < 2 || rank > 4) { return null; }
    var lead = [1, 1].concat(x).slice(-4);     // N, C, H, W
    var out = function (n, k, p, s, d) { return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1; };
    var size, stride, padding, dilation = [1, 1];
    if (ex.op === "conv2d-backward") {
      var w = shapeOf(ex.kernel), kr = w.length;
      if (kr < 2 || kr > 4) { return null; }
      var f = [1, 1].concat(w).slice(-4)[0];
      size = [w[kr - 2], w[kr - 1]];
      stride = pair(ex.stride, [1, 1]);
      dilation = pair(ex.dilation, [1, 1]);
      if (ex.padding === "valid") { padding = [0, 0]; }
      else if (ex.padding === "same" && dilation) {
        var span = [0, 1].map(function (i) { return dilation[i] * (size[i] - 1) + 1; });
        if (span[0] % 2 === 0 || span[1] % 2 === 0) { return null; }
        padding = [(span[0] - 1) / 2, (span[1] - 1) / 2];
      } else { padding = pair(ex.padding, [0, 0]); }
      if (!stride || !dilation || !padding) { return null; }
      var oh = out(lead[2], size[0], padding[0], stride[0], dilation[0]), ow = out(lead[3], size[1], padding[1], stride[1], dilation[1]);
      var shape = (rank === 4 ? [lead[0]] : []).concat(rank === 4 || kr === 4 ? [f] : []).concat([oh, ow]);
    } else if (/pool-backward$/.test(ex.op)) {
      size = pair(ex.size, [2, 2]);
      stride = pair(ex.stride, size);
      padding = pair(ex.padding, [0, 0]);
      if (!size || !stride || !padding) { return null; }
      shape = [lead[0], lead[1], out(lead[2], size[0], padding[0], stride[0], 1), out(lead[3], size[1], padding[1], stride[1], 1)].slice(4 - rank);
    } else {
      return null;
    }
    if (stride[0] < 1 || stride[1] < 1 || shape.some(function (n) { return !(n >= 1 && n <= 64); })) { return null; }
    return shape;
  }

  // `value` reshaped to `shape`: the cells both shapes have keep their numbers, new ones are `fill`.
  function reshapeTo(value, shape, fill) {
    if (shape.length === 0) { return typeof value === "number" ? value : fill; }
    var out = [];
    for (var i = 0; i < shape[0]; i++) {
      var v = Array.isArray(value) && i < value.length ? value[i] : undefined;
      out.push(reshapeTo(v, shape.slice(1), fill));
    }
    return out;
  }

  // Keeps a backward op's `grad` the shape of the output when the pool size, stride, padding,
  // dilation, kernel or input size change (new cells get 1, so the routing stays visible).
  // True when it changed the grad.
  Editor.prototype.fitGrad = function () {
    var ex = this.example;
    if (!Array.isArray(ex.grad)) { return false; }
    var want = gradShape(ex);
    if (!want || JSON.stringify(want) === JSON.stringify(shapeOf(ex.grad))) { return false; }
    ex.grad = reshapeTo(ex.grad, want, 1);
    return true;
  };

  // Reruns the example; a rejected one shows the engine's message and keeps the last trace.
  Editor.prototype.run = function () {
    var self = this, t = this.t;
    var c = window.convwalk;
    if (!c || !window.convwalkEngineWasm) {
      this.showMessage(t("editLoading"), "");
      if (c && c.ready && !this.waiting) {
        this.waiting = true;
        c.ready.then(function () { self.waiting = false; self.run(); });
      }
      return;
    }
    var out = c.compute(this.example);
    if (out.error) {
      this.showMessage(out.error, out.field);
      return;
    }
    this.showMessage("", "");
    this.player.setTrace(out.trace, out);
    this.markEdited(this.isEdited());
    this.result = out;
    if (!this.answer.hidden) { this.showAnswer(); }
    if (!this.yaml.hidden) { this.yaml.value = yaml(this.isEdited() || !this.resolved ? this.example : this.original); }
  };

  // The title (a formula's line, an answer's summary) says when the numbers on screen are not the lesson's.
  Editor.prototype.markEdited = function (edited) {
    var title = this.player.markAt !== undefined ? this.player.markAt : this.player.root.querySelector(".player-title");
    var mark = title && title.querySelector(".player-edited");
    if (edited && title && !mark) { title.appendChild(element("span", "player-edited", this.t("edited"))); }
    if (!edited && mark) { title.removeChild(mark); }
    this.player.root.classList.toggle("arch-edited", !!(this.player.arch && edited));
  };

  Editor.prototype.showMessage = function (text, field) {
    var self = this;
    this.message.hidden = !text;
    this.message.textContent = "";
    if (text) {
      this.message.appendChild(element("strong", "", text));
      if (text !== this.t("editLoading")) { this.message.appendChild(element("span", "", " " + this.t("editKept"))); }
    }
    var all = this.panel.querySelectorAll("[aria-invalid]");
    for (var i = 0; i < all.length; i++) { all[i].removeAttribute("aria-invalid"); }
    if (field && this.inputs[field]) { this.inputs[field].setAttribute("aria-invalid", "true"); }
    // A layer the engine names ("layer 3 (maxpool): …"): its fields.
    var layer = field === "layers" && /^layer (\d+)\b/.exec(text || "");
    if (layer) {
      var row = this.panel.querySelectorAll(".edit-layer")[Number(layer[1]) - 1];
      var fields = row ? row.querySelectorAll("input") : [];
      for (i = 0; i < fields.length; i++) { fields[i].setAttribute("aria-invalid", "true"); }
    }
    if (field && !this.inputs[field]) {
      var cells = this.panel.querySelectorAll("[data-field=\"" + field + "\"]");
      for (i = 0; i < cells.length; i++) { if (isNaN(Number(parseValue(cells[i].value)))) { cells[i].setAttribute("aria-invalid", "true"); } }
    }
    this.player.root.classList.toggle("player-invalid", !!text && text !== this.t("editLoading"));
    void self;
  };

  Editor.prototype.reset = function () {
    this.example = clone(this.original);
    this.resolveModel();
    this.result = null;
    this.render();
    this.showMessage("", "");
    this.player.setTrace(this.originalTrace);
    this.markEdited(false);
  };

  Editor.prototype.copy = function () {
    var self = this, text = yaml(this.isEdited() || !this.resolved ? this.example : this.original);
    this.yaml.value = text;
    this.yaml.hidden = false;
    this.yaml.rows = Math.min(16, text.split("\n").length + 1);
    function manual() {
      self.copied.textContent = self.t("copyManual");
      self.yaml.focus();
      self.yaml.select();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { self.copied.textContent = self.t("copied"); }, manual);
    } else {
      manual();
    }
  };

  // The outputs of the example on screen (dX, dW and db for a backward op), each as a table,
  // and the last step.
  Editor.prototype.showAnswer = function () {
    var trace = this.player.live.trace;
    this.answer.hidden = false;
    this.answer.textContent = "";
    this.answer.appendChild(element("p", "edit-answer-title", this.t("engineAnswer")));
    trace.tensors.filter(function (x) { return x.role === "output"; }).forEach(function (out) {
      var rank = out.shape.length, cols = rank ? out.shape[rank - 1] : 1;
      var table = element("div", "edit-answer-grid");
      table.style.gridTemplateColumns = "repeat(" + cols + ", auto)";
      out.values.forEach(function (v) { table.appendChild(element("span", "", window.convwalkFrames.compact(v))); });
      this.answer.appendChild(element("code", "edit-answer-name", out.name + " · " + (rank ? out.shape.join("×") : "1")));
      this.answer.appendChild(table);
    }, this);
    (trace.formulas || []).forEach(function (f) { this.answer.appendChild(element("p", "edit-formula", f)); }, this);
    this.player.show(this.player.steps.length - 1, false);
  };

  // ---- "Try it" links --------------------------------------------------------------------
  // "bias: -5; stride: 2" → {bias: -5, stride: 2}; semicolons inside brackets stay.
  function parseChanges(text) {
    var parts = [], depth = 0, start = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch === "[" || ch === "{") { depth++; } else if (ch === "]" || ch === "}") { depth--; }
      else if (ch === ";" && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
    }
    parts.push(text.slice(start));
    var changes = {}, any = false;
    parts.forEach(function (p) {
      var m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.*?)\s*$/.exec(p);
      if (!m) { return; }
      changes[m[1]] = m[2] === "" ? undefined : parseValue(m[2]);
      any = true;
    });
    return any ? changes : null;
  }

  function wireTryLinks(players) {
    var links = document.querySelectorAll("main a[href^=\"#\"][title]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      var player = players[id];
      var changes = parseChanges(link.getAttribute("title"));
      if (!player || !player.editor || !changes) { continue; }
      link.classList.add("try-it");
      link.setAttribute("role", "button");
      link.setAttribute("aria-controls", player.editor.panel.id);
      (function (player, changes) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          player.editor.example = clone(player.editor.original);
          // An exercise's answer opens: the learner asked for it.
          var answer = player.root.closest("details");
          if (answer) { answer.open = true; }
          player.editor.open(changes);
          player.root.scrollIntoView({ block: "start" });
          var name = Object.keys(changes)[0];
          var first = player.editor.panel.querySelector("input[name=\"" + name + "\"], input[data-field=\"" + name + "\"]") ||
            player.editor.panel.querySelector("input");
          if (first) { first.focus({ preventScroll: true }); }
        });
      })(player, changes);
    }
  }

  window.convwalkEdit = {
    attach: function (player, strings) { player.editor = new Editor(player, strings); },
    gradShape: gradShape,
    wireTryLinks: wireTryLinks,
    yaml: yaml,
    parseChanges: parseChanges
  };
})();
