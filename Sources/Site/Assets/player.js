// The step-through player.
//
// The page already holds every player as a plain list of figures (<section class="player">
// with <li class="player-step"> items), which is what readers without JavaScript and
// printers see. This script turns each list into a player: one frame, its caption (in an
// aria-live region), a "step 3 of 4" counter, first/previous/play/next/last buttons and a
// slider. Keys work while the player has focus: ← → step, Home/End jump, space plays/pauses.
// Deep links: #<player-id>/step-3 opens that player at step 3; stepping updates the hash.
// Interface words come from the page's <script id="convwalk-strings"> table.
//
// A live player (class player-live) carries its example and trace as JSON
// (<script class="player-data">): its frames are drawn in HTML from the trace (frames.js),
// its step images are never loaded, and edit.js gives it an Edit mode that reruns the
// example through the in-page engine and hands the new trace back (setTrace). A formula
// (<div class="formula-live">: op arithmetic or output-size) is its line, with the same Edit mode;
// so is a layer table (<div class="arch-live">: op architecture), redrawn from each rerun's layers.
(function () {
  "use strict";

  var PLAY_INTERVAL_MS = 1400;
  var players = {};

  // ---- strings -------------------------------------------------------------------------
  function loadStrings() {
    var element = document.getElementById("convwalk-strings");
    try { return element ? JSON.parse(element.textContent) : {}; } catch (e) { return {}; }
  }
  var strings = loadStrings();

  function t(key) { return strings[key] || key; }

  function stepOf(n, total) {
    return t("stepOf").replace("{n}", String(n)).replace("{total}", String(total));
  }

  // ---- building the controls -----------------------------------------------------------
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // A button with an icon (hidden from screen readers) and a visible label; narrow
  // screens hide the label visually (see site.css) but it still names the button.
  function button(action, label, symbol) {
    var node = element("button", "player-button player-" + action);
    node.type = "button";
    node.setAttribute("data-action", action);
    node.title = label;
    node.appendChild(element("span", "player-button-icon", symbol)).setAttribute("aria-hidden", "true");
    node.appendChild(element("span", "player-button-label", label));
    return node;
  }

  // The steps of a trace: the arithmetic (and the per-channel sums) as caption.
  function traceSteps(trace) {
    return trace.steps.map(function (s) {
      var caption = s.arithmetic;
      if (s.partialSums && s.partialSums.length) {
        caption += " (" + t("framePartialSums") + ": " + s.partialSums.map(function (v, c) {
          return t("frameChannel").replace("{c}", String(c)) + ": " + window.convwalkFrames.compact(v);
        }).join(", ") + ")";
      }
      return { caption: caption, alt: s.description };
    });
  }

  function readSteps(root) {
    var items = root.querySelectorAll(".player-step");
    var steps = [];
    for (var i = 0; i < items.length; i++) {
      var img = items[i].querySelector("img");
      var caption = items[i].querySelector(".player-caption");
      steps.push({
        src: img ? img.getAttribute("src") : "",
        alt: img ? img.getAttribute("alt") : "",
        width: img ? img.getAttribute("width") : null,
        height: img ? img.getAttribute("height") : null,
        // The smallest text's size and the width that keeps it legible (see site.css).
        textPx: img ? img.getAttribute("data-text-px") : null,
        minWidth: img ? img.style.minWidth : "",
        caption: caption ? caption.textContent : ""
      });
    }
    return steps;
  }

  // ---- one player ----------------------------------------------------------------------
  function Player(root) {
    this.root = root;
    this.id = root.getAttribute("data-player-id") || root.id;
    var data = root.querySelector(".player-data");
    try { this.live = data && window.convwalkFrames ? JSON.parse(data.textContent) : null; } catch (e) { this.live = null; }
    if (this.live) { window.convwalkFrames.expand(this.live.trace); }
    this.steps = this.live ? traceSteps(this.live.trace) : readSteps(root);
    this.index = 0;
    this.timer = null;
    this.build();
    this.show(0, false);
  }

  Player.prototype.build = function () {
    var root = this.root;
    var list = root.querySelector(".player-steps");

    this.stage = element("div", "player-stage");
    if (!this.live) {
      this.frame = element("img", "player-frame");
      this.stage.appendChild(this.frame);
      // A frame kept wide enough for its text scrolls sideways on a narrow screen (site.js
      // shows the hint while it does).
      this.stage.classList.add("figure-scroll");
    }

    // The caption sits on top of every other step's caption (invisible, in one grid cell),
    // so it is as tall as the longest and the controls below never move.
    this.status = element("div", "player-status");
    var live = element("p", "player-status-live");
    live.setAttribute("aria-live", "polite");
    this.counter = element("span", "player-counter");
    this.caption = element("span", "player-caption");
    live.appendChild(this.counter);
    live.appendChild(document.createTextNode(" "));
    live.appendChild(this.caption);
    this.status.appendChild(live);
    this.sizer = element("div", "player-status-sizer");
    this.sizer.setAttribute("aria-hidden", "true");
    this.status.appendChild(this.sizer);

    var controls = element("div", "player-controls");
    this.buttons = {
      first: button("first", t("first"), "⇤"),
      previous: button("previous", t("previous"), "←"),
      play: button("play", t("play"), "▶"),
      next: button("next", t("next"), "→"),
      last: button("last", t("last"), "⇥")
    };
    ["first", "previous", "play", "next", "last"].forEach(function (name) {
      controls.appendChild(this.buttons[name]);
    }, this);

    this.slider = element("input", "player-slider");
    this.slider.type = "range";
    this.slider.min = "1";
    this.slider.max = String(this.steps.length);
    this.slider.step = "1";
    this.slider.setAttribute("aria-label", t("stepSlider"));
    controls.appendChild(this.slider);

    var help = element("p", "player-help", t("playerHelp"));
    help.id = this.id + "-help";

    var anchor = list || null;
    root.insertBefore(this.stage, anchor);
    var steps = this.steps;
    if (!this.live && steps.some(function (s) { return s.minWidth; })) {
      var hint = element("p", "scroll-hint", t("scrollHint"));
      hint.hidden = true;
      root.insertBefore(hint, anchor);
    }
    root.insertBefore(this.status, anchor);
    root.insertBefore(controls, anchor);
    root.insertBefore(help, anchor);

    root.classList.add("player-enhanced");
    root.tabIndex = 0;
    root.setAttribute("aria-describedby", help.id);
    this.controls = controls;
    this.bindEvents(controls);
    if (this.live) {
      var self = this;
      help.textContent = t("playerHelp") + " " + t("pointHelp");
      this.view = new window.convwalkFrames.Frame(this.live.trace, strings, function (k) {
        self.stop();
        self.show(k, true);
      }, this.stage);
      this.fillSizer();
      if (window.convwalkEdit) { window.convwalkEdit.attach(this, strings); }
    }
  };

  // The three longest captions, invisible, reserve the status line's height. Each is built
  // like the live line (counter and caption spans with their classes and fonts), so it is
  // exactly as tall as that caption will be when shown.
  Player.prototype.fillSizer = function () {
    this.sizer.textContent = "";
    var total = this.steps.length;
    var longest = this.steps.map(function (s) { return s.caption; })
      .sort(function (a, b) { return b.length - a.length; }).slice(0, 3);
    for (var i = 0; i < longest.length; i++) {
      var line = element("p", "");
      line.appendChild(element("span", "player-counter", stepOf(total, total)));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "player-caption", longest[i]));
      this.sizer.appendChild(line);
    }
  };

  // A new trace for this player (Edit mode reran the example): new steps, same place.
  Player.prototype.setTrace = function (trace) {
    this.stop();
    this.live.trace = trace;
    this.steps = traceSteps(trace);
    this.slider.max = String(this.steps.length);
    var index = Math.min(this.index, this.steps.length - 1);
    this.view.index = index;
    this.view.setTrace(trace);
    this.fillSizer();
    this.show(index, false);
  };

  Player.prototype.bindEvents = function (controls) {
    var self = this;
    controls.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-action]");
      if (!target) { return; }
      self.act(target.getAttribute("data-action"));
    });
    this.slider.addEventListener("input", function () {
      self.stop();
      self.show(parseInt(self.slider.value, 10) - 1, true);
    });
    this.root.addEventListener("keydown", function (event) { self.onKey(event); });
  };

  Player.prototype.act = function (action) {
    if (action === "play") { this.toggle(); return; }
    this.stop();
    var last = this.steps.length - 1;
    var targets = { first: 0, previous: this.index - 1, next: this.index + 1, last: last };
    this.show(Math.max(0, Math.min(last, targets[action])), true);
  };

  Player.prototype.onKey = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var onSlider = event.target === this.slider;
    var onButton = event.target.tagName === "BUTTON";
    // Keys typed into Edit mode's fields, or moving between cells, are not for the player.
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.defaultPrevented) { return; }
    var actions = { ArrowLeft: "previous", ArrowRight: "next", Home: "first", End: "last" };
    if (actions[event.key] && !onSlider) {
      event.preventDefault();
      this.act(actions[event.key]);
    } else if ((event.key === " " || event.key === "Spacebar") && !onButton) {
      event.preventDefault();
      this.toggle();
    }
  };

  Player.prototype.show = function (index, updateHash) {
    this.index = index;
    var step = this.steps[index];
    var total = this.steps.length;
    if (this.view) {
      this.view.show(index);
      this.view.element.setAttribute("aria-label", step.alt);
    } else {
      this.frame.src = step.src;
      this.frame.alt = step.alt;
      if (step.width && step.height) {
        this.frame.width = parseInt(step.width, 10);
        this.frame.height = parseInt(step.height, 10);
      }
      this.frame.style.minWidth = step.minWidth || "";
      if (step.textPx) { this.frame.setAttribute("data-text-px", step.textPx); } else { this.frame.removeAttribute("data-text-px"); }
    }
    this.counter.textContent = stepOf(index + 1, total);
    // One step (a live example that an edit may give more) has nothing to step through.
    this.root.classList.toggle("player-single", total === 1);
    this.caption.textContent = step.caption;
    this.slider.value = String(index + 1);
    this.slider.setAttribute("aria-valuetext", stepOf(index + 1, total));
    var focused = document.activeElement;
    this.buttons.first.disabled = index === 0;
    this.buttons.previous.disabled = index === 0;
    this.buttons.next.disabled = index === total - 1;
    this.buttons.last.disabled = index === total - 1;
    // A button that just became disabled (Next at the last step) would drop the focus to the
    // page, and the arrow keys would stop working: keep it on the player.
    if (focused && focused.disabled && this.root.contains(focused)) { this.root.focus({ preventScroll: true }); }
    if (updateHash) { setHash(this.id + "/step-" + (index + 1)); }
  };

  Player.prototype.toggle = function () {
    if (this.timer) { this.stop(); } else { this.play(); }
  };

  Player.prototype.play = function () {
    var self = this;
    if (this.index === this.steps.length - 1) { this.show(0, true); }
    this.setPlaying(true);
    this.timer = window.setInterval(function () {
      if (self.index >= self.steps.length - 1) { self.stop(); return; }
      self.show(self.index + 1, true);
      if (self.index >= self.steps.length - 1) { self.stop(); }
    }, PLAY_INTERVAL_MS);
  };

  Player.prototype.stop = function () {
    if (this.timer) { window.clearInterval(this.timer); }
    this.timer = null;
    this.setPlaying(false);
  };

  Player.prototype.setPlaying = function (playing) {
    var label = playing ? t("pause") : t("play");
    this.buttons.play.title = label;
    this.buttons.play.querySelector(".player-button-label").textContent = label;
    this.buttons.play.querySelector(".player-button-icon").textContent = playing ? "❚❚" : "▶";
    this.root.classList.toggle("player-playing", playing);
  };

  // ---- what stands in for a player ---------------------------------------------------
  // A formula, a layer table or an exercise's result, once its constructor has found its parts:
  // it shows its answer already (Edit mode offers no "Show the engine's answer") and has no
  // steps; Edit mode marks an edit at `markAt` and puts its tools after `controls`. `enhanced`
  // is the root's class once the script runs.
  function standIn(block, markAt, controls, enhanced) {
    block.showsResult = true;
    block.markAt = markAt;
    block.controls = controls;
    block.steps = [];
    block.root.classList.add(enhanced);
    if (window.convwalkEdit) { window.convwalkEdit.attach(block, strings); }
  }

  // ---- a formula ---------------------------------------------------------------------
  // The lesson's line "title: `formula`" is what readers without JavaScript see; Edit mode
  // (edit.js) reruns the edited example and the formula follows the engine's. It stands in
  // for a player there: root, id, live, controls (the tools go after them), setTrace.
  function Formula(root) {
    this.root = root;
    this.id = root.getAttribute("data-player-id") || root.id;
    this.live = JSON.parse(root.querySelector(".player-data").textContent);
    this.line = root.querySelector("p");
    var codes = this.line.querySelectorAll("code");
    this.code = codes[codes.length - 1];
    this.code.setAttribute("aria-live", "polite");
    // An edit is marked on its line.
    standIn(this, this.line, this.line, "formula-enhanced");
  }

  Formula.prototype.setTrace = function (trace) {
    this.live.trace = trace;
    this.code.textContent = (trace.formulas || [])[0] || "";
  };
  Formula.prototype.show = function () {};
  Formula.prototype.stop = function () {};

  // ---- a layer table ---------------------------------------------------------------------
  // An architecture example's pictures and table as the page wrote them; Edit mode (edit.js)
  // reruns the edited layers and the table's rows follow the engine's: the same columns and
  // words as the build's table (ResultText.layerTable), so an unedited rerun gives its text.
  function grouped(n) {
    var digits = String(Math.abs(n)), out = "";
    for (var i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) { out += ","; }
      out += digits[i];
    }
    return (n < 0 ? "\u2212" : "") + out;
  }

  function fieldWords(f) {
    if (!f) { return ""; }
    if (f.wholeInput) { return t("tableWholeInput"); }
    var jump = f.jump[0] === f.jump[1] ? String(f.jump[0]) : f.jump[0] + "x" + f.jump[1];
    return t("tableFieldAndJump").replace("{size}", f.size[0] + "x" + f.size[1]).replace("{jump}", jump);
  }

  function LayerTable(root) {
    this.root = root;
    this.id = root.getAttribute("data-player-id") || root.id;
    this.live = JSON.parse(root.querySelector(".player-data").textContent);
    this.arch = true;
    var tables = root.querySelectorAll("table");
    this.table = tables[tables.length - 1];
    this.body = this.table.tBodies[0];
    var rows = this.body.rows;
    this.rowTemplate = rows[0].cloneNode(true);
    this.totalTemplate = rows[rows.length - 1].cloneNode(true);
    // The line that says "edited", and (for screen readers) the engine's sum after a rerun.
    this.line = element("p", "arch-status");
    this.said = element("span", "visually-hidden");
    this.said.setAttribute("aria-live", "polite");
    this.line.appendChild(this.said);
    this.table.parentNode.insertBefore(this.line, this.table);
    // An edit is marked above the table.
    standIn(this, this.line, this.table, "arch-enhanced");
  }

  LayerTable.prototype.setTrace = function (trace) {
    this.live.trace = trace;
    var layers = trace.layers || [], costs = !!trace.costs, body = this.body, self = this;
    var total = [0, 0, 0];
    body.textContent = "";
    layers.forEach(function (l) {
      var cells = [String(l.index), l.name + ": " + l.description,
                   l.outputShape.length ? l.outputShape.join("x") : "scalar", grouped(l.parameters)];
      if (costs) { cells.push(grouped(l.multiplyAdds), grouped(l.activations), fieldWords(l.receptiveField)); }
      total[0] += l.parameters; total[1] += l.multiplyAdds; total[2] += l.activations;
      var tr = self.rowTemplate.cloneNode(true);
      for (var i = 0; i < tr.cells.length; i++) { tr.cells[i].textContent = cells[i] === undefined ? "" : cells[i]; }
      body.appendChild(tr);
    });
    var last = this.totalTemplate.cloneNode(true), sums = { 3: total[0], 4: total[1], 5: total[2] };
    Object.keys(sums).forEach(function (i) {
      var strong = last.cells[i] && last.cells[i].querySelector("strong");
      if (strong) { strong.textContent = grouped(sums[i]); }
    });
    body.appendChild(last);
    this.said.textContent = (trace.formulas || [])[0] || "";
  };
  LayerTable.prototype.show = function () {};
  LayerTable.prototype.stop = function () {};
  // ---- an exercise's result ---------------------------------------------------------
  // An exercise's answer shown as the engine's result (<div class="result-live"> inside the
  // collapsed <details class="answer">: each output a table or a list, named when there are
  // several), as the build wrote it. Edit mode (edit.js) sits inside the answer too, so nothing
  // shows before the reader opens it; each rerun redraws the result from the engine's outputs,
  // and Reset puts the build's back. An edit is marked on the answer's summary.
  function Result(root) {
    this.root = root;
    this.id = root.getAttribute("data-player-id") || root.id;
    var data = root.querySelector(".player-data");
    this.live = JSON.parse(data.textContent);
    this.names = (root.getAttribute("data-outputs") || "").split(" ").filter(Boolean);
    this.body = element("div", "result-body");
    this.body.setAttribute("aria-live", "polite");
    while (root.firstChild && root.firstChild !== data) { this.body.appendChild(root.firstChild); }
    root.insertBefore(this.body, data);
    this.built = this.body.innerHTML;
    var answer = root.closest("details");
    standIn(this, (answer && answer.querySelector("summary")) || null, this.body, "result-enhanced");
  }

  // `out` is the rerun's whole answer (`convwalk compute`'s JSON); none means Reset.
  Result.prototype.setTrace = function (trace, out) {
    this.live.trace = trace;
    if (!out) { this.body.innerHTML = this.built; return; }
    this.body.textContent = "";
    resultNodes(out, this.names).forEach(function (node) { this.body.appendChild(node); }, this);
  };
  Result.prototype.show = function () {};
  Result.prototype.stop = function () {};

  // The outputs of a `compute` answer as the build writes them (ResultText in the Pipeline):
  // each named in bold when there are several, a matrix as a table with its row and column
  // numbers, a vector as [a, b], a number as itself, a higher tensor as a table per [i] slice.
  function resultNodes(out, names) {
    var outputs = out.outputs || { result: out.result };
    if (!names.length) { names = Object.keys(outputs); }
    var nodes = [];
    names.forEach(function (name) {
      if (names.length > 1) {
        var label = element("p");
        label.appendChild(element("strong", "", name));
        nodes.push(label);
      }
      tensorNodes(Object.prototype.hasOwnProperty.call(outputs, name) ? outputs[name] : out.result, nodes);
    });
    return nodes;
  }

  function tensorNodes(value, nodes) {
    var n = window.convwalkFrames.compact;
    if (!Array.isArray(value)) { nodes.push(element("p", "", n(value))); return; }
    if (!value.some(Array.isArray)) { nodes.push(element("p", "", "[" + value.map(n).join(", ") + "]")); return; }
    if (value.some(function (row) { return row.some(Array.isArray); })) {
      value.forEach(function (slice, i) { nodes.push(element("p", "", "[" + i + "]")); tensorNodes(slice, nodes); });
      return;
    }
    var table = element("table", "matrix"), head = element("tr");
    head.appendChild(element("td"));
    value[0].forEach(function (_, c) { head.appendChild(element("th", "", String(c))).setAttribute("scope", "col"); });
    table.appendChild(element("thead")).appendChild(head);
    var body = table.appendChild(element("tbody"));
    value.forEach(function (row, r) {
      var tr = body.appendChild(element("tr"));
      tr.appendChild(element("th", "", String(r))).setAttribute("scope", "row");
      row.forEach(function (v) { tr.appendChild(element("td", "", n(v))); });
    });
    nodes.push(table);
  }

  // ---- deep links ----------------------------------------------------------------------
  function setHash(hash) {
    try {
      history.replaceState(null, "", "#" + hash);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages; the hash is a convenience only.
    }
  }

  function parseHash() {
    var match = /^#(.+)\/step-(\d+)$/.exec(decodeURIComponent(location.hash || ""));
    return match ? { id: match[1], step: parseInt(match[2], 10) } : null;
  }

  function openFromHash(scroll) {
    var target = parseHash();
    if (!target || !players[target.id]) { return; }
    var player = players[target.id];
    var step = Math.max(1, Math.min(player.steps.length, target.step));
    player.stop();
    player.show(step - 1, false);
    if (scroll) { player.root.scrollIntoView(); }
  }

  // ---- start ---------------------------------------------------------------------------
  function start() {
    var roots = document.querySelectorAll(".player");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].querySelector(".player-step")) {
        var player = new Player(roots[i]);
        players[player.id] = player;
        roots[i].convwalkPlayer = player;
      }
    }
    // Formulas, an exercise's results and layer tables stand in for players (Edit mode, "Try it" links).
    [[".formula-live", Formula], [".result-live", Result], [".arch-live", LayerTable]].forEach(function (kind) {
      var roots = document.querySelectorAll(kind[0]);
      for (var i = 0; i < roots.length; i++) {
        try {
          var block = new kind[1](roots[i]);
          players[block.id] = block;
          roots[i].convwalkPlayer = block;
        } catch (e) {
          // Data that does not parse leaves the block as the page wrote it.
        }
      }
    });
    if (window.convwalkEdit) { window.convwalkEdit.wireTryLinks(players); }
    openFromHash(true);
    window.addEventListener("hashchange", function () { openFromHash(true); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
