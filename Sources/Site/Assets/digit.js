// The demo pages' drawing pad: the learner draws a digit (mouse, touch, pen), the page prepares
// it like MNIST (grey levels; the digit scaled into a 20x20 box; centred by its centre of mass in
// 28x28) and runs it through the trained network in WebAssembly (the same Sources/KernelCore as
// the lesson engine: cw_net_load, cw_forward), then redraws every convolution and pooling
// layer's feature maps, the softmax as bars and the class the network picks.
// The network (layers and float32 weights from the build's checkpoint) comes from a script,
// figures/demos/<model>/network.js, loaded after the page's load event (no fetch: file:// works).
//
// The walk through the network (assets/walk.js) reads each pad's digits and drawing from
// window.convwalk.digitKit.
//
// API: window.convwalk.classify(pixels[, model]) takes 784 numbers in 0..1 (row-major 28x28) and
// returns {label, probabilities, logits, layers: [{index, shape, values}], ms}; wait for
// window.convwalk.digitReady first. window.convwalk.prepare(grey, size[, fit]) is the MNIST
// preparation (fit 28: Fashion-MNIST's). A pad with data-classes names its classes (the
// comparison page's Fashion-MNIST pads).
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var root = here ? here.replace(/assets\/digit\.js(\?.*)?$/, "") : "";
  var handles = {};
  var firstModel = null;
  // Per model: the pad's test digits and its prepared drawing, for the walk (assets/walk.js).
  var pads = {};
  var resolveReady, rejectReady;
  var digitReady = new Promise(function (a, b) { resolveReady = a; rejectReady = b; });

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  function readText(e, at) {
    var length = new DataView(e.memory.buffer).getUint32(at, true);
    return new TextDecoder().decode(new Uint8Array(e.memory.buffer, at + 4, length));
  }

  // The network's handle in the module, loading it on first use.
  function handle(model) {
    if (handles[model] !== undefined) return handles[model];
    var e = window.convwalk.wasm();
    var entry = window.convwalkNetworks && window.convwalkNetworks[model];
    if (!e || !entry) throw new Error("the network " + model + " is still loading (wait for convwalk.digitReady)");
    var text = atob(entry.data);
    var at = e.cw_alloc(text.length);
    var bytes = new Uint8Array(e.memory.buffer, at, text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var h = e.cw_net_load(at, text.length);
    e.cw_free(at);
    if (h < 0) {
      var err = e.cw_net_error();
      var message = readText(e, err);
      e.cw_free(err);
      throw new Error(model + ": " + message);
    }
    handles[model] = h;
    return h;
  }

  // Every layer's output for 784 grey levels.
  function forward(model, pixels) {
    var e = window.convwalk.wasm();
    var h = handle(model);
    var at = e.cw_alloc(pixels.length * 4);
    new Float32Array(e.memory.buffer, at, pixels.length).set(pixels);
    var t0 = performance.now();
    var out = e.cw_forward(h, at);
    var ms = performance.now() - t0;
    e.cw_free(at);
    if (!out) throw new Error("the network could not run (wrong input size or out of memory)");
    var view = new DataView(e.memory.buffer);
    var count = view.getUint32(out, true);
    var layers = [];
    var offset = out + 4 + count * 16;
    for (var l = 0; l < count; l++) {
      var rank = view.getUint32(out + 4 + l * 16, true), shape = [], n = 1;
      for (var k = 0; k < rank; k++) { shape.push(view.getUint32(out + 8 + l * 16 + 4 * k, true)); n *= shape[k]; }
      layers.push({ index: l, shape: shape, values: new Float32Array(e.memory.buffer.slice(offset, offset + 4 * n)) });
      offset += 4 * n;
    }
    e.cw_free(out);
    return { layers: layers, ms: ms };
  }

  function softmax(logits) {
    var m = -Infinity, i, sum = 0, p = [];
    for (i = 0; i < logits.length; i++) m = Math.max(m, logits[i]);
    for (i = 0; i < logits.length; i++) { p.push(Math.exp(logits[i] - m)); sum += p[i]; }
    return p.map(function (v) { return v / sum; });
  }

  function classify(pixels, model) {
    model = model || firstModel;
    if (!pixels || pixels.length !== 784) throw new Error("classify needs 784 numbers (28x28, row-major), got " + (pixels ? pixels.length : 0));
    var input = new Float32Array(784);
    for (var i = 0; i < 784; i++) {
      var v = Number(pixels[i]);
      if (!(v >= 0 && v <= 1)) throw new Error("pixel " + i + " must be a number from 0 to 1, got " + pixels[i]);
      input[i] = v;
    }
    var run = forward(model, input);
    var logits = Array.prototype.slice.call(run.layers[run.layers.length - 1].values);
    var probabilities = softmax(logits);
    var label = 0;
    for (i = 1; i < probabilities.length; i++) if (logits[i] > logits[label]) label = i;
    return {
      label: label, probabilities: probabilities, logits: logits, ms: run.ms,
      layers: run.layers.map(function (l) { return { index: l.index, shape: l.shape, values: Array.prototype.slice.call(l.values) }; })
    };
  }

  // MNIST's preparation: `grey` holds size x size levels in 0..1 (ink high). The digit's
  // bounding box is scaled (area averaging, aspect kept) so its longer side is 20 pixels, then
  // placed in 28x28 with its centre of mass at the centre. Returns 784 levels, or null when blank.
  // With fit = 28 (Fashion-MNIST's preparation) the longer side is scaled to 28 pixels and the
  // box centred, instead.
  function prepare(grey, size, fit) {
    var minX = size, minY = size, maxX = -1, maxY = -1, x, y;
    for (y = 0; y < size; y++) for (x = 0; x < size; x++) {
      if (grey[y * size + x] > 0.02) {
        if (x < minX) minX = x; if (x > maxX) maxX = x;
        if (y < minY) minY = y; if (y > maxY) maxY = y;
      }
    }
    if (maxX < 0) return null;
    var side = fit === 28 ? 28 : 20;
    var bw = maxX - minX + 1, bh = maxY - minY + 1, scale = side / Math.max(bw, bh);
    var tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
    var sx = bw / tw, sy = bh / th, box = new Float32Array(tw * th);
    for (var ty = 0; ty < th; ty++) {
      var y0 = minY + ty * sy, y1 = y0 + sy;
      for (var tx = 0; tx < tw; tx++) {
        var x0 = minX + tx * sx, x1 = x0 + sx, sum = 0;
        for (y = Math.floor(y0); y < Math.ceil(y1); y++) {
          var wy = Math.min(y1, y + 1) - Math.max(y0, y);
          for (x = Math.floor(x0); x < Math.ceil(x1); x++) {
            sum += wy * (Math.min(x1, x + 1) - Math.max(x0, x)) * grey[y * size + x];
          }
        }
        box[ty * tw + tx] = Math.min(1, sum / (sx * sy));
      }
    }
    var mass = 0, cx = 0, cy = 0;
    for (y = 0; y < th; y++) for (x = 0; x < tw; x++) { var v = box[y * tw + x]; mass += v; cx += (x + 0.5) * v; cy += (y + 0.5) * v; }
    var ox = Math.round(14 - cx / mass), oy = Math.round(14 - cy / mass);
    if (fit === 28) { ox = Math.floor((28 - tw) / 2); oy = Math.floor((28 - th) / 2); }
    var out = new Float32Array(784);
    for (y = 0; y < th; y++) for (x = 0; x < tw; x++) {
      var X = x + ox, Y = y + oy;
      if (X >= 0 && X < 28 && Y >= 0 && Y < 28) out[Y * 28 + X] = box[y * tw + x];
    }
    return out;
  }

  // 28x28 levels onto a 28x28 canvas, white ink on black as MNIST stores them.
  function paintDigit(canvas, levels) {
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(28, 28);
    for (var i = 0; i < 784; i++) {
      var g = Math.round(255 * (levels ? levels[i] : 0));
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = g;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }

  // One layer's maps side by side, 1 px apart: orange above 0, blue below, white at 0, on one
  // scale per layer (its largest |value|).
  function paintMaps(canvas, shape, values) {
    var c = shape[0], h = shape[1], w = shape[2];
    var cols = c <= 8 ? c : (c > 32 ? 16 : 8), rows = Math.ceil(c / cols);
    canvas.width = cols * (w + 1) - 1;
    canvas.height = rows * (h + 1) - 1;
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(canvas.width, canvas.height), m = 1e-12, i;
    for (i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
    for (i = 0; i < img.data.length; i += 4) { img.data[i] = img.data[i + 1] = img.data[i + 2] = 200; img.data[i + 3] = 255; }
    for (var k = 0; k < c; k++) {
      var bx = (k % cols) * (w + 1), by = Math.floor(k / cols) * (h + 1);
      for (var y = 0; y < h; y++) for (var x = 0; x < w; x++) {
        var t = values[(k * h + y) * w + x] / m, p = 4 * ((by + y) * canvas.width + bx + x);
        var r = 255, g = 255, b = 255;
        if (t > 0) { g = 255 - 150 * t; b = 255 - 235 * t; } else { r = 255 + 225 * t; g = 255 + 140 * t; }
        img.data[p] = r; img.data[p + 1] = g; img.data[p + 2] = b;
      }
    }
    ctx.putImageData(img, 0, 0);
    canvas.style.width = Math.min(canvas.width * Math.max(1, Math.floor(96 / h)), 640) + "px";
    return m;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function setUp(pad) {
    var model = pad.getAttribute("data-model");
    if (!firstModel) firstModel = model;
    var canvas = pad.querySelector(".digit-canvas");
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    var layers = JSON.parse(pad.getAttribute("data-layers") || "[]");
    var live = pad.getAttribute("data-live") === "move";
    // Class names (Fashion-MNIST's) when the pad has them; else the class number names a digit.
    var classes = JSON.parse(pad.getAttribute("data-classes") || "null");
    var fit = Number(pad.getAttribute("data-fit")) || 0;
    function className(c) { return classes && classes[c] !== undefined ? classes[c] : String(c); }
    var sampleBytes = atob(pad.getAttribute("data-samples") || "");
    var verdict = pad.querySelector(".digit-verdict");
    var bars = pad.querySelectorAll(".digit-bars li");
    var timeLine = pad.querySelector(".digit-time");
    var mapsBox = pad.querySelector(".digit-maps");
    var strokes = [], current = null, base = null, pending = false, ready = false;
    var mapCanvases = [];
    var shared = pads[model] = { sample: sample, count: Math.floor(sampleBytes.length / 784), layers: layers, drawn: null, listeners: [],
                                 empty: pad.getAttribute("data-empty"), className: className };

    function sample(k) {
      var levels = new Float32Array(784);
      for (var i = 0; i < 784; i++) levels[i] = sampleBytes.charCodeAt(k * 784 + i) / 255;
      return levels;
    }
    function drawn(input) {
      shared.drawn = input;
      shared.listeners.forEach(function (f) { f(input); });
    }
    pad.querySelectorAll("[data-sample]").forEach(function (button) {
      var k = Number(button.getAttribute("data-sample"));
      paintDigit(button.querySelector("canvas"), sample(k));
      button.addEventListener("click", function () {
        if (!ready) window.convwalk.loadNetworks();
        base = sample(k); strokes = []; redraw(); update();
      });
    });

    layers.forEach(function (layer) {
      var figure = document.createElement("figure");
      figure.className = "digit-map";
      figure.hidden = true;  // until the network has drawn into it (a large one loads on first use)
      var c = document.createElement("canvas");
      c.setAttribute("role", "img");
      c.setAttribute("aria-label", layer.name);
      var caption = document.createElement("figcaption");
      figure.appendChild(c);
      figure.appendChild(caption);
      mapsBox.appendChild(figure);
      mapCanvases.push({ layer: layer, canvas: c, caption: caption });
    });

    function redraw() {
      ctx.fillStyle = "#000";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      if (base) {
        var small = document.createElement("canvas");
        small.width = small.height = 28;
        paintDigit(small, base);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
      }
      ctx.strokeStyle = "#fff";
      ctx.fillStyle = "#fff";
      ctx.lineWidth = canvas.width / 13;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      strokes.forEach(function (s) {
        ctx.beginPath();
        ctx.moveTo(s[0][0], s[0][1]);
        if (s.length === 1) ctx.lineTo(s[0][0] + 0.01, s[0][1]);
        for (var i = 1; i < s.length; i++) ctx.lineTo(s[i][0], s[i][1]);
        ctx.stroke();
      });
    }

    function grey() {
      var data = ctx.getImageData(0, 0, canvas.width, canvas.height).data, out = new Float32Array(canvas.width * canvas.height);
      for (var i = 0; i < out.length; i++) out[i] = data[4 * i] / 255;
      return out;
    }

    function update() {
      if (!ready) return;
      var size = canvas.width, levels = grey();
      var before = new Float32Array(784), f = size / 28;
      for (var y = 0; y < size; y++) for (var x = 0; x < size; x++) before[Math.floor(y / f) * 28 + Math.floor(x / f)] += levels[y * size + x] / (f * f);
      paintDigit(pad.querySelector(".digit-before"), before);
      var input = prepare(levels, size, fit);
      paintDigit(pad.querySelector(".digit-after"), input);
      drawn(input);
      if (!input) {
        verdict.textContent = pad.getAttribute("data-empty");
        bars.forEach(function (li) { li.classList.remove("top"); li.querySelector(".digit-bar span").style.width = "0%"; li.querySelector(".digit-p").textContent = ""; });
        return;
      }
      var result;
      try { result = classify(input, model); } catch (e) { verdict.textContent = String(e.message || e); return; }
      var p = result.probabilities;
      bars.forEach(function (li, c) {
        li.classList.toggle("top", c === result.label);
        li.querySelector(".digit-bar span").style.width = (100 * p[c]).toFixed(1) + "%";
        li.querySelector(".digit-p").textContent = p[c].toFixed(3);
      });
      verdict.textContent = fill(pad.getAttribute("data-verdict"), { digit: className(result.label), p: p[result.label].toFixed(3) });
      timeLine.textContent = fill(pad.getAttribute("data-time"), { ms: result.ms.toFixed(1) });
      window.convwalk.lastForwardMs = result.ms;
      mapCanvases.forEach(function (m) {
        var out = result.layers[m.layer.index];
        if (!out || out.shape.length !== 3) return;
        var scale = paintMaps(m.canvas, out.shape, out.values);
        m.canvas.parentNode.hidden = false;
        m.caption.textContent = m.layer.name + " (" + m.layer.description + "): " + out.shape.join(" × ") + ", ±" + scale.toPrecision(3);
      });
      pad.setAttribute("data-predicted", String(result.label));
    }

    function schedule() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; update(); });
    }

    function point(event) {
      var r = canvas.getBoundingClientRect();
      return [(event.clientX - r.left) * canvas.width / r.width, (event.clientY - r.top) * canvas.height / r.height];
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      if (!ready) window.convwalk.loadNetworks();
      if (canvas.setPointerCapture) { try { canvas.setPointerCapture(event.pointerId); } catch (e) { /* synthetic pointers */ } }
      current = [point(event)];
      strokes.push(current);
      redraw();
      if (live) schedule();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) return;
      event.preventDefault();
      current.push(point(event));
      redraw();
      if (live) schedule();
    });
    function end() {
      if (!current) return;
      current = null;
      schedule();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    var loadButton = pad.querySelector("[data-act=load]");
    if (loadButton) {
      loadButton.hidden = false;
      loadButton.addEventListener("click", function () { loadButton.disabled = true; window.convwalk.loadNetworks(); });
      digitReady.then(function () { loadButton.hidden = true; }, function () {});
    }
    pad.querySelector("[data-act=clear]").addEventListener("click", function () { strokes = []; base = null; redraw(); update(); });
    pad.querySelector("[data-act=undo]").addEventListener("click", function () {
      if (strokes.length) strokes.pop(); else base = null;
      redraw();
      update();
    });

    redraw();
    return function start() {
      ready = true;
      // Start from the first test digit, so the maps and bars are there before any drawing
      // (unless the learner's first touch is what loaded the network).
      if (sampleBytes.length >= 784 && !base && !strokes.length) base = sample(0);
      redraw();
      update();
    };
  }

  // Loads the networks' scripts once: after the load event, or, for a pad marked
  // data-on-demand (a large network), on its first use (pen down, a test digit, the load
  // button) or convwalk.loadNetworks(), so the page's weight before interaction stays small.
  var loading = null, loadAll = function () { return digitReady; };

  function init() {
    var pads = Array.prototype.slice.call(document.querySelectorAll("[data-digit-pad]"));
    if (!pads.length) return;
    var starts = pads.map(setUp);
    var models = pads.map(function (p) { return [p.getAttribute("data-model"), p.getAttribute("data-network")]; });
    loadAll = function () {
      if (loading) return loading;
      pads.forEach(function (p) { p.querySelector(".digit-verdict").textContent = p.getAttribute("data-loading"); });
      loading = Promise.all([window.convwalk.ready].concat(models.map(function (m) { return loadScript(root + m[1]); })))
        .then(function () {
          models.forEach(function (m) { handle(m[0]); });
          starts.forEach(function (s) { s(); });
          resolveReady();
        })
        .catch(function (e) {
          pads.forEach(function (p) { p.querySelector(".digit-verdict").textContent = String(e.message || e); });
          rejectReady(e);
        });
      return loading;
    };
    var onDemand = pads.some(function (p) { return p.hasAttribute("data-on-demand"); });
    window.addEventListener("load", function () { if (!onDemand) loadAll(); });
  }

  window.convwalk = window.convwalk || {};
  window.convwalk.classify = classify;
  window.convwalk.prepare = prepare;
  window.convwalk.digitReady = digitReady;
  window.convwalk.loadNetworks = function () { return loadAll(); };
  window.convwalk.digitKit = { pads: pads, paintDigit: paintDigit, paintMaps: paintMaps, fill: fill };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
