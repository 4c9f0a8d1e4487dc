// @ts-check
// The shared core of the study scripts, window.ss. Loaded in <head>
// (overrides/main.html, extrahead), so it exists before any other study script.
//
// Why a core: per-page scripts sit in the content block. On a first load they
// run before Material's bundle, so document$ does not exist yet; after instant
// navigation they are run again in the swapped page. ss.mount and ss.page hide
// both paths: a handler is registered under a key (a re-run replaces it), runs
// on every page, and mount binds each element once.
(function () {
  "use strict";

  var own = Object.prototype.hasOwnProperty;
  var self = /** @type {HTMLScriptElement} */ (document.currentScript);
  // assets/study/, wherever the site is served from: ss.load fetches siblings only.
  var assetBase = new URL(".", self.src);

  /** @type {Object<string, () => void>} */
  var handlers = {};

  function runAll() {
    Object.keys(handlers).forEach(function (key) {
      try { handlers[key](); } catch (error) { console.error(error); }
    });
  }

  // Once Material's bundle has defined document$ (a replaying subject), it
  // drives every page, the first one included. Without the bundle: run once.
  document.addEventListener("DOMContentLoaded", function () {
    var documents = window.document$;
    if (documents && typeof documents.subscribe === "function") {
      documents.subscribe(runAll);
    } else {
      runAll();
    }
  });

  /**
   * Run `handler` on every page: now if the page is already parsed (a script
   * re-run by instant navigation, or loaded late), and on each page after it.
   * It may run twice for one page (now and at document$): make it idempotent.
   * @param {string} key registering the same key again replaces the handler
   * @param {() => void} handler
   */
  function page(key, handler) {
    handlers[key] = handler;
    if (document.readyState !== "loading") handler();
  }

  /** @type {Object<string, WeakSet<Element>>} */
  var boundBy = {};

  /**
   * Call `bind` once for every element that matches `selector`, on this page
   * and on every page reached by instant navigation.
   * @template {Element} E
   * @param {string} selector
   * @param {(element: E) => void} bind
   * @returns {() => void} binds elements added since (without a navigation)
   */
  function mount(selector, bind) {
    var bound = boundBy[selector] || (boundBy[selector] = new WeakSet());
    function scan() {
      document.querySelectorAll(selector).forEach(function (element) {
        if (bound.has(element)) return;
        bound.add(element);
        try { bind(/** @type {E} */ (element)); } catch (error) { console.error(error); } // the others still bind
      });
    }
    page("mount " + selector, scan);
    return scan;
  }

  /**
   * A versioned JSON value in web storage under "<name>:v<version>". What is
   * stored is parsed in a try and passed through `validate`, which returns the
   * value to use or null: corrupt or foreign data is ignored, never trusted.
   * Changing the format means a new version (and a migration or a note in
   * quizzes/README.md: the old key is then no longer read).
   * @template T
   * @param {string} name
   * @param {number} version
   * @param {(value: unknown) => T | null} validate
   * @param {"localStorage" | "sessionStorage"} [area]
   * @returns {{ key: string, load: () => T | null, save: (value: T) => boolean }}
   */
  function store(name, version, validate, area) {
    var key = name + ":v" + version;
    function storage() { return window[area || "localStorage"]; }
    return {
      key: key,
      load: function () {
        try {
          var raw = storage().getItem(key);
          return raw === null ? null : validate(JSON.parse(raw));
        } catch (error) {
          return null; // blocked storage or not JSON
        }
      },
      save: function (value) {
        try {
          storage().setItem(key, JSON.stringify(value));
          return true;
        } catch (error) {
          return false; // full or blocked
        }
      }
    };
  }

  /**
   * Put `text` on the clipboard. Falls back to selecting `field` (or a hidden
   * text area) and execCommand("copy") where the Clipboard API is missing or
   * refused (plain http, no permission). Focus returns where it was unless a
   * visible field was selected for the reader.
   * @param {string} text
   * @param {HTMLInputElement | HTMLTextAreaElement} [field] shows the selected text
   * @returns {Promise<boolean>}
   */
  function copy(text, field) {
    function fallback() {
      var active = document.activeElement;
      var area = field || document.createElement("textarea");
      if (!field) {
        area.value = text;
        area.setAttribute("readonly", "");
        area.className = "ss-visually-hidden";
        document.body.appendChild(area);
      }
      area.focus({ preventScroll: !field }); // the hidden area must not move the page
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      if (!field) {
        area.remove();
        if (active instanceof HTMLElement) active.focus({ preventScroll: true });
      }
      return done;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, fallback);
    }
    return Promise.resolve(fallback());
  }

  /**
   * Fill "{name}" placeholders. A function replacer, so "$&" or "$'" in a
   * value stays text; an unknown placeholder is left as it is.
   * @param {string} template
   * @param {Object<string, string | number>} values
   */
  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (placeholder, name) {
      return own.call(values, name) ? String(values[name]) : placeholder;
    });
  }

  /**
   * Shuffle `list` in place (Fisher–Yates) and return it.
   * @template T
   * @param {T[]} list
   * @param {() => number} [random] a generator in [0, 1), e.g. a seeded one
   */
  function shuffle(list, random) {
    var next = random || Math.random;
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1));
      var swap = list[i];
      list[i] = list[j];
      list[j] = swap;
    }
    return list;
  }

  /**
   * Width, case and kana folded, so "ナトー", "なとー" and "ＮＡＴＯ" meet
   * "なとー" and "nato". (Quiz answers also drop punctuation: quiz.js.)
   * @param {string} text
   */
  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (kana) {
      return String.fromCharCode(kana.charCodeAt(0) - 0x60);
    });
  }

  /** @type {Object<string, Promise<void>>} */
  var loading = {};

  /**
   * Load assets/study/<name>.css and .js once (code a page needs only
   * sometimes). The name is a constant of the calling script, never from the
   * URL, and both files come from this site's own folder.
   * @param {string} name
   * @returns {Promise<void>}
   */
  function load(name) {
    if (!/^[a-z][a-z-]*$/.test(name)) return Promise.reject(new Error("bad asset name " + name));
    // Instant navigation may rebuild the <head>: put the stylesheet back if it went.
    if (!document.querySelector('link[data-ss-asset="' + name + '"]')) {
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = new URL(name + ".css", assetBase).href;
      sheet.setAttribute("data-ss-asset", name);
      document.head.appendChild(sheet);
    }
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(name + ".js", assetBase).href;
        script.setAttribute("data-ss-asset", name);
        script.onload = function () { resolve(); };
        script.onerror = function () {
          delete loading[name]; // try again next time
          reject(new Error("could not load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  window.ss = { page: page, mount: mount, store: store, copy: copy, fmt: fmt, shuffle: shuffle, fold: fold, load: load };
})();
