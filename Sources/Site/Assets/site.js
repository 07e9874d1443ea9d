// Every page: the search box, the language switch keeping your place, and the contents list
// following the section you are reading.
//
// Search: the index of the page's language (assets/search-<lang>.js, written with the site)
// is loaded with a <script> element the first time the box is used, so it costs nothing
// until then and works from file:// (where fetch does not). "/" focuses the box; ↓ ↑ move
// through the results, Enter opens one, Escape closes the list.
(function () {
  "use strict";

  // ---- search ------------------------------------------------------------------------------
  var form = document.querySelector(".site-search");
  var input = document.getElementById("site-search");
  var panel = document.getElementById("site-search-results");
  var MAX_RESULTS = 8;

  function fold(text) { return String(text).toLowerCase().normalize("NFC"); }

  function loadIndex(then) {
    var lang = form.getAttribute("data-lang");
    var all = window.convwalkSearch || {};
    if (all[lang]) { then(all[lang]); return; }
    if (!form.loading) {
      form.loading = [];
      var script = document.createElement("script");
      script.src = form.getAttribute("data-index");
      script.onload = function () {
        var entries = (window.convwalkSearch || {})[lang] || [];
        form.loading.forEach(function (f) { f(entries); });
        form.loading = null;
      };
      document.head.appendChild(script);
    }
    if (form.loading) { form.loading.push(then); }
  }

  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at >= 0 && n < 20) { n += 1; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  // Scores one page for every term (all terms must occur somewhere): the title counts most,
  // then example ids and op names, then headings, then how often the prose says it.
  function score(entry, terms) {
    var total = 0, anchor = null, at = -1;
    var title = fold(entry.t), words = entry.w.map(fold), prose = fold(entry.x);
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i], s = 0;
      if (title.indexOf(term) >= 0) { s += title.indexOf(term) === 0 || /\W/.test(title.charAt(title.indexOf(term) - 1)) ? 30 : 20; }
      if (words.some(function (w) { return w === term; })) { s += 16; } else if (words.some(function (w) { return w.indexOf(term) >= 0; })) { s += 8; }
      for (var h = 0; h < entry.h.length; h++) {
        if (fold(entry.h[h][0]).indexOf(term) >= 0) { s += 10; if (!anchor) { anchor = entry.h[h]; } break; }
      }
      var n = count(prose, term);
      s += Math.min(n, 20);
      if (at < 0 && n) { at = prose.indexOf(term); }
      if (s === 0) { return null; }
      total += s;
    }
    return { entry: entry, score: total, anchor: anchor, at: at };
  }

  function snippet(hit) {
    if (hit.at < 0) { return ""; }
    // About 140 characters around the first match, cut at spaces.
    var text = hit.entry.x, start = hit.at > 50 ? text.indexOf(" ", hit.at - 50) + 1 : 0;
    var end = text.indexOf(" ", hit.at + 90);
    if (start > hit.at) { start = hit.at; }
    if (end < 0) { end = text.length; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function search(entries, query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { return []; }
    var hits = [];
    entries.forEach(function (entry, order) {
      var hit = score(entry, terms);
      if (hit) { hit.order = order; hits.push(hit); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits.slice(0, MAX_RESULTS);
  }

  function show(hits, query) {
    var list = panel.querySelector(".search-results");
    var status = panel.querySelector(".search-status");
    list.textContent = "";
    if (!query.trim()) { panel.hidden = true; return; }
    status.textContent = hits.length ? form.getAttribute("data-count").replace("{n}", String(hits.length)) : form.getAttribute("data-none");
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = form.getAttribute("data-root") + hit.entry.u + (hit.anchor ? "#" + hit.anchor[1] : "");
      link.className = "search-result";
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = hit.entry.t + (hit.anchor && hit.anchor[0] !== hit.entry.t ? " › " + hit.anchor[0] : "");
      link.appendChild(title);
      var text = snippet(hit);
      if (text) {
        var context = document.createElement("span");
        context.className = "search-snippet";
        context.textContent = text;
        link.appendChild(context);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.hidden = false;
  }

  function update() {
    var query = input.value;
    loadIndex(function (entries) { if (input.value === query) { show(search(entries, query), query); } });
  }

  function results() { return Array.prototype.slice.call(panel.querySelectorAll(".search-result")); }

  if (form && input && panel) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results()[0];
      if (first) { window.location.href = first.href; }
    });
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { loadIndex(function () {}); if (input.value) { update(); } });
    form.addEventListener("keydown", function (event) {
      var links = results(), at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!links.length) { return; }
        event.preventDefault();
        var next = event.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) { input.focus(); } else { links[Math.min(next, links.length - 1)].focus(); }
      } else if (event.key === "Escape") {
        input.focus();  // (focusing shows the results again, so hide them after)
        panel.hidden = true;
      }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) { panel.hidden = true; } });
    document.addEventListener("keydown", function (event) {
      var target = event.target, tag = target && target.tagName;
      var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ---- language switch: same lesson, same section, same step ------------------------------
  // Translations share slugs, example ids and heading ids, so the hash (#conv-5x5-3x3/step-3
  // or #padding) means the same place on the other page; the player keeps it up to date.
  var switches = document.querySelectorAll(".lang-switch a");
  for (var i = 0; i < switches.length; i++) {
    switches[i].addEventListener("click", function (event) {
      if (!location.hash || event.ctrlKey || event.metaKey || event.shiftKey || event.button) { return; }
      event.preventDefault();
      window.location.href = this.href.split("#")[0] + location.hash;
    });
  }

  // ---- pictures kept wide for their text: say when they scroll ------------------------------
  // A figure's picture is never shown narrower than where its smallest text is 11 px (its
  // min-width); on a phone it then scrolls inside its box, and the hint under it says so.
  function markScrolling() {
    var boxes = document.querySelectorAll(".figure-scroll");
    for (var b = 0; b < boxes.length; b++) {
      var hint = boxes[b].nextElementSibling;
      if (hint && hint.classList.contains("scroll-hint")) {
        hint.hidden = boxes[b].scrollWidth <= boxes[b].clientWidth + 1;
      }
    }
    // An inline equation that cannot break (a matrix written out, a long bracket) and is
    // wider than its paragraph scrolls inside itself instead of widening the page.
    var inline = document.querySelectorAll(".prose x-equation:not([type='display'])");
    for (var k = 0; k < inline.length; k++) {
      var eq = inline[k], parent = eq.parentElement;
      if (eq.classList.contains("math-wide")) { continue; }
      if (parent && eq.getBoundingClientRect().width > parent.clientWidth) { eq.classList.add("math-wide"); }
    }
  }
  window.addEventListener("resize", markScrolling);
  window.addEventListener("load", markScrolling);
  document.addEventListener("toggle", markScrolling, true);
  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(markScrolling, 0); });

  // ---- print: answers (and a live player's overview) open on paper, as they were after ------
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var printed = document.querySelectorAll("details.answer, .player-text-steps > details.player-overview");
    opened = Array.prototype.filter.call(printed, function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  // ---- contents list: mark the section being read -----------------------------------------
  var tocLinks = document.querySelectorAll(".toc a[href^='#']");
  if (tocLinks.length) {
    var byId = {}, targets = [];
    for (var k = 0; k < tocLinks.length; k++) {
      var id = decodeURIComponent(tocLinks[k].getAttribute("href").slice(1));
      var target = document.getElementById(id);
      if (target) { byId[id] = tocLinks[k]; targets.push(target); }
    }
    var current = null, pending = false;
    var mark = function () {
      pending = false;
      // The last section whose top has passed the upper fifth of the window; at the very
      // bottom of the page, the last section.
      var line = window.innerHeight * 0.2, found = targets[0];
      var bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      for (var t = 0; t < targets.length; t++) {
        if (bottom || targets[t].getBoundingClientRect().top <= line) { found = targets[t]; } else { break; }
      }
      var link = found && byId[found.id];
      if (link === current) { return; }
      if (current) { current.removeAttribute("aria-current"); }
      if (link) { link.setAttribute("aria-current", "location"); }
      current = link;
    };
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(mark); }
    }, { passive: true });
    mark();
  }
})();
