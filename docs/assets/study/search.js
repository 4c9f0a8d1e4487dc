// @ts-check
// Header search on Pagefind, in Material's search box (overrides/partials/search.html).
//
// Nothing is fetched until a reader opens search (focus, the header button or the
// / s f shortcut): then Pagefind's script, its WebAssembly and this language's
// index metadata; each query fetches only the index chunk of its words and the
// fragments of the results shown, ten at a time. The query gets NFKC, like the
// index (hooks/studykit/searchindex.py); Pagefind then splits Japanese with
// Intl.Segmenter, which is how the index was segmented. Excerpts are built with
// textContent only. The header survives instant navigation, so this runs once;
// result links are ordinary links that Material's instant navigation follows.
(function () {
  "use strict";

  var box = /** @type {HTMLElement | null} */ (document.querySelector("[data-ss-search]"));
  var check = /** @type {HTMLInputElement | null} */ (document.getElementById("__search"));
  if (!box || !check) return;
  // Non-null from here on, also inside the handlers below (a narrowed var is not, there).
  var root = box;
  var toggle = check;
  var input = /** @type {HTMLInputElement} */ (root.querySelector("[data-ss-search-input]"));
  var meta = /** @type {HTMLElement} */ (root.querySelector("[data-ss-search-meta]"));
  var list = /** @type {HTMLElement} */ (root.querySelector("[data-ss-search-list]"));
  var scroll = /** @type {HTMLElement} */ (root.querySelector("[data-ss-search-scroll]"));
  var form = input.form;
  if (!form) return;
  // Resolved once: the header (and this attribute) is not swapped by instant navigation.
  var bundle = new URL(root.dataset.ssSearchBundle || "", location.href).href;
  var lang = (document.documentElement.lang || "").split("-")[0];
  var unspaced = /^(ja|zh|th)$/.test(lang); // indexed with spaces between words
  var BATCH = 10;
  /** @type {Promise<Pagefind> | null} */
  var engine = null;
  /** @type {SearchRun} */
  var current = { id: 0, results: [], shown: 0 };

  function load() {
    if (!engine) {
      engine = import(bundle).then(function (pagefind) {
        return pagefind.options({ noWorker: true, excerptLength: 24 })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function open() {
    toggle.checked = true;
    load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  /** @param {string | undefined} text */
  function say(text) {
    meta.textContent = text || "";
  }

  /** @param {number} n */
  function count(n) {
    if (n === 0) return root.dataset.ssSearchNone;
    if (n === 1) return root.dataset.ssSearchOne;
    return (root.dataset.ssSearchOther || "").replace("#", String(n));
  }

  // The index has spaces between Japanese words; drop those next to Japanese text.
  // (\u0002 and \u0003 stand for the start and end of a match and are looked through.)
  var CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
  /** @param {string} text */
  function despace(text) {
    if (!unspaced) return text;
    var plain = text.replace(/[\u0002\u0003]/g, "");
    var out = "";
    var at = 0; // position in plain
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch === "\u0002" || ch === "\u0003") { out += ch; continue; }
      if (ch === " " && (CJK.test(plain[at - 1] || "") || CJK.test(plain[at + 1] || ""))) { at++; continue; }
      out += ch;
      at++;
    }
    return out;
  }

  /** @type {Record<string, string>} */
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };
  /** @param {string} text */
  function decode(text) {
    return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, function (e) { return ENTITIES[e]; });
  }

  // Pagefind's excerpt marks matches with <mark>; rebuild it as text nodes and <mark> elements.
  /** @param {string} html */
  function excerpt(html) {
    var p = document.createElement("p");
    var marked = false;
    var text = html.split(/(<\/?mark>)/).map(function (piece) {
      return piece === "<mark>" ? "\u0002" : piece === "</mark>" ? "\u0003" : decode(piece);
    }).join("");
    despace(text).split(/([\u0002\u0003])/).forEach(function (piece) {
      if (piece === "\u0002" || piece === "\u0003") { marked = piece === "\u0002"; return; }
      if (!piece) return;
      var text = document.createTextNode(piece);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  /** @param {PagefindResultData} data */
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    article.appendChild(icon);
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function showMore() {
    var run = current;
    var batch = run.results.slice(run.shown, run.shown + BATCH);
    if (!batch.length || run.loading) return Promise.resolve();
    run.loading = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      run.loading = false;
      if (run !== current) return;
      data.forEach(function (d) { list.appendChild(item(d)); });
      run.shown += batch.length;
    });
  }

  // Pagefind scores words; two signals it lacks are added here. A page whose words
  // follow each other as in the query (a compound such as 停戦ライン, or "Security
  // Council") counts double, and a page's front-matter boost (filter "boost",
  // hooks/studykit/searchindex.py) multiplies its score. Both come from searches
  // over the index chunks the query has already loaded.
  /**
   * @param {Pagefind} pagefind
   * @param {string} query
   * @returns {Promise<PagefindResult[]>}
   */
  function rank(pagefind, query) {
    var quoted = /^\s*".+"\s*$/.test(query);
    return pagefind.filters().then(function (filters) {
      var boosts = Object.keys((filters && filters.boost) || {});
      return Promise.all([
        pagefind.search(query),
        quoted ? null : pagefind.search("\"" + query + "\""),
      ].concat(boosts.map(function (b) { return pagefind.search(query, { filters: { boost: b } }); })))
        .then(function (found) {
          /** @type {Record<string, number>} */
          var factor = {};
          /**
           * @param {PagefindSearch | null} set
           * @param {number} by
           */
          function scale(set, by) {
            (set ? set.results : []).forEach(function (r) { factor[r.id] = (factor[r.id] || 1) * by; });
          }
          scale(found[1], 2);
          boosts.forEach(function (b, i) { scale(found[2 + i], parseFloat(b) || 1); });
          var all = found[0];
          if (!all) return [];
          return all.results.map(function (r, i) {
            return { result: r, score: r.score * (factor[r.id] || 1), order: i };
          }).sort(function (a, b) { return b.score - a.score || a.order - b.order; })
            .map(function (x) { return x.result; });
        });
    });
  }

  function search() {
    var query = input.value.normalize("NFKC").trim();
    /** @type {SearchRun} */
    var run = current = { id: current.id + 1, results: [], shown: 0 };
    if (!query) {
      list.textContent = "";
      list.removeAttribute("aria-busy");
      say(root.dataset.ssSearchPlaceholder);
      return;
    }
    list.setAttribute("aria-busy", "true");
    load().then(function (pagefind) {
      return rank(pagefind, query);
    }).then(function (results) {
      if (run !== current) return;
      run.results = results;
      list.textContent = "";
      say(count(results.length));
      return showMore();
    }).finally(function () {
      if (run === current) list.removeAttribute("aria-busy");
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  /** @param {Element | null} el */
  function editable(el) {
    return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  input.addEventListener("focus", open);
  // Tabbing out of search closes it, as in Material: the open overlay would
  // otherwise cover the control that now has focus.
  root.addEventListener("focusout", function (ev) {
    var next = /** @type {FocusEvent} */ (ev).relatedTarget;
    if (toggle.checked && next instanceof Element && !root.contains(next)) toggle.checked = false;
  });
  input.addEventListener("input", function (ev) { if (!(/** @type {InputEvent} */ (ev)).isComposing) search(); });
  input.addEventListener("compositionend", search);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); input.focus(); });
  });
  // The header's search button (phone) and the overlay toggle the checkbox.
  toggle.addEventListener("change", function () {
    if (toggle.checked) { load(); input.focus(); } else { input.blur(); }
  });
  // Following a result closes search; instant navigation handles the link.
  list.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("a")) close();
  });
  scroll.addEventListener("scroll", function () {
    if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 40) showMore();
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.altKey || ev.metaKey || ev.isComposing) return;
    var active = document.activeElement;
    var inside = root.contains(active);
    if (!toggle.checked || !inside) {
      if (!editable(active) && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
        ev.preventDefault();
        open();
        input.focus();
        input.select();
      }
      return;
    }
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      var all = links();
      if (!all.length) return;
      ev.preventDefault();
      var at = all.indexOf(active);
      var next = ev.key === "ArrowDown" ? at + 1 : (at === -1 ? all.length : at) - 1;
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
  });
})();
