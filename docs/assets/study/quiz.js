/* Quiz runtime: dependency-free, loaded only on quiz pages (overrides/study/quiz.html).
 * Binds every [data-ss-quiz] root once, also after instant navigation. Input and
 * storage are only used as text. Progress format ("ss-quiz:v1", with f: right at
 * the first attempt), plugins (window.ssQuizPlugins, loaded before this file) and
 * events (ss-quiz-checked, ss-quiz-complete): quizzes/README.md.
 */
(function () {
  "use strict";
  if (window.ssQuiz) return window.ssQuiz.mount(); // script re-run by instant navigation
  var KEY = "ss-quiz:v1";
  var own = Object.prototype.hasOwnProperty;

  // Same rules as hooks/studykit/quiz/normalize.py.
  function norm(s) {
    return s.normalize("NFKC").toLowerCase()
      .replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 96); })
      .replace(/[\sー〜〰⁓~。、・,.!?！？「」『』"'“”‘’()（）\[\]]+/g, "");
  }

  function load() {
    try {
      var d = JSON.parse(localStorage.getItem(KEY));
      if (d && d.v === 1 && d.q && typeof d.q == "object" && !Array.isArray(d.q)) return d;
    } catch (e) { /* unavailable or corrupt: start empty */ }
    return { v: 1, q: {} };
  }
  function save(id, st) {
    var d = load();
    if (st) d.q[id] = st; else delete d.q[id];
    try { localStorage.setItem(KEY, JSON.stringify(d)); } catch (e) { /* private mode, quota */ }
  }

  var all = function (el, sel) { return Array.prototype.slice.call(el.querySelectorAll(sel)); };
  var isInt = function (x, n) { return x === (x | 0) && x >= 0 && x < n; };
  // A function replacement: "$&" in a value stays text.
  function fmt(s, v) { return s.replace(/\{(\w)\}/g, function (m, k) { return own.call(v, k) ? v[k] : m; }); }
  function mark(el, ok, t, box) {
    box = box || el;
    var m = box.querySelector(".ss-mark") || box.appendChild(document.createElement("span"));
    m.className = "ss-mark";
    m.textContent = ok ? "✓ " + t.ok : "✗ " + t.ng;
    el.classList.toggle("ss-ok", ok);
    el.classList.toggle("ss-ng", !ok);
  }

  // Per type: get() current answer or null, set(a), valid(a), grade(a, show) -> correct.
  function kinds(q, el, t) {
    var opts = all(el, "[data-ss-opt]"), ins = all(el, "input,select");
    var choice = {
      choice: true,
      get: function () {
        var a = opts.filter(function (o) { return o.querySelector("input").checked; })
          .map(function (o) { return +o.getAttribute("data-ss-opt"); });
        return q.type == "multiple" ? (a.length ? a : null) : (a.length ? a[0] : null);
      },
      set: function (a) {
        opts.forEach(function (o) {
          var v = +o.getAttribute("data-ss-opt");
          o.querySelector("input").checked = q.type == "multiple" ? a.indexOf(v) >= 0 : a === v;
        });
      },
      valid: function (a) {
        return q.type == "multiple"
          ? Array.isArray(a) && a.length > 0 && a.every(function (x) { return isInt(x, opts.length); })
          : isInt(a, opts.length);
      },
      grade: function (a, show) {
        var chosen = [].concat(a), ok = true, missed = false;
        opts.forEach(function (o, i) {
          var right = o.hasAttribute("data-ss-ok"), picked = chosen.indexOf(+o.getAttribute("data-ss-opt")) >= 0, fb = o.querySelector("[data-ss-fb]");
          if (picked != right) ok = false;
          if (right && !picked) missed = true;
          if (picked || show && right) { mark(o, right, t, o.querySelector("label")); if (fb) fb.hidden = false; }
          else if (show && fb) fb.hidden = false;
        });
        return [ok, missed && q.type == "multiple" && !show ? t.missed : ""];
      }
    };
    if (q.type == "truefalse") choice.valid = function (a) { return a === 0 || a === 1; };
    if (opts.length) return choice;
    if (q.type == "fill") {
      var input = el.querySelector("[data-ss-in]");
      var accept = JSON.parse(el.getAttribute("data-ss-accept")).map(norm);
      input.addEventListener("keydown", function (e) {
        // Enter confirms an IME conversion; only a plain Enter checks.
        if (e.key == "Enter" && !e.isComposing && e.keyCode != 229) { e.preventDefault(); q.check(); }
      });
      return {
        get: function () { return input.value.trim() ? input.value : null; },
        set: function (a) { input.value = a; },
        valid: function (a) { return typeof a == "string" && a.length <= 200; },
        grade: function (a) {
          var n = norm(a), ok = accept.indexOf(n) >= 0;
          all(el, "[data-ss-dist]").forEach(function (d) {
            if (!ok && JSON.parse(d.getAttribute("data-ss-dist")).map(norm).indexOf(n) >= 0) d.hidden = false;
          });
          mark(input.parentNode, ok, t);
          return [ok, fmt(t.mine, { a: a })];
        }
      };
    }
    if (q.type == "order") {
      var list = el.querySelector("[data-ss-list]"), items = all(list, "li");
      var text = function (li) { return li.querySelector("span").textContent; };
      items.forEach(function (li) {
        [["up", "↑", -1], ["down", "↓", 1]].forEach(function (b) {
          var btn = li.appendChild(document.createElement("button"));
          btn.type = "button";
          btn.className = "ss-move";
          btn.textContent = b[1];
          btn.setAttribute("aria-label", t[b[0]] + ": " + text(li));
          btn.addEventListener("click", function () {
            var sib = b[2] < 0 ? li.previousElementSibling : li.nextElementSibling;
            if (!sib) return;
            list.insertBefore(li, b[2] < 0 ? sib : sib.nextSibling);
            btn.focus();
            q.status(fmt(t.moved, { n: all(list, "li").indexOf(li) + 1, t: text(li) }));
            q.store();
          });
        });
      });
      var ids = function () { return all(list, "li").map(function (li) { return +li.getAttribute("data-ss-item"); }); };
      var start = ids();
      ins = all(list, "button");
      return {
        get: ids,
        set: function (a) {
          a.forEach(function (i) { list.appendChild(items.filter(function (li) { return +li.getAttribute("data-ss-item") == i; })[0]); });
        },
        valid: function (a) {
          return Array.isArray(a) && a.length == items.length && a.slice().sort(function (x, y) { return x - y; }).every(function (x, i) { return x === i; });
        },
        grade: function (a) {
          all(list, "li").forEach(function (li, i) { mark(li, +li.getAttribute("data-ss-item") == i, t); });
          return [a.every(function (x, i) { return x === i; }), ""];
        },
        reset: function () { this.set(start); },
        ins: ins
      };
    }
    // match
    var sels = all(el, "[data-ss-sel]");
    return {
      get: function () {
        var a = sels.map(function (s) { return s.value === "" ? null : +s.value; });
        return a.indexOf(null) < 0 ? a : null;
      },
      set: function (a) { sels.forEach(function (s, i) { s.value = a[i] == null ? "" : String(a[i]); }); },
      valid: function (a) {
        return Array.isArray(a) && a.length == sels.length && a.every(function (x) { return x === null || isInt(x, sels.length); });
      },
      grade: function (a) {
        sels.forEach(function (s, i) { mark(s.parentNode, a[i] === i, t); });
        return [a.every(function (x, i) { return x === i; }), ""];
      }
    };
  }

  function bind(root) {
    root.setAttribute("data-ss-bound", "");
    (window.ssQuizPlugins || []).forEach(function (p) {
      try { typeof p == "function" ? p(root) : p.beforeMount(root); } catch (e) { console.error(e); }
    });
    var t = JSON.parse(root.getAttribute("data-ss-t"));
    var quizId = root.getAttribute("data-ss-quiz"), lang = root.getAttribute("data-ss-lang");
    var stored = load().q, qs = [], wasDone = false;
    var progress = root.querySelector("[data-ss-progress]"), score = root.querySelector("[data-ss-score]");
    var count = function (f) { return qs.filter(f).length; };

    // [right, complete, right at the first attempt]
    function tally() {
      var done = count(function (q) { return q.st.c !== undefined || q.st.s; });
      var right = count(function (q) { return q.st.c === true; }), first = count(function (q) { return q.st.f === true; });
      progress.textContent = fmt(t.progress, { d: done, t: qs.length });
      var complete = done == qs.length;
      score.textContent = complete ? fmt(t.score, { s: right, t: qs.length }) + fmt(t.first, { f: first }) : "";
      return [right, complete, first];
    }

    all(root, "[data-ss-question]").forEach(function (el, n) {
      var q = { id: el.getAttribute("data-ss-question"), type: el.getAttribute("data-ss-type"), el: el, st: {} };
      var $ = function (s) { return el.querySelector(s); };
      var status = $("[data-ss-status]"), sol = $("[data-ss-sol]"), key = $("[data-ss-key]");
      var btn = function (a) { return $('[data-ss-act="' + a + '"]'); };
      var k = kinds(q, el, t), ins = k.ins || all(el, "input,select");
      var num = $(".ss-q-num");
      num.textContent = num.textContent.replace(/\d+/, n + 1); // plugins may drop or reorder questions
      key.tabIndex = -1;
      q.status = function (s) { status.textContent = s; };
      q.store = function () { var a = k.get(); q.st.a = a; save(q.id, a === null && !q.st.s && q.st.c === undefined && q.st.f === undefined ? null : q.st); };

      // Shown feedback describes the controls; the control focused after a check
      // is described by the whole result, so "why" is heard, not only "wrong".
      function describe(to) {
        var fbs = all(el, "[data-ss-fb],[data-ss-dist],[data-ss-fbr]").filter(function (f) { return !f.hidden; });
        ins.concat(btn("retry"), key).forEach(function (i) {
          var o = i.closest("[data-ss-opt]"), f = o ? fbs.filter(function (x) { return o.contains(x); }) : i.matches("input,select") ? fbs : [];
          if (i == to) f = [status].concat(fbs, sol.hidden ? [] : $(".ss-expl"), score.textContent ? score : []);
          f.length ? i.setAttribute("aria-describedby", f.map(function (x) { return x.id; }).join(" ")) : i.removeAttribute("aria-describedby");
        });
      }
      function clear() {
        all(el, "[data-ss-fb],[data-ss-dist],[data-ss-fbr]").forEach(function (f) { f.hidden = true; });
        all(el, ".ss-mark").forEach(function (m) { m.remove(); });
        all(el, ".ss-ok,.ss-ng").forEach(function (m) { m.classList.remove("ss-ok", "ss-ng"); });
        ins.forEach(function (i) { i.disabled = false; });
        status.textContent = "";
        sol.hidden = true;
        btn("check").hidden = btn("show").hidden = false;
        btn("retry").hidden = true;
      }
      function paint() {
        clear();
        var st = q.st, done = st.c !== undefined || st.s;
        if (done) {
          var has = st.a !== null && st.a !== undefined;
          var r = has ? k.grade(st.a, st.s) : k.choice ? k.grade([], true) : [false, ""];
          if (st.c !== undefined) {
            var fbr = $('[data-ss-fbr="' + (st.c ? 1 : 0) + '"]');
            if (fbr) fbr.hidden = false;
            status.textContent = (st.c ? "✓ " + t.ok : "✗ " + t.ng) + (r[1] ? " " + r[1] : "") + (st.s ? " " + t.shown : "");
          } else status.textContent = t.shown;
          ins.forEach(function (i) { i.disabled = true; });
          sol.hidden = false;
          sol.open = true;
          key.hidden = !(st.c || st.s);
          sol.querySelector("summary").textContent = key.hidden ? t.expl : sol.getAttribute("data-ss-title");
          btn("check").hidden = true;
          btn("show").hidden = !!st.s;
          btn("retry").hidden = false;
        }
        describe();
      }
      sol.setAttribute("data-ss-title", sol.querySelector("summary").textContent);

      // After a check or "show", focus goes to the answer key when it is shown (an
      // accidental Enter there cannot wipe a right answer), else to "Try again".
      function after(s) {
        var to = key.hidden ? btn("retry") : key;
        describe(to);
        to.focus();
        complete(s);
      }
      q.check = function () {
        var a = k.get();
        if (a === null) { status.textContent = q.type == "fill" ? t.emptyfill : t.empty; return; }
        var c = k.grade(a)[0];
        q.st = { a: a, c: c, f: q.st.f === undefined ? c : q.st.f };
        save(q.id, q.st);
        paint();
        var s = tally();
        root.dispatchEvent(new CustomEvent("ss-quiz-checked", { bubbles: true, detail: {
          quizId: quizId, questionId: q.id, correct: c, score: s[0], total: qs.length } }));
        after(s);
      };
      btn("check").addEventListener("click", q.check);
      btn("show").addEventListener("click", function () {
        q.st.a = k.get();
        q.st.s = true;
        if (q.st.f === undefined) q.st.f = false;
        save(q.id, q.st);
        paint();
        after(tally());
      });
      btn("retry").addEventListener("click", function () {
        q.st = { a: k.get(), f: q.st.f };
        q.store();
        paint();
        (ins[0] || el).focus();
        complete(tally());
      });
      ins.forEach(function (i) { if (q.type != "order") i.addEventListener("change", q.store); });
      q.reset = function () { q.st = {}; save(q.id, null); k.reset ? k.reset() : k.set(q.type == "fill" ? "" : []); paint(); };

      // Restore saved progress; anything of the wrong shape is ignored.
      var st = own.call(stored, q.id) && stored[q.id];
      if (st && typeof st == "object") {
        if (k.valid(st.a)) { k.set(st.a); q.st.a = st.a; }
        if ((st.c === true || st.c === false) && q.st.a !== undefined) q.st.c = st.c;
        if (st.s === true) q.st.s = true;
        // Progress saved before first attempts were kept: the last result stands in.
        q.st.f = st.f === true || st.f === false ? st.f : q.st.s ? false : q.st.c;
      }
      paint();
      qs.push(q);
      el.querySelector("[data-ss-bar]").hidden = false;
    });

    function complete(s, restored) {
      var fire = s[1] && !wasDone, d;
      wasDone = s[1];
      if (!fire) return;
      d = { quizId: quizId, lang: lang, score: s[0], firstScore: s[2], total: qs.length,
        results: qs.map(function (q) { return { questionId: q.id, correct: q.st.c === true, first: q.st.f === true }; }) };
      if (restored) d.restored = true;
      root.dispatchEvent(new CustomEvent("ss-quiz-complete", { bubbles: true, detail: d }));
    }
    root.querySelector('[data-ss-act="reset"]').addEventListener("click", function () {
      qs.forEach(function (q) { q.reset(); });
      complete(tally());
      if (qs[0]) (qs[0].el.querySelector("input,select,button") || qs[0].el).focus();
    });
    // A quiz finished before a reload or a language switch is complete again.
    complete(tally(), true);
    root.querySelector("[data-ss-qbar]").hidden = false;
    root.classList.add("ss-js");
  }

  function mount() { all(document, "[data-ss-quiz]:not([data-ss-bound])").forEach(bind); }
  window.ssQuiz = { mount: mount, norm: norm };
  // Instant navigation re-runs this script on every quiz page: subscribe once.
  if (window.document$ && !window.ssQuizSubscribed) {
    window.ssQuizSubscribed = true;
    window.document$.subscribe(mount);
  } else mount();
})();
