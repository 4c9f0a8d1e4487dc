// Furigana switch: remembers the reader's choice (off / difficult / all) across pages.
// CSS applies the mode from the checked radio (without JavaScript too) and from
// <html data-ss-furigana>, set here; this script restores, shows and saves the choice.
// Storage may be disabled or hold anything: only the three known values are used.
(function () {
  "use strict";
  var KEY = "ss-furigana:v1";
  var MODES = ["off", "difficult", "all"];
  function load() {
    // Without storage, the choice shown on <html> lasts for the window's lifetime.
    var value = document.documentElement.getAttribute("data-ss-furigana");
    try { value = window.localStorage.getItem(KEY) || value; } catch (e) { /* storage disabled */ }
    return MODES.indexOf(value) >= 0 ? value : null;
  }

  // <html> outlives instant navigation: the next page shows the mode before mount() runs.
  function show(value) {
    if (value) document.documentElement.setAttribute("data-ss-furigana", value);
  }

  function save(value) {
    show(value);
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* full or disabled: <html> keeps it */ }
  }

  function mount() {
    var boxes = document.querySelectorAll("[data-ss-furigana]");
    if (!boxes.length) return;
    var stored = load();
    show(stored);
    boxes.forEach(function (box) {
      if (box.dataset.ssBound) return;
      box.dataset.ssBound = "1";
      box.addEventListener("submit", function (ev) { ev.preventDefault(); });
      box.querySelectorAll("[data-ss-furigana-mode]").forEach(function (radio) {
        if (stored) radio.checked = radio.value === stored;
        radio.addEventListener("change", function () {
          if (radio.checked && MODES.indexOf(radio.value) >= 0) save(radio.value);
        });
      });
    });
  }

  // The script re-runs on every instant navigation to a page that loads it: subscribe once.
  if (window.ssFuriganaSubscribed) {
    mount();
  } else if (window.document$ && typeof window.document$.subscribe === "function") {
    window.ssFuriganaSubscribed = true;
    window.document$.subscribe(mount);
  } else {
    mount();
  }
})();
