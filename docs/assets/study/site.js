// @ts-check
// Site-wide behaviour for the study site; runs on every page through the shared
// core (ss.page, core.js).
//
// Material's instant navigation swaps the page container without a reload, so
// everything in mount() runs again on every page and must be idempotent.
// Data comes from data-ss-* attributes rendered into the container
// (overrides/partials/study-i18n.html); nothing from the URL, storage or user
// input is ever inserted as HTML.
(function () {
  "use strict";
  var ss = window.ss;

  /**
   * @typedef {{ lang: string, roots: { lang: string, url: URL }[],
   *   alternates: Object<string, string>, t: Object<string, string> }} I18nData
   * @returns {I18nData}
   */
  function i18nData() {
    var box = /** @type {HTMLElement | null} */ (document.querySelector("[data-ss-i18n]"));
    /** @type {I18nData} */
    var data = { lang: document.documentElement.lang, roots: [], alternates: {}, t: {} };
    if (!box) return data;
    try { data.t = JSON.parse(box.dataset.ssT || "{}"); } catch (e) { /* keep defaults */ }
    /** @type {NodeListOf<HTMLElement>} */
    var roots = box.querySelectorAll("[data-ss-root]");
    roots.forEach(function (el) {
      data.roots.push({ lang: el.dataset.ssRoot || "", url: new URL(el.dataset.href || "", location.href) });
    });
    /** @type {NodeListOf<HTMLElement>} */
    var alternates = box.querySelectorAll("[data-ss-alternate]");
    alternates.forEach(function (el) {
      data.alternates[el.dataset.ssAlternate || ""] = new URL(el.dataset.href || "", location.href).href;
    });
    return data;
  }

  // The language whose root is the longest prefix of the URL's path.
  /** @param {URL} url @param {I18nData["roots"]} roots @returns {string | null} */
  function languageOf(url, roots) {
    /** @type {I18nData["roots"][number] | null} */
    var best = null;
    // A loop, not forEach: the type check follows assignments in a loop, not in a callback.
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i];
      if (url.origin === root.url.origin && url.pathname.indexOf(root.url.pathname) === 0 &&
          (!best || root.url.pathname.length > best.url.pathname.length)) best = root;
    }
    return best && best.lang;
  }

  // Header language links: the header is not swapped by instant navigation, so
  // point them at the current page's alternates after every navigation.
  /** @param {I18nData} data */
  function updateLanguageLinks(data) {
    /** @type {NodeListOf<HTMLAnchorElement>} */
    var links = document.querySelectorAll(".md-select__link[hreflang]");
    links.forEach(function (link) {
      var target = data.alternates[link.hreflang];
      if (target) link.href = target;
    });
  }

  // Links into the other language must load a full page: instant navigation
  // would keep this language's header, <html lang>, search and translations.
  // Material skips links that have a target, so set one before it sees the click.
  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? /** @type {HTMLAnchorElement | null} */ (ev.target.closest("a[href]")) : null;
    if (!link) return;
    var data = i18nData();
    if (link.matches(".md-select__link[hreflang]")) keepPlace(link, data);
    if (link.hasAttribute("data-ss-cite")) rememberCitation(link);
    if (link.classList.contains("ss-para")) copyParagraphLink(link, data);
    if (link.target) return;
    var lang = languageOf(new URL(link.href, location.href), data.roots);
    if (lang && lang !== document.documentElement.lang) link.target = "_self";
  }, true);

  // GitHub Pages serves the root (Japanese) 404.html for every missing path;
  // send missing pages under another language's root to that language's 404.
  /** @param {I18nData} data */
  function localizeNotFound(data) {
    if (!document.querySelector("[data-ss-not-found]")) return;
    var lang = languageOf(new URL(location.href), data.roots);
    if (!lang || lang === data.lang) return;
    var root = data.roots.filter(function (r) { return r.lang === lang; })[0];
    location.replace(new URL("404.html", root.url).href);
  }

  // Material's search overlay has role="dialog" but no accessible name.
  function labelSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    var input = document.querySelector(".md-search__input[aria-label]");
    if (dialog && input) dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "");
  }

  // A nav section with an index page is labelled by its toggle, which holds only
  // an icon: every such nav gets the same empty name. Name it by its title.
  function labelNavSections() {
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby") || "");
      var title = nav.querySelector(":scope > .md-nav__title");
      if (label && !label.textContent.trim() && title && title.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
  }

  // ---- Reading aids: paragraph numbers, cited paragraphs, keeping the place ----

  var PARAGRAPH = /^p\d+$/;

  /** @param {string | undefined} text @param {string} n */
  function fmt(text, n) {
    return ss.fmt(text || "", { n: n });
  }

  // Numbered paragraphs (ids p1, p2, … the same in both languages; side-by-side rows too).
  function paragraphs() {
    return Array.prototype.filter.call(document.querySelectorAll("article [id]"), function (el) {
      return PARAGRAPH.test(el.id);
    });
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().bottom : 0;
  }

  // A discreet ¶N after each paragraph of a section page: shown on hover and
  // focus (always on touch screens), a link to the paragraph that also copies it.
  /** @param {I18nData} data */
  function numberParagraphs(data) {
    paragraphs().forEach(function (p) {
      if (p.tagName !== "P" || p.querySelector(":scope > .ss-para")) return;
      var n = p.id.slice(1);
      var link = document.createElement("a");
      link.className = "ss-para";
      link.href = "#" + p.id;
      link.textContent = "¶" + n;
      if (data.t.para) link.setAttribute("aria-label", fmt(data.t.para, n));
      p.append(" ", link);
    });
  }

  /** @param {string} text */
  function announce(text) {
    var region = document.querySelector("[data-ss-announce]");
    if (!region) {
      region = document.createElement("div");
      region.className = "ss-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("data-ss-announce", "");
      document.body.append(region);
    }
    region.textContent = text;
  }

  /** @param {HTMLAnchorElement} link @param {I18nData} data */
  function copyParagraphLink(link, data) {
    var url = new URL(link.getAttribute("href") || "", location.href).href;
    // Copied or not, the link is followed: the address bar holds the URL too.
    ss.copy(url).then(function (done) {
      if (done) announce(fmt(data.t.copied, link.hash.slice(2)));
    });
  }

  // Quiz "read the paragraph" links name every cited paragraph (data-ss-cite="p2 p3").
  // The list and the way back go to sessionStorage (never into the URL) and are
  // checked again, strictly, on the section page.
  var citation = ss.store("ss-cite", 1, function (value) {
    var c = /** @type {any} */ (value);
    if (!c || typeof c.page !== "string" || !Array.isArray(c.paragraphs) || typeof c.back !== "string") return null;
    return /** @type {{ page: string, paragraphs: unknown[], back: string }} */ (c);
  }, "sessionStorage");

  /** @param {HTMLAnchorElement} link */
  function rememberCitation(link) {
    var question = link.closest("[data-ss-question]");
    var cited = (link.getAttribute("data-ss-cite") || "").split(/\s+/).filter(function (id) { return PARAGRAPH.test(id); });
    var target = new URL(link.href, location.href);
    var back = question && question.id ? location.pathname + location.search + "#" + question.id : "";
    // Without storage the :target paragraph is still highlighted.
    citation.save({ page: target.pathname, paragraphs: cited, back: back });
  }

  function readCitation() {
    try {
      var c = citation.load();
      if (!c) return null;
      var cited = /** @type {string[]} */ (c.paragraphs).filter(function (id) { return typeof id === "string" && PARAGRAPH.test(id); });
      var back = c.back ? new URL(c.back, location.href) : null;
      if (back && (back.origin !== location.origin || !/^#q-[a-z0-9-]+$/.test(back.hash))) back = null;
      return cited.length ? { page: c.page, paragraphs: cited, back: back } : null;
    } catch (e) { return null; }
  }

  /** @param {I18nData} data */
  function markCitedParagraphs(data) {
    document.querySelectorAll(".ss-cited").forEach(function (el) { el.classList.remove("ss-cited"); });
    document.querySelectorAll("[data-ss-cite-back]").forEach(function (el) { el.remove(); });
    var c = readCitation();
    if (!c || c.page !== location.pathname || location.hash !== "#" + c.paragraphs[0]) return;
    var found = c.paragraphs.map(function (id) { return document.getElementById(id); }).filter(function (el) { return el !== null; });
    found.forEach(function (el) { el.classList.add("ss-cited"); });
    if (!found.length || !c.back || !data.t.back) return;
    var line = document.createElement("p");
    line.className = "ss-cite-back";
    line.setAttribute("data-ss-cite-back", "");
    var link = document.createElement("a");
    link.href = c.back.href;
    link.textContent = data.t.back;
    line.append(link);
    found[found.length - 1].after(line);
  }

  // Per-page stylesheets load after instant navigation has scrolled to the
  // #fragment and can move it under the header: scroll again once they are in.
  function keepTargetInView() {
    // getElementById("") is null: no fragment, nothing to keep.
    var found = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!found) return;
    // Non-null in the callbacks too (a narrowed var is not, there).
    var target = found;
    var sheets = Array.prototype.filter.call(document.querySelectorAll("article link[rel=stylesheet]"), function (l) { return !l.sheet; });
    var pending = sheets.map(function (l) {
      return new Promise(function (done) { l.addEventListener("load", done); l.addEventListener("error", done); });
    });
    Promise.all(pending).then(function () {
      requestAnimationFrame(function () {
        var box = target.getBoundingClientRect();
        if (box.top < headerBottom() || box.top > window.innerHeight) target.scrollIntoView();
      });
    });
  }

  // The paragraph being read: the #pN in the URL while it is on screen, else the
  // topmost paragraph that is at least half visible below the header (none at
  // the top of the page: the switch then lands at the top too).
  function currentParagraph() {
    var top = headerBottom(), list = paragraphs();
    var hash = location.hash.slice(1);
    /** @param {Element} el */
    var onScreen = function (el) {
      var box = el.getBoundingClientRect();
      return box.bottom > top && box.top < window.innerHeight;
    };
    var here = PARAGRAPH.test(hash) ? document.getElementById(hash) : null;
    if (here && onScreen(here)) return hash;
    if (window.scrollY < 1) return null;
    for (var i = 0; i < list.length; i++) {
      var box = list[i].getBoundingClientRect();
      if (box.top < window.innerHeight && box.bottom - Math.max(box.top, top) >= box.height / 2) return list[i].id;
    }
    return null;
  }

  // The language switcher lands on the same paragraph of the other language.
  /** @param {HTMLAnchorElement} link @param {I18nData} data */
  function keepPlace(link, data) {
    var target = data.alternates[link.hreflang];
    if (!target) return;
    var url = new URL(target);
    var place = currentParagraph();
    url.hash = place ? "#" + place : "";
    link.href = url.href;
  }

  // English pages quote Japanese (terms, idioms, quiz options): mark those runs
  // lang="ja" so screen readers and fonts switch. Text only, never markup.
  var JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+(?:[\s\u3000]*[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+)*/g;

  function markJapaneseRuns() {
    if (document.documentElement.lang !== "en") return;
    var article = document.querySelector("article");
    if (!article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest("script, style, textarea, [data-ss-lang-run]")) return NodeFilter.FILTER_REJECT;
        var lang = /** @type {HTMLElement | null} */ (parent.closest("[lang]"));
        if (lang && lang.lang !== "en") return NodeFilter.FILTER_REJECT;
        JAPANESE.lastIndex = 0;
        return JAPANESE.test(/** @type {Text} */ (node).data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    /** @type {Text[]} */
    var nodes = [];
    while (walker.nextNode()) nodes.push(/** @type {Text} */ (walker.currentNode));
    nodes.forEach(function (node) {
      var parent = node.parentElement;
      if (!parent) return;
      // <option> holds text only: mark the whole option when it starts in Japanese.
      if (parent.tagName === "OPTION" || parent.tagName === "TITLE") {
        JAPANESE.lastIndex = 0;
        var first = JAPANESE.exec(node.data.trim());
        if (first && first.index === 0) parent.lang = "ja";
        return;
      }
      var text = node.data, last = 0, match, pieces = [];
      JAPANESE.lastIndex = 0;
      while ((match = JAPANESE.exec(text))) {
        if (match.index > last) pieces.push(document.createTextNode(text.slice(last, match.index)));
        var span = document.createElement("span");
        span.lang = "ja";
        span.setAttribute("data-ss-lang-run", "");
        span.textContent = match[0];
        pieces.push(span);
        last = match.index + match[0].length;
      }
      if (last < text.length) pieces.push(document.createTextNode(text.slice(last)));
      node.replaceWith.apply(node, pieces);
    });
  }

  function mount() {
    var data = i18nData();
    updateLanguageLinks(data);
    localizeNotFound(data);
    labelSearchDialog();
    labelNavSections();
    numberParagraphs(data);
    markCitedParagraphs(data);
    keepTargetInView();
    markJapaneseRuns();
  }

  window.addEventListener("hashchange", function () { markCitedParagraphs(i18nData()); });

  // Material's header is sticky, and browsers scroll a focused sticky element to
  // its place in the page: tabbing or tapping into the header (language menu,
  // colour toggle) jumped to the top and lost the reader's place. The header is
  // always on screen, so put the page back where it was.
  // The focus scroll happens before "focusin", its "scroll" event after it.
  var scrolledTo = window.scrollY;
  window.addEventListener("scroll", function () { scrolledTo = window.scrollY; }, { passive: true });
  document.addEventListener("focusin", function (ev) {
    if (ev.target instanceof Element && ev.target.closest(".md-header") && window.scrollY !== scrolledTo) {
      window.scrollTo(0, scrolledTo);
    }
  });

  // Wide tables scroll sideways inside the page; browsers leave a control that
  // is partly visible in such a box where it is, so it can sit clipped at the
  // edge of a phone screen. Bring the focused control fully into view.
  // Checked a frame later: the browser scrolls the newly focused control into
  // view only after the focus events.
  document.addEventListener("focusin", function (ev) {
    if (!(ev.target instanceof HTMLElement) || !ev.target.closest("article")) return;
    var el = ev.target;
    requestAnimationFrame(function () {
      if (document.activeElement !== el) return;
      var box = el.getBoundingClientRect();
      for (var n = el.parentElement; n && n.tagName !== "ARTICLE"; n = n.parentElement) {
        var r = n.getBoundingClientRect();
        if (n.scrollWidth > n.clientWidth && (box.left < r.left || box.right > r.right)) {
          el.scrollIntoView({ block: "nearest", inline: "center" });
          return;
        }
      }
    });
  });

  /** @param {HTMLInputElement} toggle @param {boolean} on */
  function setToggle(toggle, on) {
    // Material turns an "indeterminate" section toggle into a plain one (and
    // unchecks it on small screens) at its first change: let that happen first.
    if (toggle.classList.contains("md-toggle--indeterminate")) toggle.dispatchEvent(new Event("change"));
    if (toggle.checked === on) return;
    toggle.checked = on;
    toggle.dispatchEvent(new Event("change"));
  }

  // On phones and tablets the navigation is an off-screen drawer of sliding
  // panels whose links all stay in the tab order: a keyboard user would focus
  // links nobody can see. While focus is in the drawer, show it and the panel
  // that holds the focused link.
  document.addEventListener("focusin", function (ev) {
    var drawer = /** @type {HTMLInputElement | null} */ (document.getElementById("__drawer"));
    if (!drawer || !(ev.target instanceof Element) || !matchMedia("(max-width: 76.234375em)").matches) return;
    var sidebar = ev.target.closest(".md-sidebar--primary");
    if (!sidebar) {
      if (drawer.hasAttribute("data-ss-by-focus")) setToggle(drawer, false);
      drawer.removeAttribute("data-ss-by-focus");
      return;
    }
    if (!drawer.checked) drawer.setAttribute("data-ss-by-focus", "");
    setToggle(drawer, true);
    // Found inside the sidebar, so each has a parent element.
    /** @type {NodeListOf<HTMLInputElement & { parentElement: HTMLElement }>} */
    var toggles = sidebar.querySelectorAll("input.md-nav__toggle");
    toggles.forEach(function (toggle) {
      var panel = toggle.parentElement.querySelector(":scope > nav.md-nav");
      setToggle(toggle, !!panel && panel.contains(/** @type {Node} */ (ev.target)));
    });
    // Focusing a link of a closed panel scrolled the drawer sideways to it.
    for (var box = ev.target.parentElement; box && box !== sidebar.parentElement; box = box.parentElement) box.scrollLeft = 0;
    ev.target.scrollIntoView({ block: "nearest" });
  });

  ss.page("site", mount);
})();
