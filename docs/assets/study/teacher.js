// @ts-check
// Assignment link builder on the teacher page. Builds a URL to the quiz page in
// the chosen language with ?questions=…&order=…&seed=…; assignment.js reads it there.
(function () {
  "use strict";
  var ss = window.ss;

  /** @param {HTMLFormElement} form */
  function bind(form) {
    /** @type {Object<string, string>} */
    var t = JSON.parse(form.getAttribute("data-ss-t") || "{}");
    var quizSelect = /** @type {HTMLSelectElement} */ (form.querySelector("[data-ss-lb-quiz]"));
    var seedInput = /** @type {HTMLInputElement} */ (form.querySelector("[data-ss-lb-seed]"));
    var linkInput = /** @type {HTMLInputElement} */ (form.querySelector("[data-ss-lb-link]"));
    var openLink = /** @type {HTMLAnchorElement} */ (form.querySelector("[data-ss-lb-open]"));
    var copyButton = form.querySelector("[data-ss-lb-copy]");
    var found = form.querySelector("[data-ss-lb-status]");
    if (!found) return;
    // Non-null in the functions below too (a narrowed var is not, there).
    var status = found;

    /** @returns {HTMLFieldSetElement | null} */
    function currentSet() {
      var sets = /** @type {NodeListOf<HTMLFieldSetElement>} */ (form.querySelectorAll("[data-ss-lb-set]"));
      for (var i = 0; i < sets.length; i++) {
        if (sets[i].getAttribute("data-ss-lb-set") === quizSelect.value) return sets[i];
      }
      return null;
    }

    /** @param {string} name */
    function checked(name) {
      var input = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="' + name + '"]:checked'));
      return input ? input.value : "";
    }

    function update() {
      var sets = /** @type {NodeListOf<HTMLFieldSetElement>} */ (form.querySelectorAll("[data-ss-lb-set]"));
      for (var i = 0; i < sets.length; i++) sets[i].hidden = sets[i] !== currentSet();
      var set = currentSet();
      var option = quizSelect.options[quizSelect.selectedIndex];
      if (!set || !option) return;
      var boxes = /** @type {NodeListOf<HTMLInputElement>} */ (set.querySelectorAll('input[type="checkbox"]'));
      var ids = [];
      for (var j = 0; j < boxes.length; j++) if (boxes[j].checked) ids.push(boxes[j].value);
      var count = set.querySelector("[data-ss-lb-count]");
      if (count) count.textContent = ss.fmt(t.count || "{n}", { n: ids.length });
      var order = checked("ss-lb-order");
      seedInput.disabled = order !== "shuffle";
      var lang = checked("ss-lb-lang") === "en" ? "en" : "ja";
      var url = new URL(option.getAttribute("data-url-" + lang) || "", window.location.href);
      url.search = "";
      url.hash = "";
      if (ids.length === 0) {
        linkInput.value = "";
        openLink.removeAttribute("href");
        status.textContent = t.pick_one || "";
        return;
      }
      status.textContent = "";
      var params = [];
      // All questions in quiz order is the plain quiz: no parameter needed.
      if (ids.length !== boxes.length || order === "shuffle") params.push("questions=" + ids.map(encodeURIComponent).join(","));
      if (order === "shuffle") {
        var seed = parseInt(seedInput.value, 10);
        if (!(seed >= 1 && seed <= 999999)) { seed = 1; seedInput.value = "1"; }
        params.push("order=shuffle", "seed=" + seed);
      }
      linkInput.value = url.href + (params.length ? "?" + params.join("&") : "");
      openLink.href = linkInput.value;
    }

    // The form only builds a link; Enter in a field must not submit it (no
    // inline onsubmit: the Content-Security-Policy allows no inline handlers).
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target.closest("button") : null;
      if (!target) return;
      var set = currentSet();
      if (target.hasAttribute("data-ss-lb-all") || target.hasAttribute("data-ss-lb-none")) {
        var on = target.hasAttribute("data-ss-lb-all");
        if (!set) return;
        set.querySelectorAll('input[type="checkbox"]').forEach(function (box) { /** @type {HTMLInputElement} */ (box).checked = on; });
        update();
      } else if (target.hasAttribute("data-ss-lb-reseed")) {
        var order = /** @type {HTMLInputElement} */ (form.querySelector('input[name="ss-lb-order"][value="shuffle"]'));
        order.checked = true;
        seedInput.value = String(1 + Math.floor(Math.random() * 999999));
        update();
      } else if (target === copyButton) {
        copy();
      }
    });

    function copy() {
      if (!linkInput.value) return;
      ss.copy(linkInput.value, linkInput).then(function (done) { status.textContent = done ? t.copied : t.copy_failed; });
    }

    update();
  }

  ss.mount("[data-ss-link-builder]", bind);
})();
