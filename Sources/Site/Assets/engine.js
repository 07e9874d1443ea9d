// The in-page engine: window.convwalk.compute(example) runs an example object (the fields of
// an ```example block: op, input, kernel, bias, stride, padding, ...; id optional) through the
// lesson kernels compiled to WebAssembly from Sources/KernelCore, and returns the object
// `convwalk compute` prints (id, op, result, shape, outputs, trace), or
// {error: message, field: key} with the engine's message, word for word the command's.
// The module's bytes come from engine-wasm.js (base64: no fetch, so it works from file://),
// loaded after the page's load event so that reading a lesson never waits for them;
// window.convwalk.ready resolves once they are there. The words of the steps come from
// engine-phrases.js, in the page's language; so do the models that architecture examples
// name: {op: "architecture", model: "lenet5"} runs the model file the build resolved.
(function () {
  "use strict";
  var exports = null;
  var here = document.currentScript && document.currentScript.src;
  var loaded;
  var ready = new Promise(function (resolve, reject) { loaded = { resolve: resolve, reject: reject }; });

  var requested = false;
  function loadModule() {
    if (requested) return;
    requested = true;
    if (window.convwalkEngineWasm) return loaded.resolve();
    var script = document.createElement("script");
    script.src = here.replace(/engine\.js(\?.*)?$/, "engine-wasm.js");
    script.onload = function () { loaded.resolve(); };
    script.onerror = function () { loaded.reject(new Error("cannot load " + script.src)); };
    document.head.appendChild(script);
  }
  // A page whose blocks run the engine (players, formulas, the explorer, the drawing pad)
  // loads it after its load event; any other lesson page on the first compute() or read of
  // convwalk.ready (an exercise's answer when its Edit mode opens), so that its readers never
  // download the module for nothing.
  function needed() {
    var blocks = document.querySelectorAll(".player, .formula-live, [data-engine], [data-digit-pad]");
    for (var i = 0; i < blocks.length; i++) if (!blocks[i].closest("details.answer")) return true;
    return false;
  }
  function loadIfNeeded() { if (needed()) loadModule(); }
  if (document.readyState === "complete") loadIfNeeded();
  else window.addEventListener("load", loadIfNeeded);

  function engine() {
    if (!exports) {
      var text = atob(window.convwalkEngineWasm || "");
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    }
    return exports;
  }

  function phrases(lang) {
    var all = window.convwalkPhrases || {};
    return all[lang] || all.en || {};
  }

  // An architecture example names a model; the engine takes it resolved ({name, input, layers}).
  function resolved(example) {
    var models = window.convwalkModels || {};
    if (!example || example.op !== "architecture" || typeof example.model !== "string" ||
        !Object.prototype.hasOwnProperty.call(models, example.model)) return example;
    var copy = {};
    for (var key in example) if (Object.prototype.hasOwnProperty.call(example, key)) copy[key] = example[key];
    copy.model = models[example.model];
    return copy;
  }

  function compute(example, options) {
    if (!window.convwalkEngineWasm) {
      loadModule();
      return { error: "the engine is still loading (wait for convwalk.ready)", field: "" };
    }
    example = resolved(example);
    var e = engine();
    var lang = (options && options.lang) || document.documentElement.lang || "en";
    var input = new TextEncoder().encode(JSON.stringify({ example: example, phrases: phrases(lang) }));
    var at = e.cw_alloc(input.length);
    new Uint8Array(e.memory.buffer, at, input.length).set(input);
    var out = e.cw_compute(at, input.length);
    e.cw_free(at);
    if (!out) return { error: "the engine ran out of memory", field: "" };
    var length = new DataView(e.memory.buffer).getUint32(out, true);
    var json = new TextDecoder().decode(new Uint8Array(e.memory.buffer, out + 4, length));
    e.cw_free(out);
    return JSON.parse(json);
  }

  window.convwalk = window.convwalk || {};
  window.convwalk.compute = compute;
  Object.defineProperty(window.convwalk, "ready", {
    get: function () { loadModule(); return ready; }, configurable: true, enumerable: true
  });
  // The module's raw exports (cw_alloc, cw_free, cw_net_load, cw_forward, memory) for the
  // demo pages' drawing pad (assets/digit.js); null until convwalk.ready.
  window.convwalk.wasm = function () { return window.convwalkEngineWasm ? engine() : null; };
})();
