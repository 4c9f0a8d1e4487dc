// @ts-check
// Furigana switch: remembers the reader's choice (off / difficult / all) across pages.
// CSS applies the mode from the checked radio (without JavaScript too) and from
// <html data-ss-furigana>, set here; this script restores, shows and saves the choice.
// Storage may be disabled or hold anything: only the three known values are used.
// The value is stored as plain text, not JSON (kept so readers keep their choice).
(function () {
  "use strict";
  var ss = window.ss;
  var KEY = "ss-furigana:v1";
  // null too: load() looks up whatever getAttribute found.
  /** @type {(string | null)[]} */
  var MODES = ["off", "difficult", "all"];
  /** @returns {string | null} */
  function load() {
    // Without storage, the choice shown on <html> lasts for the window's lifetime.
    var value = document.documentElement.getAttribute("data-ss-furigana");
    try { value = window.localStorage.getItem(KEY) || value; } catch (e) { /* storage disabled */ }
    return MODES.indexOf(value) >= 0 ? value : null;
  }

  // <html> outlives instant navigation: the next page shows the mode before mount() runs.
  /** @param {string | null} value */
  function show(value) {
    if (value) document.documentElement.setAttribute("data-ss-furigana", value);
  }

  /** @param {string} value */
  function save(value) {
    show(value);
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* full or disabled: <html> keeps it */ }
  }

  /** @param {HTMLFormElement} box */
  function bind(box) {
    var stored = load();
    show(stored);
    box.addEventListener("submit", function (ev) { ev.preventDefault(); });
    /** @type {NodeListOf<HTMLInputElement>} */
    var radios = box.querySelectorAll("[data-ss-furigana-mode]");
    radios.forEach(function (radio) {
      if (stored) radio.checked = radio.value === stored;
      radio.addEventListener("change", function () {
        if (radio.checked && MODES.indexOf(radio.value) >= 0) save(radio.value);
      });
    });
  }

  // <html> carries the attribute too: bind only the switch's form.
  ss.mount("form[data-ss-furigana]", bind);
})();
