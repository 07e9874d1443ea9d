// The demo pages' one walk through the network (the markup of Sources/Pipeline/DigitWalk.swift):
// pick a digit (a test digit of each class, the drawing pad's digit, a most confident mistake)
// and step through the trained network: the input, each convolution and pooling layer's feature
// maps, then the logits and the softmax with the top three and why the rest round to 0. Every
// picture is drawn here from convwalk.classify's layer outputs (the wasm core), so one walk
// replaces a set of PNGs per digit. The words are the catalog's `walk.*` templates
// (data-words). Without JavaScript the section stays hidden and the page's PNG walk remains;
// with it, that walk (data-fallback) is hidden and the mistakes gallery becomes buttons that
// open a mistake here.
(function () {
  "use strict";

  function fixed(x, digits) { return (x < 0 ? "\u2212" : "") + Math.abs(x).toFixed(digits); }
  // A probability with three decimals, or in powers of ten when it would show as 0.000.
  function prob(p) { return p >= 0.0005 || p === 0 ? p.toFixed(3) : p.toExponential(1).replace("e-", "e\u2212"); }

  function setUp(walk) {
    var kit = window.convwalk.digitKit, model = walk.getAttribute("data-model");
    var pad = kit && kit.pads[model];
    if (!pad) return;
    var words = JSON.parse(walk.getAttribute("data-words"));
    var t = function (key, values) { return kit.fill(words[key] || key, values || {}); };
    var steps = Number(walk.getAttribute("data-steps"));
    var range = walk.querySelector("input[type=range]");
    var canvas = walk.querySelector(".walk-canvas");
    var bars = walk.querySelector(".walk-bars");
    var caption = walk.querySelector(".walk-caption");
    var counter = walk.querySelector(".walk-counter");
    var picks = Array.prototype.slice.call(walk.querySelectorAll("[data-pick]"));
    var pick = null, step = 1, result = null;
    var name = pad.className || function (c) { return String(c); };

    function input() {
      if (!pick) return null;
      var k = pick.getAttribute("data-pick");
      return k === "drawn" ? pad.drawn : pad.sample(Number(k));
    }

    function choose(button) {
      pick = button;
      picks.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      var x = input();
      result = x ? window.convwalk.classify(x, model) : null;
      render();
    }

    function inputCaption() {
      if (pick.getAttribute("data-pick") === "drawn") return t("inputDrawn");
      return t("inputTest", { index: Number(pick.getAttribute("data-index")).toLocaleString("en-US"), label: name(Number(pick.getAttribute("data-label"))) });
    }

    function layerCaption(layer) {
      var out = result.layers[layer.index], from = layer.index > 0 ? result.layers[layer.index - 1].shape : [1, 28, 28];
      var lo = Infinity, hi = -Infinity;
      for (var i = 0; i < out.values.length; i++) { lo = Math.min(lo, out.values[i]); hi = Math.max(hi, out.values[i]); }
      return t("layer", { layer: layer.name, description: layer.description, from: from.join(" × "), to: out.shape.join(" × "),
                          low: fixed(lo, 2), high: fixed(hi, 2) });
    }

    // The logits, the softmax's sum, the top three and why the rest show as 0.000.
    function softmaxCaption() {
      var logits = result.logits, p = result.probabilities, order = logits.map(function (v, i) { return i; });
      order.sort(function (a, b) { return logits[b] - logits[a]; });
      var max = logits[order[0]], sum = 0;
      logits.forEach(function (v) { sum += Math.exp(v - max); });
      var top = order.slice(0, 3), rest = order.slice(3);
      var lines = [t("logits", { count: String(logits.length), logits: order.map(function (c) { return name(c) + ": " + fixed(logits[c], 2); }).join(", ") })];
      lines.push(t("softmax", { max: fixed(max, 2), sum: sum.toFixed(4),
        top: top.map(function (c) { return name(c) + ": e^(" + fixed(logits[c], 2) + " \u2212 " + fixed(max, 2) + ") / " + sum.toFixed(4) + " = " + prob(p[c]); }).join("; ") }));
      if (rest.length) {
        var gap = max - logits[rest[0]], bound = Math.exp(-gap), share = 0;
        rest.forEach(function (c) { share += p[c]; });
        lines.push(bound < 0.0005
          ? t("restZero", { count: String(rest.length), gap: gap.toFixed(2), bound: prob(bound) })
          : t("restShare", { count: String(rest.length), rest: share.toFixed(3) }));
      }
      var label = pick.getAttribute("data-label"), predicted = String(result.label);
      var named = { predicted: name(result.label), label: name(Number(label)) };
      lines.push(pick.getAttribute("data-pick") === "drawn" ? t("picked", named)
        : t(label === predicted ? "right" : "wrong", named));
      return lines;
    }

    function render() {
      range.value = String(step);
      counter.textContent = t("counter", { k: String(step), n: String(steps) });
      walk.querySelector("[data-walk=previous]").disabled = step === 1;
      walk.querySelector("[data-walk=next]").disabled = step === steps;
      caption.textContent = "";
      if (!result) {
        canvas.hidden = true;
        bars.hidden = true;
        caption.textContent = pad.empty;
        return;
      }
      var lines;
      canvas.hidden = step === steps;
      bars.hidden = step !== steps;
      if (step === 1) {
        canvas.width = canvas.height = 28;
        kit.paintDigit(canvas, input());
        canvas.style.width = "168px";
        lines = [inputCaption()];
      } else if (step < steps) {
        var layer = pad.layers[step - 2], out = result.layers[layer.index];
        kit.paintMaps(canvas, out.shape, out.values);
        lines = [layerCaption(layer)];
      } else {
        bars.querySelectorAll("li").forEach(function (li, c) {
          li.classList.toggle("top", c === result.label);
          li.querySelector(".digit-bar span").style.width = (100 * result.probabilities[c]).toFixed(1) + "%";
          li.querySelector(".digit-p").textContent = result.probabilities[c].toFixed(3);
        });
        lines = softmaxCaption();
      }
      canvas.setAttribute("aria-label", lines[0]);
      lines.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        caption.appendChild(p);
      });
      walk.setAttribute("data-step", String(step));
    }

    function go(k) { step = Math.max(1, Math.min(steps, k)); render(); }

    picks.forEach(function (b) {
      var canvasOf = b.querySelector("canvas");
      if (canvasOf) kit.paintDigit(canvasOf, pad.sample(Number(b.getAttribute("data-pick"))));
      b.addEventListener("click", function () { choose(b); });
    });
    walk.querySelector("[data-walk=previous]").addEventListener("click", function () { go(step - 1); });
    walk.querySelector("[data-walk=next]").addEventListener("click", function () { go(step + 1); });
    range.addEventListener("input", function () { go(Number(range.value)); });
    pad.listeners.push(function () {
      if (pick && pick.getAttribute("data-pick") === "drawn") choose(pick);
    });

    // The mistakes gallery: buttons that open a mistake here, in place of its picture.
    document.querySelectorAll("[data-walk-mistakes]").forEach(function (gallery) {
      if (gallery.getAttribute("data-model") !== model) return;
      var picture = gallery.previousElementSibling;
      if (picture && picture.tagName === "FIGURE") picture.hidden = true;
      gallery.hidden = false;
      gallery.querySelectorAll("[data-open-pick]").forEach(function (b) {
        kit.paintDigit(b.querySelector("canvas"), pad.sample(Number(b.getAttribute("data-open-pick"))));
        b.addEventListener("click", function () {
          var target = walk.querySelector("[data-pick=\"" + b.getAttribute("data-open-pick") + "\"]");
          if (!target) return;
          choose(target);
          walk.scrollIntoView({ block: "start" });
          target.focus({ preventScroll: true });
        });
      });
    });

    var fallback = document.getElementById(walk.getAttribute("data-fallback"));
    if (fallback) fallback.hidden = true;
    walk.hidden = false;
    choose(picks[0]);
  }

  function init() {
    var walks = document.querySelectorAll("[data-digit-walk]");
    if (!walks.length || !window.convwalk || !window.convwalk.digitReady) return;
    window.convwalk.digitReady.then(function () { walks.forEach(setUp); }, function () { /* the pad shows the error */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
