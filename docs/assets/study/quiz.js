// @ts-check
/* Quiz runtime, loaded only on quiz pages (overrides/study/quiz.html); uses the
 * shared core window.ss (core.js). Binds every [data-ss-quiz] root once, also
 * after instant navigation. Input and storage are only used as text.
 *
 * Progress format ("ss-quiz:v1", with f: right at the first attempt), plugins
 * (window.ssQuizPlugins) and events (ss-quiz-checked, ss-quiz-complete):
 * quizzes/README.md; the types named here: types/study.d.ts. The teacher's
 * assignment links and the completion summary live in assignment.js, which this
 * script loads only when a page needs it: opened from an assignment link
 * (before binding, as a plugin), or when a quiz is complete (for the summary).
 * The site serves this file without its comment lines (hooks/lean_assets.py).
 */
(function () {
  "use strict";
  var ss = window.ss;
  var own = Object.prototype.hasOwnProperty;

  var progressStore = ss.store("ss-quiz", 1, function (value) {
    var data = /** @type {QuizProgress} */ (value);
    return data && data.v === 1 && data.q && typeof data.q === "object" && !Array.isArray(data.q) ? data : null;
  });

  /** @returns {QuizProgress} */
  function loadProgress() {
    return progressStore.load() || { v: 1, q: {} };
  }

  /** @param {string} questionId @param {QuizQuestionState | null} state null forgets the question */
  function saveState(questionId, state) {
    var progress = loadProgress();
    if (state) progress.q[questionId] = state;
    else delete progress.q[questionId];
    progressStore.save(progress);
  }

  // Same rules as hooks/studykit/quiz/normalize.py (tests run both on one table).
  /** @param {string} text */
  function norm(text) {
    return ss.fold(text).replace(/[\sー〜〰⁓~。、・,.!?！？「」『』"'“”‘’()（）\[\]]+/g, "");
  }

  /**
   * The matches as an array; typed loosely (any), as the quiz's markup is ours.
   * @param {ParentNode} parent @param {string} selector @returns {any[]}
   */
  function all(parent, selector) {
    return Array.prototype.slice.call(parent.querySelectorAll(selector));
  }

  /** @param {unknown} x @param {number} count */
  function isIndex(x, count) {
    return typeof x === "number" && x === (x | 0) && x >= 0 && x < count;
  }

  /** @param {Element} element @param {string} attribute */
  function indexOf(element, attribute) {
    return Number(element.getAttribute(attribute));
  }

  /**
   * Mark a control right or wrong: a class on `element`, "✓ …"/"✗ …" in `box`.
   * @param {Element} element @param {boolean} right @param {Strings} t @param {Element} [box]
   */
  function mark(element, right, t, box) {
    var target = box || element;
    var label = target.querySelector(".ss-mark") || target.appendChild(document.createElement("span"));
    label.className = "ss-mark";
    label.textContent = right ? "✓ " + t.ok : "✗ " + t.ng;
    element.classList.toggle("ss-ok", right);
    element.classList.toggle("ss-ng", !right);
  }

  // One builder per question type, each returning a QuizKind: read the answer
  // (null if none), set it, check a saved one's shape, grade it.

  /** @param {QuizQuestion} q @param {Strings} t @returns {QuizKind} */
  function choiceKind(q, t) {
    var options = all(q.el, "[data-ss-opt]");
    var multiple = q.type === "multiple";
    /** @param {Element} option */
    var input = function (option) { return all(option, "input")[0]; };
    return {
      isChoice: true,
      get: function () {
        var picked = options.filter(function (o) { return input(o).checked; })
          .map(function (o) { return indexOf(o, "data-ss-opt"); });
        if (!picked.length) return null;
        return multiple ? picked : picked[0];
      },
      set: function (answer) {
        options.forEach(function (o) {
          var value = indexOf(o, "data-ss-opt");
          input(o).checked = multiple ? answer.indexOf(value) >= 0 : answer === value;
        });
      },
      valid: function (answer) {
        if (q.type === "truefalse") return answer === 0 || answer === 1;
        if (!multiple) return isIndex(answer, options.length);
        return Array.isArray(answer) && answer.length > 0 &&
          answer.every(function (x) { return isIndex(x, options.length); });
      },
      grade: function (answer, showAll) {
        /** @type {number[]} */
        var chosen = [].concat(answer), right = true, missed = false;
        options.forEach(function (o) {
          var correct = o.hasAttribute("data-ss-ok");
          var picked = chosen.indexOf(indexOf(o, "data-ss-opt")) >= 0;
          var feedback = all(o, "[data-ss-fb]")[0];
          if (picked !== correct) right = false;
          if (correct && !picked) missed = true;
          if (picked || (showAll && correct)) {
            mark(o, correct, t, o.querySelector("label"));
            if (feedback) feedback.hidden = false;
          } else if (showAll && feedback) {
            feedback.hidden = false;
          }
        });
        return [right, missed && multiple && !showAll ? t.missed : ""];
      }
    };
  }

  /** @param {QuizQuestion} q @param {Strings} t @returns {QuizKind} */
  function fillKind(q, t) {
    // Found inside q.el, so it has a parent element.
    /** @type {HTMLInputElement & { parentElement: HTMLElement }} */
    var input = all(q.el, "[data-ss-in]")[0];
    var accepted = JSON.parse(q.el.getAttribute("data-ss-accept") || "[]").map(norm);
    input.addEventListener("keydown", function (event) {
      // Enter also confirms an IME conversion; only a plain Enter checks.
      if (event.key === "Enter" && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        q.check();
      }
    });
    return {
      get: function () { return input.value.trim() ? input.value : null; },
      set: function (answer) { input.value = answer; },
      valid: function (answer) { return typeof answer === "string" && answer.length <= 200; },
      grade: function (answer) {
        var given = norm(answer), right = accepted.indexOf(given) >= 0;
        all(q.el, "[data-ss-dist]").forEach(function (distractor) {
          var answers = JSON.parse(distractor.getAttribute("data-ss-dist")).map(norm);
          if (!right && answers.indexOf(given) >= 0) distractor.hidden = false;
        });
        mark(input.parentElement, right, t);
        return [right, ss.fmt(t.mine, { a: answer })];
      }
    };
  }

  /** @param {QuizQuestion} q @param {Strings} t @returns {QuizKind} */
  function orderKind(q, t) {
    var list = all(q.el, "[data-ss-list]")[0];
    var items = all(list, "li");
    /** @param {Element} item */
    var text = function (item) { return all(item, "span")[0].textContent; };
    var shownOrder = function () { return all(list, "li").map(function (item) { return indexOf(item, "data-ss-item"); }); };
    items.forEach(function (item) {
      [{ name: "up", arrow: "↑" }, { name: "down", arrow: "↓" }].forEach(function (move) {
        var button = item.appendChild(document.createElement("button"));
        button.type = "button";
        button.className = "ss-move";
        button.textContent = move.arrow;
        button.setAttribute("aria-label", t[move.name] + ": " + text(item));
        button.addEventListener("click", function () {
          var up = move.name === "up";
          var neighbour = up ? item.previousElementSibling : item.nextElementSibling;
          if (!neighbour) return;
          list.insertBefore(item, up ? neighbour : neighbour.nextSibling);
          button.focus();
          q.status(ss.fmt(t.moved, { n: all(list, "li").indexOf(item) + 1, t: text(item) }));
          q.store();
        });
      });
    });
    var initial = shownOrder();
    return {
      get: shownOrder,
      /** @param {number[]} answer */
      set: function (answer) {
        answer.forEach(function (index) {
          list.appendChild(items.filter(function (item) { return indexOf(item, "data-ss-item") === index; })[0]);
        });
      },
      valid: function (answer) {
        // A permutation of 0…n-1; numeric sort (a plain sort() puts 10 before 2).
        return Array.isArray(answer) && answer.length === items.length &&
          answer.slice().sort(function (x, y) { return x - y; }).every(function (x, i) { return x === i; });
      },
      /** @param {number[]} answer */
      grade: function (answer) {
        all(list, "li").forEach(function (item, i) { mark(item, indexOf(item, "data-ss-item") === i, t); });
        return [answer.every(function (x, i) { return x === i; }), ""];
      },
      reset: function () { this.set(initial); },
      controls: all(list, "button")
    };
  }

  /** @param {QuizQuestion} q @param {Strings} t @returns {QuizKind} */
  function matchKind(q, t) {
    var selects = all(q.el, "[data-ss-sel]");
    return {
      get: function () {
        var answer = selects.map(function (s) { return s.value === "" ? null : Number(s.value); });
        return answer.indexOf(null) < 0 ? answer : null;
      },
      set: function (answer) {
        selects.forEach(function (s, i) { s.value = answer[i] == null ? "" : String(answer[i]); });
      },
      valid: function (answer) {
        return Array.isArray(answer) && answer.length === selects.length &&
          answer.every(function (x) { return x === null || isIndex(x, selects.length); });
      },
      /** @param {(number | null)[]} answer */
      grade: function (answer) {
        selects.forEach(function (s, i) { mark(s.parentElement, answer[i] === i, t); });
        return [answer.every(function (x, i) { return x === i; }), ""];
      }
    };
  }

  /** @param {QuizQuestion} q @param {Strings} t @returns {QuizKind} */
  function kindOf(q, t) {
    if (q.el.querySelector("[data-ss-opt]")) return choiceKind(q, t);
    if (q.type === "fill") return fillKind(q, t);
    if (q.type === "order") return orderKind(q, t);
    return matchKind(q, t);
  }

  /** @param {HTMLElement} root */
  function bind(root) {
    root.setAttribute("data-ss-bound", "");
    (window.ssQuizPlugins || []).forEach(function (plugin) {
      try {
        if (typeof plugin === "function") plugin(root);
        else plugin.beforeMount(root);
      } catch (error) { console.error(error); }
    });
    /** @type {Strings} */
    var t = JSON.parse(root.getAttribute("data-ss-t") || "{}");
    var quizId = root.getAttribute("data-ss-quiz"), lang = root.getAttribute("data-ss-lang");
    var stored = loadProgress().q;
    /** @type {QuizQuestion[]} */
    var questions = [];
    var wasComplete = false;
    var progressLine = all(root, "[data-ss-progress]")[0], scoreLine = all(root, "[data-ss-score]")[0];
    /** @param {(q: QuizQuestion) => boolean} test */
    var count = function (test) { return questions.filter(test).length; };

    /** @returns {QuizTally} */
    function tally() {
      var done = count(function (q) { return q.st.c !== undefined || !!q.st.s; });
      var right = count(function (q) { return q.st.c === true; });
      var first = count(function (q) { return q.st.f === true; });
      var complete = done === questions.length;
      progressLine.textContent = ss.fmt(t.progress, { d: done, t: questions.length });
      scoreLine.textContent = complete
        ? ss.fmt(t.score, { s: right, t: questions.length }) + ss.fmt(t.first, { f: first }) : "";
      return { right: right, complete: complete, first: first };
    }

    /** @param {QuizTally} result @param {boolean} [restored] */
    function complete(result, restored) {
      var justCompleted = result.complete && !wasComplete;
      wasComplete = result.complete;
      if (!justCompleted) return;
      /** @type {QuizCompleteDetail} */
      var detail = {
        quizId: quizId, lang: lang, score: result.right, firstScore: result.first, total: questions.length,
        results: questions.map(function (q) {
          return { questionId: q.id, correct: q.st.c === true, first: q.st.f === true };
        })
      };
      if (restored) detail.restored = true;
      root.dispatchEvent(new CustomEvent("ss-quiz-complete", { bubbles: true, detail: detail }));
      // The printable completion summary is in assignment.js, fetched when first needed.
      ss.load("assignment").then(function () { if (window.ssAssignment) window.ssAssignment.summarize(root, detail); },
        function (error) { console.error(error); });
    }

    all(root, "[data-ss-question]").forEach(function (el, position) {
      // Its methods are set below, before anything can call them.
      var q = /** @type {QuizQuestion} */ ({ id: el.getAttribute("data-ss-question"), type: el.getAttribute("data-ss-type"), el: el, st: {} });
      /** @param {string} selector */
      var find = function (selector) { return all(el, selector)[0]; };
      var status = find("[data-ss-status]"), key = find("[data-ss-key]");
      var solution = find("[data-ss-sol]");
      /** @param {string} action */
      var button = function (action) { return find('[data-ss-act="' + action + '"]'); };
      var kind = kindOf(q, t);
      var controls = kind.controls || all(el, "input,select");
      var number = find(".ss-q-num");
      number.textContent = number.textContent.replace(/\d+/, String(position + 1)); // plugins may drop or reorder questions
      key.tabIndex = -1;
      q.status = function (text) { status.textContent = text; };
      q.store = function () {
        var answer = kind.get();
        q.st.a = answer;
        var empty = answer === null && !q.st.s && q.st.c === undefined && q.st.f === undefined;
        saveState(q.id, empty ? null : q.st);
      };

      // Shown feedback describes the controls; the control focused after a check
      // is described by the whole result, so "why" is heard, not only "wrong".
      /** @param {HTMLElement} [focused] */
      function describe(focused) {
        var shown = all(el, "[data-ss-fb],[data-ss-dist],[data-ss-fbr]").filter(function (f) { return !f.hidden; });
        controls.concat(button("retry"), key).forEach(function (control) {
          var option = control.closest("[data-ss-opt]");
          var by = option ? shown.filter(function (f) { return option.contains(f); })
            : control.matches("input,select") ? shown : [];
          if (control === focused) {
            by = [status].concat(shown, solution.hidden ? [] : [find(".ss-expl")], scoreLine.textContent ? [scoreLine] : []);
          }
          if (by.length) control.setAttribute("aria-describedby", by.map(function (x) { return x.id; }).join(" "));
          else control.removeAttribute("aria-describedby");
        });
      }

      function clear() {
        all(el, "[data-ss-fb],[data-ss-dist],[data-ss-fbr]").forEach(function (f) { f.hidden = true; });
        all(el, ".ss-mark").forEach(function (m) { m.remove(); });
        all(el, ".ss-ok,.ss-ng").forEach(function (m) { m.classList.remove("ss-ok", "ss-ng"); });
        controls.forEach(function (c) { c.disabled = false; });
        status.textContent = "";
        solution.hidden = true;
        button("check").hidden = button("show").hidden = false;
        button("retry").hidden = true;
      }

      function paint() {
        clear();
        var st = q.st;
        if (st.c !== undefined || st.s) {
          var answered = st.a !== null && st.a !== undefined;
          var graded = answered ? kind.grade(st.a, st.s) : kind.isChoice ? kind.grade([], true) : [false, ""];
          if (st.c !== undefined) {
            var overall = find('[data-ss-fbr="' + (st.c ? 1 : 0) + '"]');
            if (overall) overall.hidden = false;
            status.textContent = (st.c ? "✓ " + t.ok : "✗ " + t.ng) + (graded[1] ? " " + graded[1] : "") + (st.s ? " " + t.shown : "");
          } else {
            status.textContent = t.shown;
          }
          controls.forEach(function (c) { c.disabled = true; });
          solution.hidden = false;
          solution.open = true;
          key.hidden = !(st.c || st.s);
          solution.querySelector("summary").textContent = key.hidden ? t.expl : solution.getAttribute("data-ss-title");
          button("check").hidden = true;
          button("show").hidden = !!st.s;
          button("retry").hidden = false;
        }
        describe();
      }
      solution.setAttribute("data-ss-title", solution.querySelector("summary").textContent);

      // After a check or "show", focus goes to the answer key when it is shown (an
      // accidental Enter there cannot wipe a right answer), else to "Try again".
      /** @param {QuizTally} result */
      function afterGrading(result) {
        var focused = key.hidden ? button("retry") : key;
        describe(focused);
        focused.focus();
        complete(result);
      }

      q.check = function () {
        var answer = kind.get();
        if (answer === null) {
          status.textContent = q.type === "fill" ? t.emptyfill : t.empty;
          return;
        }
        var right = kind.grade(answer)[0];
        q.st = { a: answer, c: right, f: q.st.f === undefined ? right : q.st.f };
        saveState(q.id, q.st);
        paint();
        var result = tally();
        root.dispatchEvent(new CustomEvent("ss-quiz-checked", { bubbles: true, detail: {
          quizId: quizId, questionId: q.id, correct: right, score: result.right, total: questions.length } }));
        afterGrading(result);
      };
      button("check").addEventListener("click", q.check);
      button("show").addEventListener("click", function () {
        q.st.a = kind.get();
        q.st.s = true;
        if (q.st.f === undefined) q.st.f = false;
        saveState(q.id, q.st);
        paint();
        afterGrading(tally());
      });
      button("retry").addEventListener("click", function () {
        q.st = { a: kind.get(), f: q.st.f };
        q.store();
        paint();
        (controls[0] || el).focus();
        complete(tally());
      });
      if (q.type !== "order") controls.forEach(function (c) { c.addEventListener("change", q.store); });
      q.reset = function () {
        q.st = {};
        saveState(q.id, null);
        if (kind.reset) kind.reset();
        else kind.set(q.type === "fill" ? "" : []);
        paint();
      };

      // Restore saved progress; anything of the wrong shape is ignored.
      var saved = own.call(stored, q.id) && stored[q.id];
      if (saved && typeof saved === "object") {
        if (kind.valid(saved.a)) { kind.set(saved.a); q.st.a = saved.a; }
        if ((saved.c === true || saved.c === false) && q.st.a !== undefined) q.st.c = saved.c;
        if (saved.s === true) q.st.s = true;
        // Progress saved before first attempts were kept: the last result stands in.
        q.st.f = saved.f === true || saved.f === false ? saved.f : q.st.s ? false : q.st.c;
      }
      paint();
      questions.push(q);
      find("[data-ss-bar]").hidden = false;
    });

    all(root, '[data-ss-act="reset"]')[0].addEventListener("click", function () {
      questions.forEach(function (q) { q.reset(); });
      complete(tally());
      if (questions[0]) (all(questions[0].el, "input,select,button")[0] || questions[0].el).focus();
    });
    // A quiz finished before a reload or a language switch is complete again.
    complete(tally(), true);
    all(root, "[data-ss-qbar]")[0].hidden = false;
    root.classList.add("ss-js");
  }

  // Material's own query parameters: the search query and its highlight. Any
  // other parameter makes this an assignment link (assignment.js also reports
  // parameters it does not know, so a teacher's typo shows).
  var MATERIAL_PARAMETERS = ["q", "h"];

  function fromAssignmentLink() {
    var other = false;
    new URLSearchParams(window.location.search).forEach(function (value, name) {
      if (MATERIAL_PARAMETERS.indexOf(name) < 0) other = true;
    });
    return other;
  }

  /** @param {HTMLElement} root */
  function mountQuiz(root) {
    if (!fromAssignmentLink()) return bind(root);
    // Its plugin runs before binding; if it fails to load, the whole quiz is shown.
    ss.load("assignment").then(function () { bind(root); }, function (error) {
      console.error(error);
      bind(root);
    });
  }

  // mount() binds quiz roots added since (tests add them); norm() is tested against Python's.
  window.ssQuiz = { mount: ss.mount("[data-ss-quiz]", mountQuiz), norm: norm };
})();
