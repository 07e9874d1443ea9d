// The output-size atlas's explorer: five numbers in, the engine's output size and formula out,
// and a strip of input cells with how often the windows read each one. Both come from the
// in-page engine (window.convwalk.compute, the lesson engine's Swift compiled to WebAssembly):
// `output-size` for the formula, and a one-row `conv2d` of ones whose trace lists every read.
// The page was drawn at build time for the first numbers; this only redraws on a change.
(function () {
  "use strict";
  var root = document.getElementById("atlas-explorer");
  if (!root || !window.convwalk) return;
  var form = root.querySelector("form");
  var formula = root.querySelector(".atlas-formula");
  var strip = root.querySelector(".atlas-cells");
  var unread = root.querySelector(".atlas-unread");
  var latest = 0;

  function value(name) { return Number(form.elements[name].value); }

  function fill(template, list) { return template.replace("{list}", list); }

  function ones(n) { var row = []; for (var i = 0; i < n; i++) row.push(1); return [row]; }

  function draw(counts, padding, input) {
    strip.textContent = "";
    var never = [];
    counts.forEach(function (n, k) {
      var cell = document.createElement("span");
      var pad = k < padding || k >= counts.length - padding;
      cell.className = pad ? "cell pad" : (n === 0 ? "cell unread" : "cell");
      cell.setAttribute("data-index", String(k - padding));
      cell.textContent = String(n);
      strip.appendChild(cell);
      if (!pad && n === 0) never.push(k - padding);
    });
    unread.textContent = never.length ? fill(root.getAttribute("data-unread"), never.join(", ")) : root.getAttribute("data-all-read");
  }

  function update() {
    var run = ++latest;
    var v = { input: value("input"), kernel: value("kernel"), padding: value("padding"), stride: value("stride"), dilation: value("dilation") };
    window.convwalk.ready.then(function () {
      if (run !== latest) return;
      var size = window.convwalk.compute({ op: "output-size", input: v.input, kernel: v.kernel, padding: v.padding,
                                           stride: v.stride, dilation: v.dilation });
      if (size.error) {
        // The engine's own message, word for word; the last valid strip stays on screen, dimmed.
        root.classList.add("invalid");
        formula.textContent = size.error;
        return;
      }
      var conv = window.convwalk.compute({ op: "conv2d", input: ones(v.input), kernel: ones(v.kernel),
                                           padding: [0, v.padding], stride: v.stride, dilation: v.dilation });
      if (conv.error) {
        root.classList.add("invalid");
        formula.textContent = conv.error;
        return;
      }
      root.classList.remove("invalid");
      formula.textContent = String(size.trace.formulas[0]).split("  (")[0];
      var counts = [];
      for (var k = 0; k < v.input + 2 * v.padding; k++) counts.push(0);
      conv.trace.steps.forEach(function (step) {
        step.reads.forEach(function (read) {
          var at = read.index[1] + v.padding;
          if (read.tensor === "input" && at >= 0 && at < counts.length) counts[at] += 1;
        });
      });
      draw(counts, v.padding, v.input);
    });
  }

  root.classList.add("live");
  form.addEventListener("input", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
})();
