// @ts-check
// Flashcards built from the glossary. Binds each widget once through the shared
// core (ss.mount: also after instant navigation). Card text is set with
// textContent only; UI strings come from the server (data-ss-t,
// overrides/study/flashcards.html); saved progress is validated before use.
(function () {
  "use strict";
  var ss = window.ss;

  /** @typedef {{ known: string[], review: string[] }} Marks */
  /** @typedef {{ id: string, ja: string, reading: string, en: string, shortJa: string, shortEn: string }} Card */

  // Ids are checked against the cards on load: a glossary entry may have gone.
  var progressStore = ss.store("ss-flashcards", 1, function (value) {
    var raw = /** @type {any} */ (value);
    return raw && typeof raw === "object" ? /** @type {Partial<Marks>} */ (raw) : null;
  });

  /**
   * @param {Set<string>} ids the cards there are
   * @returns {Marks}
   */
  function loadProgress(ids) {
    /** @type {Partial<Marks>} */
    var raw = progressStore.load() || {};
    /** @type {Marks} */
    var progress = { known: [], review: [] };
    /** @type {(keyof Marks)[]} */
    var kinds = ["known", "review"];
    kinds.forEach(function (key) {
      var list = raw[key];
      if (!Array.isArray(list)) return;
      progress[key] = list.filter(function (id, i, all) {
        return typeof id === "string" && ids.has(id) && all.indexOf(id) === i;
      });
    });
    progress.review = progress.review.filter(function (id) { return progress.known.indexOf(id) < 0; });
    return progress;
  }

  /** @param {HTMLElement} root */
  function mount(root) {
    var lang = root.dataset.lang === "en" ? "en" : "ja";
    /** @type {Object<string, string>} */
    var t = JSON.parse(root.getAttribute("data-ss-t") || "{}");
    /** @type {Card[]} */
    var cards;
    var data = root.querySelector("[data-ss-flashcards-data]");
    if (!data) return;
    try {
      cards = JSON.parse(data.textContent);
    } catch (e) { return; }
    if (!Array.isArray(cards) || !cards.length) return;
    var ids = new Set(cards.map(function (c) { return c.id; }));
    var progress = loadProgress(ids);
    /** @param {string} name @returns {any} the widget's element data-ss-fc-<name> */
    var $ = function (name) { return root.querySelector("[data-ss-fc-" + name + "]"); };
    /** @type {HTMLElement} */
    var app = $("app"), card = $("card"), front = $("front"), back = $("back"), mark = $("mark"), status = $("status");
    /** @type {HTMLSelectElement} */
    var mode = $("mode");
    /** @type {HTMLInputElement} */
    var reviewOnly = $("review-only");
    /** @type {HTMLButtonElement} */
    var flipButton = $("flip"), knownButton = $("known"), reviewButton = $("review");
    var order = cards.slice();
    var deck = order;
    var index = 0;
    var flipped = false;

    /** @param {Card} c */
    function faces(c) {
      var m = mode.value;
      if (m === "ja-en") return [c.ja + "（" + c.reading + "）", c.en];
      if (m === "en-ja") return [c.en, c.ja + "（" + c.reading + "）"];
      return lang === "ja" ? [c.ja + "（" + c.reading + "）", c.shortJa] : [c.en, c.shortEn];
    }

    function render() {
      deck = reviewOnly.checked
        ? order.filter(function (c) { return progress.review.indexOf(c.id) >= 0; })
        : order;
      if (index >= deck.length) index = 0;
      var c = deck[index];
      card.classList.toggle("ss-fc__card--flipped", flipped && !!c);
      flipButton.setAttribute("aria-pressed", String(flipped));
      [flipButton, knownButton, reviewButton, $("prev"), $("next"), $("shuffle")].forEach(function (b) {
        b.disabled = !c;
      });
      if (!c) {
        front.textContent = t.empty;
        back.textContent = "";
        mark.textContent = "";
        status.textContent = ss.fmt(t.status, { i: 0, n: 0, known: progress.known.length, review: progress.review.length });
        return;
      }
      var f = faces(c);
      front.textContent = f[0];
      front.lang = (mode.value === "en-ja" || (mode.value === "term" && lang === "en")) ? "en" : "ja";
      back.textContent = flipped ? f[1] : "";
      back.lang = (mode.value === "ja-en" || (mode.value === "term" && lang === "en")) ? "en" : "ja";
      back.hidden = !flipped;
      var isKnown = progress.known.indexOf(c.id) >= 0;
      var isReview = progress.review.indexOf(c.id) >= 0;
      knownButton.setAttribute("aria-pressed", String(isKnown));
      reviewButton.setAttribute("aria-pressed", String(isReview));
      mark.textContent = isKnown ? t.known : isReview ? t.review : "";
      status.textContent = ss.fmt(t.status, { i: index + 1, n: deck.length, known: progress.known.length, review: progress.review.length });
    }

    /** @param {number} step */
    function go(step) {
      if (!deck.length) return;
      index = (index + step + deck.length) % deck.length;
      flipped = false;
      render();
    }
    function flip() { flipped = !flipped; render(); }
    function shuffle() {
      order = ss.shuffle(cards.slice());
      index = 0;
      flipped = false;
      render();
    }
    /** @param {keyof Marks} key */
    function setMark(key) {
      var c = deck[index];
      if (!c) return;
      /** @type {keyof Marks} */
      var other = key === "known" ? "review" : "known";
      var has = progress[key].indexOf(c.id) >= 0;
      progress[key] = progress[key].filter(function (id) { return id !== c.id; });
      progress[other] = progress[other].filter(function (id) { return id !== c.id; });
      if (!has) progress[key].push(c.id);
      progressStore.save(progress);
      render();
    }

    flipButton.addEventListener("click", flip);
    card.addEventListener("click", flip);
    $("prev").addEventListener("click", function () { go(-1); });
    $("next").addEventListener("click", function () { go(1); });
    $("shuffle").addEventListener("click", shuffle);
    knownButton.addEventListener("click", function () { setMark("known"); });
    reviewButton.addEventListener("click", function () { setMark("review"); });
    $("reset").addEventListener("click", function () {
      progress = { known: [], review: [] };
      progressStore.save(progress);
      render();
    });
    mode.addEventListener("change", function () { flipped = false; render(); });
    reviewOnly.addEventListener("change", function () { index = 0; flipped = false; render(); });
    root.addEventListener("keydown", function (event) {
      var tag = event.target instanceof Element ? event.target.tagName : "";
      if (event.altKey || event.ctrlKey || event.metaKey || tag === "SELECT" || tag === "INPUT") return;
      var key = event.key.toLowerCase();
      /** @type {Record<string, () => void>} */
      var actions = {
        arrowright: function () { go(1); }, arrowleft: function () { go(-1); },
        f: flip, s: shuffle, k: function () { setMark("known"); }, r: function () { setMark("review"); }
      };
      if (actions[key]) {
        // Material listens on window for F, S and / (jump to search): a key the
        // cards use stops here, so it does one thing only.
        event.preventDefault();
        event.stopPropagation();
        actions[key]();
      }
    });
    app.hidden = false;
    render();
  }

  ss.mount("[data-ss-flashcards]", mount);
})();
