// Flashcards built from the glossary. Mounts on Material's document$ (instant
// navigation swaps pages without reload); binds each widget once. Card text is
// set with textContent only; saved progress is validated before use.
(function () {
  "use strict";

  var STORE = "ss-flashcards:v1";
  var TEXT = {
    ja: {
      status: function (i, n, known, review) {
        return "カード " + i + " / " + n + "・覚えた " + known + "・要復習 " + review;
      },
      empty: "「要復習」のカードはありません。",
      known: "覚えた", review: "要復習"
    },
    en: {
      status: function (i, n, known, review) {
        return "Card " + i + " of " + n + " · known " + known + " · to review " + review;
      },
      empty: "No cards are marked for review.",
      known: "Known", review: "To review"
    }
  };

  function loadProgress(ids) {
    var progress = { known: [], review: [] };
    try {
      var raw = JSON.parse(window.localStorage.getItem(STORE) || "null");
      if (raw && typeof raw === "object") {
        ["known", "review"].forEach(function (key) {
          if (Array.isArray(raw[key])) {
            progress[key] = raw[key].filter(function (id, i, all) {
              return typeof id === "string" && ids.has(id) && all.indexOf(id) === i;
            });
          }
        });
      }
    } catch (e) { /* unreadable or blocked storage: start fresh */ }
    progress.review = progress.review.filter(function (id) { return progress.known.indexOf(id) < 0; });
    return progress;
  }

  function saveProgress(progress) {
    try { window.localStorage.setItem(STORE, JSON.stringify(progress)); } catch (e) { /* storage full or blocked */ }
  }

  function mount(root) {
    if (root.dataset.ssBound) return;
    root.dataset.ssBound = "1";
    var lang = root.dataset.lang === "en" ? "en" : "ja";
    var t = TEXT[lang];
    var cards;
    try {
      cards = JSON.parse(root.querySelector("[data-ss-flashcards-data]").textContent);
    } catch (e) { return; }
    if (!Array.isArray(cards) || !cards.length) return;
    var ids = new Set(cards.map(function (c) { return c.id; }));
    var progress = loadProgress(ids);
    var $ = function (name) { return root.querySelector("[data-ss-fc-" + name + "]"); };
    var app = $("app"), card = $("card"), front = $("front"), back = $("back"), mark = $("mark");
    var status = $("status"), mode = $("mode"), reviewOnly = $("review-only");
    var flipButton = $("flip"), knownButton = $("known"), reviewButton = $("review");
    var order = cards.slice();
    var deck = order;
    var index = 0;
    var flipped = false;

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
        status.textContent = t.status(0, 0, progress.known.length, progress.review.length);
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
      status.textContent = t.status(index + 1, deck.length, progress.known.length, progress.review.length);
    }

    function go(step) {
      if (!deck.length) return;
      index = (index + step + deck.length) % deck.length;
      flipped = false;
      render();
    }
    function flip() { flipped = !flipped; render(); }
    function shuffle() {
      order = cards.slice();
      for (var i = order.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var tmp = order[i]; order[i] = order[j]; order[j] = tmp;
      }
      index = 0; flipped = false; render();
    }
    function setMark(key) {
      var c = deck[index];
      if (!c) return;
      var other = key === "known" ? "review" : "known";
      var has = progress[key].indexOf(c.id) >= 0;
      progress[key] = progress[key].filter(function (id) { return id !== c.id; });
      progress[other] = progress[other].filter(function (id) { return id !== c.id; });
      if (!has) progress[key].push(c.id);
      saveProgress(progress);
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
      saveProgress(progress);
      render();
    });
    mode.addEventListener("change", function () { flipped = false; render(); });
    reviewOnly.addEventListener("change", function () { index = 0; flipped = false; render(); });
    root.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (event.altKey || event.ctrlKey || event.metaKey || tag === "SELECT" || tag === "INPUT") return;
      var key = event.key.toLowerCase();
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

  function init() {
    document.querySelectorAll("[data-ss-flashcards]").forEach(mount);
  }
  // The script re-runs on every instant navigation to the page: subscribe once.
  if (window.ssFlashcardsSubscribed) {
    init();
  } else if (window.document$ && typeof window.document$.subscribe === "function") {
    window.ssFlashcardsSubscribed = true;
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
