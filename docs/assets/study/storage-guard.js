// @ts-check
// Runs in <head>, after Material defines __md_get and before its palette script
// and bundle read storage (overrides/main.html, extrahead; external, so the CSP
// needs no hash for it). Two jobs:
//
// 1. Storage blocked (SecurityError) or full (QuotaExceededError): put an
//    in-memory Storage in its place, layered over what can still be read, so
//    progress, palette and search work for the page's lifetime (and across
//    instant navigation, which keeps this window).
// 2. Material's own keys ("<base path>.__palette", "…__tabs", …) are parsed
//    without a guard: "{" throws, and a palette of the wrong shape ("[]", a
//    string) leaves the page without search or the colour toggle. Bad values
//    are dropped before Material reads them; Material then writes good ones.
(function () {
  "use strict";

  /**
   * @param {Storage | null} backing
   * @returns {Storage}
   */
  function memoryStorage(backing) {
    /** @type {Record<string, string>} what backing refused */
    var own = {};
    /** @type {Record<string, true>} removed here, maybe not from backing */
    var gone = {};
    var has = Object.prototype.hasOwnProperty;
    /**
     * @param {string} key
     * @returns {string | null}
     */
    function read(key) {
      if (has.call(own, key)) return own[key];
      if (has.call(gone, key) || !backing) return null;
      try { return backing.getItem(key); } catch (e) { return null; }
    }
    function keys() {
      var list = Object.keys(own);
      try {
        for (var i = 0; backing && i < backing.length; i++) {
          var k = backing.key(i);
          if (k !== null && !has.call(own, k) && !has.call(gone, k)) list.push(k);
        }
      } catch (e) { /* unreadable */ }
      return list;
    }
    return {
      getItem: read,
      setItem: function (key, value) {
        key = String(key);
        // Real storage first; whatever it refuses is kept here.
        try { if (backing) { backing.setItem(key, String(value)); delete own[key]; delete gone[key]; return; } } catch (e) { /* full */ }
        own[key] = String(value);
        delete gone[key];
      },
      removeItem: function (key) {
        key = String(key);
        delete own[key];
        gone[key] = true;
        try { if (backing) backing.removeItem(key); } catch (e) { /* blocked */ }
      },
      clear: function () { keys().forEach(this.removeItem, this); },
      key: function (i) { var list = keys(); return i >= 0 && i < list.length ? list[i] : null; },
      get length() { return keys().length; }
    };
  }

  /**
   * A usable storage, or a memory stand-in installed on window.
   * @param {"localStorage" | "sessionStorage"} name
   * @returns {Storage | null}
   */
  function usable(name) {
    /** @type {Storage | null} */
    var store = null, probe = "ss-storage-probe";
    try {
      store = window[name];
      store.setItem(probe, probe);
      store.removeItem(probe);
      return store;
    } catch (e) {
      var stand = memoryStorage(store);
      try { Object.defineProperty(window, name, { value: stand, configurable: true }); } catch (e2) { return null; }
      return window[name] === stand ? stand : null;
    }
  }

  /**
   * @param {unknown} x
   * @returns {x is Record<string, unknown>}
   */
  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  // Shapes Material relies on (bundle and partials/javascripts/palette.html).
  /** @type {Record<string, (value: unknown) => boolean>} */
  var SHAPES = {
    __palette: function (v) {
      // typeof: what `| 0` already implied (no other value equals its int32).
      return isObject(v) && typeof v.index === "number" && v.index === (v.index | 0) && v.index >= 0 &&
        isObject(v.color) && Object.values(v.color).every(function (c) { return typeof c === "string"; });
    },
    __tabs: function (v) { return Array.isArray(v) && v.every(function (x) { return typeof x === "string"; }); }
  };

  /** @param {Storage | null} store */
  function repair(store) {
    if (!store) return;
    /** @type {string[]} */
    var bad = [];
    try {
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i) || "", m = /\.(__[a-z]+)$/.exec(key);
        if (!m) continue;
        var value, raw;
        // A null item (gone meanwhile) is null, as JSON.parse(null) gave: skipped below.
        try { raw = store.getItem(key); value = raw === null ? null : JSON.parse(raw); } catch (e) { bad.push(key); continue; }
        if (value !== null && Object.prototype.hasOwnProperty.call(SHAPES, m[1]) && !SHAPES[m[1]](value)) bad.push(key);
      }
    } catch (e) { return; }
    bad.forEach(function (key) { try { store.removeItem(key); } catch (e) { /* blocked */ } });
  }

  repair(usable("localStorage"));
  repair(usable("sessionStorage"));
})();
