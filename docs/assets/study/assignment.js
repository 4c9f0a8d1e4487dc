// @ts-check
// Assignment links and the completion summary on quiz pages. Not in the page:
// quiz.js loads it (ss.load) when the page is opened with link parameters, before
// binding, and when a quiz is complete. Strings come from the quiz root's
// data-ss-assignment-t (overrides/study/quiz.html).
//
// A teacher's link such as …/ep90/quiz/us-stance/?questions=id1,id2&order=shuffle&seed=42
// keeps only those questions, in that order (or a seeded shuffle, the same for
// every student). Bad values are ignored and named in a visible notice, always
// as text. When quiz.js reports the quiz complete, a summary appears that the
// student can print, save as PDF or copy. Nothing leaves the browser.
(function () {
  "use strict";
  var ss = window.ss;
  var fmt = ss.fmt;

  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // "q" and "h" belong to Material (search query and highlight), hence "questions".
  var KNOWN = { questions: 1, order: 1, seed: 1, lang: 1, q: 1, h: 1 };
  var MAX_SHOWN = 60;
  // A link is data from anyone: read a bounded part of it, so a huge or
  // repeated parameter cannot build thousands of nodes. The rest is reported
  // in one line.
  var MAX_QUERY = 4096; // characters of the query string
  var MAX_PARAMS = 20; // parameters (key=value pairs)
  var MAX_IDS = 200; // question ids
  var MAX_PROBLEMS = 10; // listed; the rest are counted

  /**
   * What readParams found in the link.
   * @typedef {{ ids: string[] | null, order: string, seed: number, problems: string[], notes: string[] }} Settings
   * One question's line in the summary.
   * @typedef {{ id: string, correct: boolean, number: string, prompt: string }} SummaryRow
   * @typedef {{ t: Strings, rows: SummaryRow[], when: string, title: string, scoreText: string,
   *   assignment: string, url: string }} SummaryData
   */

  /**
   * This quiz's UI strings, rendered by the server into data-ss-assignment-t
   * (overrides/study/quiz.html).
   * @param {Element} root
   * @returns {Object<string, string>}
   */
  function stringsOf(root) {
    try {
      return JSON.parse(root.getAttribute("data-ss-assignment-t") || "{}");
    } catch (error) {
      return {};
    }
  }

  /** @param {string} value */
  function shown(value) {
    value = String(value);
    return "“" + (value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) + "…" : value) + "”";
  }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string | null} className
   * @param {string} [text]
   */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // mulberry32: a tiny seeded PRNG, so a seed gives every student the same order.
  /** @param {number} seed */
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** @param {Element} root */
  function langOf(root) {
    return root.getAttribute("data-ss-lang") || document.documentElement.lang || "en";
  }

  /**
   * @param {Element} root
   * @returns {HTMLElement[]}
   */
  function questionsOf(root) {
    return Array.prototype.slice.call(root.querySelectorAll("[data-ss-question]"));
  }

  // Read and check the URL; returns {ids|null, order, seed, problems[], notes[]}.
  // The query string cut to the limits, and how many values were left unread.
  /** @param {string} search */
  function boundedParams(search) {
    var unread = 0;
    if (search.length > MAX_QUERY) {
      var rest = search.slice(MAX_QUERY);
      unread += (rest.match(/[&,]/g) || []).length + 1;
      search = search.slice(0, MAX_QUERY);
    }
    var params = new URLSearchParams();
    var count = 0;
    new URLSearchParams(search).forEach(function (value, key) {
      if (count++ < MAX_PARAMS) params.append(key, value);
      else unread += 1;
    });
    return { params: params, unread: unread };
  }

  /**
   * @param {Element} root
   * @param {Strings} t
   * @returns {Settings}
   */
  function readParams(root, t) {
    var bounded = boundedParams(window.location.search);
    var params = bounded.params;
    var unread = bounded.unread;
    /** @type {Settings} */
    var result = { ids: null, order: "fixed", seed: 1, problems: [], notes: [] };
    /** @type {Record<string, boolean>} */
    var known = {};
    questionsOf(root).forEach(function (q) { known[q.getAttribute("data-ss-question") || ""] = true; });
    params.forEach(function (value, key) {
      if (!KNOWN.hasOwnProperty(key)) result.problems.push(fmt(t.unknownParam, { k: shown(key) }));
    });
    var lang = params.get("lang");
    if (lang !== null && lang !== langOf(root)) {
      if (lang === "ja" || lang === "en") result.notes.push(fmt(t.otherLang, { v: t.otherLangName }));
      else result.problems.push(fmt(t.badLang, { v: shown(lang) }));
    }
    if (params.has("questions")) {
      /** @type {Record<string, boolean>} */
      var seen = {};
      /** @type {string[]} */
      var ids = [];
      var values = params.getAll("questions").join(",").split(",");
      if (values.length > MAX_IDS) {
        unread += values.length - MAX_IDS;
        values = values.slice(0, MAX_IDS);
      }
      values.forEach(function (raw) {
        var id = raw.trim();
        if (!id) return;
        if (!ID.test(id) || !known[id]) result.problems.push(fmt(t.badId, { v: shown(raw) }));
        else if (seen[id]) result.problems.push(fmt(t.dupId, { v: shown(id) }));
        else { seen[id] = true; ids.push(id); }
      });
      if (ids.length) result.ids = ids;
      else result.notes.push(t.noneLeft);
    }
    var order = params.get("order");
    if (order !== null) {
      if (order === "fixed" || order === "shuffle") result.order = order;
      else result.problems.push(fmt(t.badOrder, { v: shown(order) }));
    }
    var seed = params.get("seed");
    if (seed !== null) {
      if (!/^[0-9]{1,9}$/.test(seed)) result.problems.push(fmt(t.badSeed, { v: shown(seed) }));
      else if (result.order !== "shuffle") result.problems.push(fmt(t.seedNoShuffle, { v: shown(seed) }));
      else result.seed = parseInt(seed, 10);
    } else if (result.order === "shuffle") {
      result.notes.push(t.noSeed);
    }
    if (result.problems.length > MAX_PROBLEMS) {
      var more = result.problems.length - MAX_PROBLEMS;
      result.problems = result.problems.slice(0, MAX_PROBLEMS);
      result.problems.push(fmt(t.moreProblems, { n: more }));
    }
    if (unread) result.notes.push(fmt(t.unread, { n: unread }));
    return result;
  }

  /**
   * The assignment each quiz root shows (for the summary); the seed counts when shuffled.
   * @type {WeakMap<Element, { ids: (string | null)[], total: number, order: string, seed: number }>}
   */
  var assignments = new WeakMap();

  /** @param {HTMLElement} root */
  function beforeMount(root) {
    if (root.hasAttribute("data-ss-assignment")) return;
    root.setAttribute("data-ss-assignment", "");
    var t = stringsOf(root);
    if (!window.location.search) return;
    var settings = readParams(root, t);
    var all = questionsOf(root);
    var active = settings.ids !== null || settings.order === "shuffle";
    if (active) {
      /** @type {Record<string, HTMLElement>} */
      var byId = {};
      all.forEach(function (q) { byId[q.getAttribute("data-ss-question") || ""] = q; });
      var chosen = settings.ids ? settings.ids.map(function (id) { return byId[id]; }) : all.slice();
      if (settings.order === "shuffle") ss.shuffle(chosen, rng(settings.seed));
      var anchor = document.createComment("ss-assignment");
      all[0].before(anchor);
      all.forEach(function (q) { q.remove(); });
      chosen.forEach(function (q, i) {
        anchor.before(q);
        var num = q.querySelector(".ss-q-num");
        if (num) num.textContent = num.textContent.replace(/[0-9０-９]+/, String(i + 1));
      });
      anchor.remove();
      root.setAttribute("data-ss-assigned", chosen.map(function (q) { return q.getAttribute("data-ss-question"); }).join(","));
      assignments.set(root, {
        ids: chosen.map(function (q) { return q.getAttribute("data-ss-question"); }),
        total: all.length, order: settings.order, seed: settings.seed
      });
    }
    if (!active && !settings.problems.length && !settings.notes.length) return;
    var box = el("div", "ss-assign admonition " + (settings.problems.length ? "warning" : "info"));
    box.setAttribute("role", "status");
    box.setAttribute("data-ss-assign-notice", "");
    // Set above when active (once per root: see the attribute check).
    var info = assignments.get(root);
    if (info) {
      box.appendChild(el("p", "ss-assign-title", fmt(t.assignment, { n: info.ids.length, t: info.total })));
      box.appendChild(el("p", null, info.order === "shuffle" ? fmt(t.shuffled, { s: info.seed }) : t.fixed));
    }
    settings.notes.forEach(function (note) { box.appendChild(el("p", "ss-assign-note", note)); });
    if (settings.problems.length) {
      box.appendChild(el("p", "ss-assign-problem-title", t.ignored));
      var list = el("ul", "ss-assign-problems");
      settings.problems.forEach(function (p) { list.appendChild(el("li", null, p)); });
      box.appendChild(list);
    }
    root.insertBefore(box, root.firstChild);
  }

  // ---- completion summary ----

  /** @param {Element} question */
  function promptOf(question) {
    var legend = question.querySelector(".ss-q-prompt, legend");
    if (!legend) return "";
    var clone = /** @type {Element} */ (legend.cloneNode(true));
    var num = clone.querySelector(".ss-q-num");
    if (num) num.remove();
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  /** @param {Element} question @param {number} index */
  function numberOf(question, index) {
    var num = question.querySelector(".ss-q-num");
    return num ? num.textContent.trim() : String(index + 1) + ".";
  }

  /** @param {SummaryData} data */
  function summaryText(data) {
    var lines = [data.t.summary, "", data.t.quiz + ": " + data.title, data.t.language + ": " + data.t.langName,
      data.t.when + ": " + data.when, data.t.score + ": " + data.scoreText];
    if (data.assignment) lines.push(data.t.assignmentLine + ": " + data.assignment);
    lines.push("", data.t.questions + ":");
    data.rows.forEach(function (row) {
      lines.push(row.number + " " + (row.correct ? "○ " + data.t.right : "× " + data.t.wrong) + " — " + row.prompt + " [" + row.id + "]");
    });
    lines.push("", "URL: " + data.url);
    return lines.join("\n");
  }

  /**
   * @param {HTMLElement} root
   * @param {QuizCompleteDetail} detail
   */
  function summarize(root, detail) {
    var lang = langOf(root);
    var t = stringsOf(root);
    var now = new Date();
    var when;
    try {
      when = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", { dateStyle: "long", timeStyle: "short" }).format(now);
    } catch (e) {
      when = now.toString();
    }
    /** @type {Record<string, HTMLElement>} */
    var byId = {};
    questionsOf(root).forEach(function (q) { byId[q.getAttribute("data-ss-question") || ""] = q; });
    var rows = (detail.results || []).map(function (r, i) {
      var q = byId[r.questionId];
      return { id: String(r.questionId), correct: !!r.correct, number: q ? numberOf(q, i) : String(i + 1) + ".", prompt: q ? promptOf(q) : "" };
    });
    var heading = document.querySelector(".md-content h1");
    var info = assignments.get(root);
    /** @type {SummaryData} */
    var data = {
      t: t, rows: rows, when: when + " (" + now.toISOString() + ")",
      title: heading ? heading.textContent.replace(/¶\s*$/, "").trim() : String(detail.quizId),
      scoreText: fmt(t.scoreText, { s: detail.score, t: detail.total }),
      assignment: info ? fmt(t.assignment, { n: info.ids.length, t: info.total }) + "; " +
        (info.order === "shuffle" ? fmt(t.shuffled, { s: info.seed }) : t.fixed) : "",
      url: window.location.href.split("#")[0]
    };

    var parent = root.parentNode;
    if (!parent) return;
    var old = parent.querySelector('[data-ss-summary="' + CSS.escape(String(detail.quizId)) + '"]');
    if (old) old.remove();
    var box = el("section", "ss-summary");
    box.setAttribute("data-ss-summary", String(detail.quizId));
    box.setAttribute("aria-labelledby", "ss-summary-title");
    box.appendChild(el("h2", null, t.summary)).id = "ss-summary-title";
    var dl = el("dl", "ss-summary-facts");
    [[t.quiz, data.title], [t.language, t.langName], [t.when, data.when], [t.score, data.scoreText]]
      .concat(data.assignment ? [[t.assignmentLine, data.assignment]] : [])
      .forEach(function (pair) { dl.appendChild(el("dt", null, pair[0])); dl.appendChild(el("dd", null, pair[1])); });
    box.appendChild(dl);
    box.appendChild(el("h3", null, t.questions));
    var list = el("ol", "ss-summary-list");
    rows.forEach(function (row) {
      var li = el("li", row.correct ? "ss-summary-right" : "ss-summary-wrong");
      li.setAttribute("data-ss-summary-question", row.id);
      li.setAttribute("data-ss-correct", row.correct ? "1" : "0");
      li.appendChild(el("span", "ss-summary-mark", row.correct ? "○ " + t.right : "× " + t.wrong));
      li.appendChild(document.createTextNode(" " + row.number + " " + row.prompt));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(el("p", "ss-summary-local", t.local));
    var bar = el("p", "ss-summary-bar");
    var print = el("button", "ss-btn", t.print);
    print.type = "button";
    var copy = el("button", "ss-btn", t.copy);
    copy.type = "button";
    bar.appendChild(print);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(copy);
    box.appendChild(bar);
    var status = el("p", "ss-summary-status");
    status.setAttribute("role", "status");
    box.appendChild(status);
    var text = el("textarea", "ss-summary-text");
    text.readOnly = true;
    text.rows = Math.min(16, rows.length + 10);
    text.value = summaryText(data);
    text.setAttribute("aria-label", t.copy);
    text.setAttribute("data-ss-summary-text", "");
    box.appendChild(text);

    print.addEventListener("click", function () {
      document.body.classList.add("ss-printing-summary");
      window.addEventListener("afterprint", function done() {
        document.body.classList.remove("ss-printing-summary");
        window.removeEventListener("afterprint", done);
      });
      window.print();
    });
    copy.addEventListener("click", function () {
      ss.copy(text.value, text).then(function (done) { status.textContent = done ? t.copied : t.copyFailed; });
    });
    parent.insertBefore(box, root.nextSibling);
  }

  window.ssQuizPlugins = window.ssQuizPlugins || [];
  window.ssQuizPlugins.push({ name: "assignment", beforeMount: beforeMount });
  // quiz.js calls this when a quiz is complete (it loads this file first).
  window.ssAssignment = { summarize: summarize };
})();
