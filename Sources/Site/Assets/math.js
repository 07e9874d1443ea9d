// Typesets the math md4c marks up as <x-equation> (inline) and <x-equation type="display">
// with the KaTeX copy in assets/katex/. Runs once, after the page is parsed. Equations the
// build already typeset (class "math-rendered") are left alone.
(function () {
  "use strict";

  function typeset() {
    if (typeof katex === "undefined") { return; }
    var equations = document.querySelectorAll("x-equation:not(.math-rendered)");
    for (var i = 0; i < equations.length; i++) {
      var element = equations[i];
      var display = element.getAttribute("type") === "display";
      try {
        katex.render(element.textContent, element, { displayMode: display, throwOnError: false });
        element.classList.add("math-rendered");
      } catch (error) {
        element.classList.add("math-error");
        element.title = String(error.message || error);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
