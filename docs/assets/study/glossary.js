// Glossary page: a filter box over the entries (shown only when this script
// runs). Mounts on Material's document$; binds once per page.
(function () {
  "use strict";

  function normalise(text) {
    // Fold katakana to hiragana and width/case so readings and terms match either way.
    return text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
  }

  function mount(root) {
    if (root.dataset.ssBound) return;
    root.dataset.ssBound = "1";
    var box = root.querySelector("[data-ss-glossary-filter-box]");
    var input = root.querySelector("[data-ss-glossary-filter]");
    var count = root.querySelector("[data-ss-glossary-count]");
    if (!box || !input) return;
    var entries = Array.prototype.map.call(root.querySelectorAll("[data-ss-entry]"), function (el) {
      return { el: el, text: normalise(el.textContent) };
    });
    var groups = root.querySelectorAll(".ss-glossary__group");
    var lang = document.documentElement.lang === "en" ? "en" : "ja";
    input.addEventListener("input", function () {
      var q = normalise(input.value.trim());
      var shown = 0;
      entries.forEach(function (e) {
        var hit = !q || e.text.indexOf(q) >= 0;
        e.el.hidden = !hit;
        if (hit) shown++;
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("[data-ss-entry]:not([hidden])");
      });
      count.textContent = !q ? "" : lang === "ja" ? shown + " 件" : shown + (shown === 1 ? " entry" : " entries");
    });
    box.hidden = false;
  }

  function init() {
    document.querySelectorAll("[data-ss-glossary]").forEach(mount);
  }
  // The script re-runs on every instant navigation to a page that loads it: subscribe once.
  if (window.ssGlossarySubscribed) {
    init();
  } else if (window.document$ && typeof window.document$.subscribe === "function") {
    window.ssGlossarySubscribed = true;
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
