// Site-wide behaviour for the study site; mounts on Material's document$.
//
// Material's instant navigation swaps the page container without a reload, so
// everything here runs again on every document$ emission and must be idempotent.
// Data comes from data-ss-* attributes rendered into the container
// (overrides/partials/study-i18n.html); nothing from the URL, storage or user
// input is ever inserted as HTML.
(function () {
  "use strict";

  function i18nData() {
    var box = document.querySelector("[data-ss-i18n]");
    var data = { lang: document.documentElement.lang, roots: [], alternates: {} };
    if (!box) return data;
    box.querySelectorAll("[data-ss-root]").forEach(function (el) {
      data.roots.push({ lang: el.dataset.ssRoot, url: new URL(el.dataset.href, location.href) });
    });
    box.querySelectorAll("[data-ss-alternate]").forEach(function (el) {
      data.alternates[el.dataset.ssAlternate] = new URL(el.dataset.href, location.href).href;
    });
    return data;
  }

  // The language whose root is the longest prefix of the URL's path.
  function languageOf(url, roots) {
    var best = null;
    roots.forEach(function (root) {
      if (url.origin === root.url.origin && url.pathname.indexOf(root.url.pathname) === 0 &&
          (!best || root.url.pathname.length > best.url.pathname.length)) best = root;
    });
    return best && best.lang;
  }

  // Header language links: the header is not swapped by instant navigation, so
  // point them at the current page's alternates after every navigation.
  function updateLanguageLinks(data) {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var target = data.alternates[link.getAttribute("hreflang")];
      if (target) link.href = target;
    });
  }

  // Links into the other language must load a full page: instant navigation
  // would keep this language's header, <html lang>, search and translations.
  // Material skips links that have a target, so set one before it sees the click.
  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
    if (!link || link.target) return;
    var data = i18nData();
    var lang = languageOf(new URL(link.href, location.href), data.roots);
    if (lang && lang !== document.documentElement.lang) link.target = "_self";
  }, true);

  // GitHub Pages serves the root (Japanese) 404.html for every missing path;
  // send missing pages under another language's root to that language's 404.
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
    if (dialog && input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }

  // A nav section with an index page is labelled by its toggle, which holds only
  // an icon: every such nav gets the same empty name. Name it by its title.
  function labelNavSections() {
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = nav.querySelector(":scope > .md-nav__title");
      if (label && !label.textContent.trim() && title && title.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
  }

  function mount() {
    var data = i18nData();
    updateLanguageLinks(data);
    localizeNotFound(data);
    labelSearchDialog();
    labelNavSections();
  }

  if (window.document$) window.document$.subscribe(mount);
  else document.addEventListener("DOMContentLoaded", mount);
})();
