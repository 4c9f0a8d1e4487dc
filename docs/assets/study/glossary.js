// @ts-check
// Glossary page: a filter box over the entries (shown only when this script
// runs). Section pages: the linked terms' definitions on hover, focus and tap.
// Binds through the shared core (ss.mount, ss.page: once per page, also after
// instant navigation). Strings come from the server: the filter's from the
// glossary's data-ss-t, the popover's from the page's [data-ss-i18n].
(function () {
  "use strict";
  var ss = window.ss;

  /** @param {HTMLElement} root */
  function mount(root) {
    var box = /** @type {HTMLElement | null} */ (root.querySelector("[data-ss-glossary-filter-box]"));
    var field = /** @type {HTMLInputElement | null} */ (root.querySelector("[data-ss-glossary-filter]"));
    var count = root.querySelector("[data-ss-glossary-count]");
    if (!box || !field) return;
    // Non-null in the listener too (a narrowed var is not, there).
    var input = field;
    /** @type {Object<string, string>} */
    var t = JSON.parse(root.getAttribute("data-ss-t") || "{}");
    /** @type {{ el: HTMLElement, text: string }[]} */
    var entries = [];
    /** @type {NodeListOf<HTMLElement>} */
    var entryList = root.querySelectorAll("[data-ss-entry]");
    entryList.forEach(function (el) {
      // Kana, width and case folded, so readings and terms match either way.
      entries.push({ el: el, text: ss.fold(el.textContent) });
    });
    var groups = /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(".ss-glossary__group"));
    input.addEventListener("input", function () {
      var q = ss.fold(input.value.trim());
      var shown = 0;
      entries.forEach(function (e) {
        var hit = !q || e.text.indexOf(q) >= 0;
        e.el.hidden = !hit;
        if (hit) shown++;
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("[data-ss-entry]:not([hidden])");
      });
      if (count) count.textContent = !q ? "" : ss.fmt(shown === 1 ? t.count_one : t.count_other, { n: shown });
    });
    box.hidden = false;
  }

  // ---- linked terms: tooltip on hover/focus, popover on tap ----
  // The text comes from data-ss-tip and is only ever set with textContent:
  // glossary files come from pull requests and must never run as markup.
  // The tooltip and the popover, and the terms they are shown for.
  /** @type {HTMLElement | null} */
  var tip = null;
  /** @type {HTMLElement | null} */
  var pop = null;
  /** @type {HTMLAnchorElement | null} */
  var tipFor = null;
  /** @type {HTMLAnchorElement | null} */
  var popFor = null;
  var hideTimer = 0, pointer = "mouse", touchedAt = 0;
  var quietFocus = false; // focus handed back by the popover: no tooltip over the text

  /**
   * @param {EventTarget | null} node
   * @returns {HTMLAnchorElement | null}
   */
  function termOf(node) {
    return node instanceof Element ? node.closest("a.ss-term[data-ss-tip]") : null;
  }

  /** @returns {Object<string, string>} the popover's strings, rendered per page (overrides/partials/study-i18n.html) */
  function strings() {
    var box = document.querySelector("[data-ss-i18n]");
    try {
      return JSON.parse(box && box.getAttribute("data-ss-t") || "{}");
    } catch (error) {
      return {};
    }
  }

  // Below the term, or above it when there is no room; kept inside the viewport.
  /**
   * @param {HTMLElement} box
   * @param {HTMLElement} link
   */
  function place(box, link) {
    var r = link.getBoundingClientRect();
    var width = box.offsetWidth, height = box.offsetHeight, gap = 6;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    var top = r.bottom + gap;
    if (top + height > window.innerHeight && r.top - gap - height > 0) top = r.top - gap - height;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  /** @param {HTMLAnchorElement} link */
  function showTip(link) {
    clearTimeout(hideTimer);
    if (popFor === link) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "ss-tip";
      tip.id = "ss-tip";
      tip.setAttribute("role", "tooltip");
      tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("mouseleave", function () { hideTipSoon(); });
      document.body.appendChild(tip);
    }
    if (tipFor && tipFor !== link) tipFor.removeAttribute("aria-describedby");
    tip.textContent = link.getAttribute("data-ss-tip");
    tip.hidden = false;
    link.setAttribute("aria-describedby", "ss-tip");
    tipFor = link;
    place(tip, link);
  }

  function hideTip() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (tipFor) tipFor.removeAttribute("aria-describedby");
    tipFor = null;
  }

  // A short delay lets the pointer move onto the tooltip (WCAG 1.4.13, hoverable).
  function hideTipSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideTip, 200);
  }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} className
   * @param {string | null} [text]
   */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The term as written, without furigana (ruby annotations).
  /** @param {HTMLElement} link */
  function plainText(link) {
    var copy = /** @type {HTMLElement} */ (link.cloneNode(true));
    copy.querySelectorAll("rt, rp").forEach(function (n) { n.remove(); });
    return copy.textContent;
  }

  /** @param {HTMLAnchorElement} link */
  function openPop(link) {
    hideTip();
    closePop(false);
    var t = strings();
    pop = element("div", "ss-pop");
    pop.id = "ss-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-labelledby", "ss-pop-term");
    pop.tabIndex = -1;
    var head = element("p", "ss-pop__term", plainText(link));
    head.id = "ss-pop-term";
    var close = element("button", "ss-pop__close");
    close.type = "button";
    close.setAttribute("aria-label", t.term_close);
    close.setAttribute("data-ss-pop-close", "");
    close.appendChild(element("span", "ss-pop__x", "\u00d7")).setAttribute("aria-hidden", "true");
    var more = element("a", "ss-pop__more", t.term_more);
    more.href = link.href;
    pop.appendChild(close);
    pop.appendChild(head);
    pop.appendChild(element("p", "ss-pop__text", link.getAttribute("data-ss-tip")));
    pop.appendChild(element("p", "ss-pop__bar")).appendChild(more);
    document.body.appendChild(pop);
    popFor = link;
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", "ss-pop");
    place(pop, link);
    pop.focus({ preventScroll: true });
  }

  /** @param {boolean} returnFocus */
  function closePop(returnFocus) {
    if (!pop) return;
    var link = popFor;
    pop.remove();
    pop = popFor = null;
    if (link) {
      link.removeAttribute("aria-expanded");
      link.removeAttribute("aria-controls");
      if (returnFocus && document.contains(link)) {
        quietFocus = true;
        link.focus({ preventScroll: true });
        quietFocus = false;
      }
    }
  }

  // Document-wide listeners and the tooltip's state belong to the script's first
  // run; instant navigation runs it again on later pages, which must not add more.
  // What a listener on document sees as event.target is a node.
  function bindTerms() {
    document.addEventListener("pointerdown", function (event) {
      pointer = event.pointerType || "mouse";
      if (pointer !== "mouse") touchedAt = Date.now();
      if (pop && !pop.contains(/** @type {Node} */ (event.target)) && termOf(event.target) !== popFor) closePop(false);
    }, true);
    // Hover with a mouse only: a tap also fires pointerover, and gets the popover.
    document.addEventListener("pointerover", function (event) {
      pointer = event.pointerType || "mouse";
      var link = termOf(event.target);
      if (link && pointer === "mouse") showTip(link);
    });
    document.addEventListener("pointerout", function (event) {
      if (termOf(event.target) && termOf(event.target) === tipFor) hideTipSoon();
    });
    document.addEventListener("focusin", function (event) {
      var link = termOf(event.target);
      // A tap focuses the link too; the popover, not a tooltip, answers it.
      var tapped = Date.now() - touchedAt < 1000;
      if (link && !quietFocus && !tapped) showTip(link);
      else if (!link && pop && !pop.contains(/** @type {Node} */ (event.target))) closePop(false);
    });
    document.addEventListener("focusout", function (event) {
      if (termOf(event.target) === tipFor) hideTip();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      if (pop) { event.preventDefault(); closePop(true); } else if (tipFor) hideTip();
    });
    // A tap shows the definition in place; the popover links to the full entry.
    // Mouse clicks and Enter follow the link as usual. Capture phase, and the
    // click stops here: Material's instant navigation (on body) would follow
    // the link even with preventDefault.
    document.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest("[data-ss-pop-close]")) { closePop(true); return; }
      var link = termOf(event.target);
      if (!link || (pointer !== "touch" && pointer !== "pen") || event.detail === 0) return;
      event.preventDefault();
      event.stopPropagation();
      if (popFor === link) closePop(true); else openPop(link);
    }, true);
    window.addEventListener("resize", function () {
      if (pop && popFor) place(pop, popFor);
      if (tip && tipFor) place(tip, tipFor);
    });
  }

  if (!window.ssGlossaryTermsBound) {
    window.ssGlossaryTermsBound = true;
    bindTerms();
    ss.page("glossary terms", function () {
      // A new page: nothing shown belongs to it.
      hideTip();
      closePop(false);
    });
  }
  ss.mount("[data-ss-glossary]", mount);
})();
