/* The player inside an exported SCORM package: step gating, grading (CaseappGrader, the twin
 * of caseapp/grading.py), feedback, and reporting to the LMS through the SCORM 1.2 or 2004 API.
 * Without an LMS it still works as a plain page; answers then live only in the page. */
(function () {
  "use strict";

  var DATA = window.CASEAPP_PLAYER;
  var G = window.CaseappGrader;
  var V12 = DATA.scormVersion === "1.2";
  var SUSPEND_LIMIT = 4000; // SCORM 1.2 allows 4,096 characters of suspend data
  var answers = {}; // question key -> {response, earned: "n/d"}
  var shownAt = Date.now();
  var sessionStart = Date.now();
  var finished = false;
  var current = "intro";

  // ---------------------------------------------------------------- the LMS, when there is one

  function findIn(win) {
    var name = V12 ? "API" : "API_1484_11";
    for (var tries = 0; win && tries < 10; tries++) {
      try {
        if (win[name]) return win[name];
      } catch (e) { return null; } // another origin: stop looking this way
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = findIn(window) || (window.opener ? findIn(window.opener) : null);
  var E = V12
    ? { location: "cmi.core.lesson_location", status: "cmi.core.lesson_status", raw: "cmi.core.score.raw",
        min: "cmi.core.score.min", max: "cmi.core.score.max", session: "cmi.core.session_time",
        exit: "cmi.core.exit", entry: "cmi.core.entry" }
    : { location: "cmi.location", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
        scaled: "cmi.score.scaled", session: "cmi.session_time", exit: "cmi.exit", entry: "cmi.entry" };

  var lms = {
    call: function (v12, v2004, args) {
      if (!api) return "";
      try { return String(api[V12 ? v12 : v2004].apply(api, args)); } catch (e) { return ""; }
    },
    init: function () { return this.call("LMSInitialize", "Initialize", [""]) === "true"; },
    get: function (el) { return this.call("LMSGetValue", "GetValue", [el]); },
    set: function (el, value) { return this.call("LMSSetValue", "SetValue", [el, String(value)]); },
    commit: function () { return this.call("LMSCommit", "Commit", [""]); },
    finish: function () { return this.call("LMSFinish", "Terminate", [""]); },
  };

  // ---------------------------------------------------------------- formats

  function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

  function duration(ms) {
    var total = Math.max(0, Math.round(ms / 10)) / 100; // seconds, two decimals
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total - h * 3600 - m * 60;
    if (V12) return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s.toFixed(2), 5);
    return "PT" + h + "H" + m + "M" + s.toFixed(2) + "S";
  }

  function clock(date) {
    var hms = pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
    if (V12) return hms;
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) + "T" + hms;
  }

  function points(fraction) { // "n/d" -> "1.67", like caseapp.text.points
    var f = G.parseFraction(fraction);
    var n = Number(f.n), d = Number(f.d);
    if (d === 1) return String(n);
    var cents = Math.floor((200 * n + d) / (2 * d));
    return (cents / 100).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  }

  // ---------------------------------------------------------------- interactions

  var TYPES = { single: "choice", multiple: "choice", ordering: "sequencing", matching: "matching",
                text: "fill-in", numeric: "numeric", hotspot: V12 ? "performance" : "other" };
  var SEP = V12 ? "," : "[,]";
  var DOT = V12 ? "." : "[.]";

  function number(id, list) { return String(list.indexOf(id) + 1); } // 1.2 wants short tokens

  function lmsResponse(q, response) {
    var spec = q.spec;
    switch (q.type) {
      case "single": return response.choice;
      case "multiple": return response.choices.join(SEP);
      case "ordering": return response.order.join(SEP);
      case "matching":
        return spec.premises.map(function (p) {
          return V12 ? number(p, spec.premises) + "." + number(response.pairs[p], spec.responses)
                     : p + DOT + response.pairs[p];
        }).join(SEP);
      case "text": return response.text.slice(0, 250);
      case "numeric": return String(response.value);
      case "hotspot": return response.points.map(function (p) { return p[0].toFixed(4) + "," + p[1].toFixed(4); }).join(";");
    }
    return "";
  }

  function lmsCorrect(q) {
    var spec = q.spec;
    switch (q.type) {
      case "single": return spec.correct;
      case "multiple": return spec.correct.join(SEP);
      case "ordering": return spec.correct.join(SEP);
      case "matching":
        return spec.premises.map(function (p) {
          return V12 ? number(p, spec.premises) + "." + number(spec.correct[p], spec.responses)
                     : p + DOT + spec.correct[p];
        }).join(SEP);
      case "text": return spec.accepted[0].slice(0, 250);
      case "numeric":
        if (V12) return String(spec.target);
        var tol = spec.tolerance || 0;
        return String(spec.target - tol) + "[:]" + String(spec.target + tol);
      case "hotspot": return "inside the target region";
    }
    return "";
  }

  function report(key, q, response, result, latencyMs) {
    var n = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
    var base = "cmi.interactions." + n + ".";
    var outcome = result.correct ? "correct" : (V12 ? "wrong" : "incorrect");
    if (result.partial) outcome = (Number(result.earned.n) / Number(result.earned.d) / q.points).toFixed(4);
    lms.set(base + "id", "q" + key);
    lms.set(base + "type", TYPES[q.type]);
    if (!V12) lms.set(base + "description", "Question " + q.number);
    lms.set(base + "weighting", q.points);
    lms.set(base + (V12 ? "student_response" : "learner_response"), lmsResponse(q, response));
    if (q.type !== "hotspot" || !V12) lms.set(base + "correct_responses.0.pattern", lmsCorrect(q));
    lms.set(base + "result", outcome);
    lms.set(base + "latency", duration(latencyMs));
    lms.set(base + (V12 ? "time" : "timestamp"), clock(new Date()));
  }

  // ---------------------------------------------------------------- suspend data (compact)

  function encode(q, response, textLimit) {
    switch (q.type) {
      case "single": return response.choice;
      case "multiple": return response.choices.join(".");
      case "ordering": return response.order.join(".");
      case "matching": return q.spec.premises.map(function (p) { return response.pairs[p]; }).join(".");
      case "text": return encodeURIComponent(Array.from(response.text).slice(0, textLimit).join(""));
      case "numeric": return String(response.value);
      case "hotspot": return response.points[0][0].toFixed(3) + "," + response.points[0][1].toFixed(3);
    }
    return "";
  }

  function decode(q, text) {
    switch (q.type) {
      case "single": return { choice: text };
      case "multiple": return { choices: text.split(".") };
      case "ordering": return { order: text.split(".") };
      case "matching":
        var pairs = {}, chosen = text.split(".");
        q.spec.premises.forEach(function (p, i) { pairs[p] = chosen[i]; });
        return { pairs: pairs };
      case "text": return { text: decodeURIComponent(text) };
      case "numeric": return { value: Number(text) };
      case "hotspot": var xy = text.split(","); return { points: [[Number(xy[0]), Number(xy[1])]] };
    }
    return null;
  }

  function suspendData() {
    // Scores are kept exactly; typed answers are shortened until everything fits.
    for (var textLimit = 40; ; textLimit = Math.floor(textLimit / 2)) {
      var text = "1|" + Object.keys(answers).map(function (key) {
        var a = answers[key];
        return key + "~" + a.earned + "~" + encode(DATA.questions[key], a.response, textLimit);
      }).join(";");
      if (text.length <= SUSPEND_LIMIT || textLimit === 0) return text;
    }
  }

  function restore(text) {
    if (!text || text.indexOf("1|") !== 0) return;
    text.slice(2).split(";").forEach(function (entry) {
      var first = entry.indexOf("~"), second = entry.indexOf("~", first + 1);
      if (first < 0 || second < 0) return;
      var key = entry.slice(0, first), q = DATA.questions[key];
      if (!q) return;
      try {
        answers[key] = { earned: entry.slice(first + 1, second), response: decode(q, entry.slice(second + 1)) };
        G.parseFraction(answers[key].earned);
      } catch (e) { delete answers[key]; }
    });
  }

  // ---------------------------------------------------------------- progress and score

  function stepComplete(step) { return step.questions.every(function (k) { return answers[k]; }); }

  function firstOpen() {
    for (var i = 0; i < DATA.steps.length; i++) if (!stepComplete(DATA.steps[i])) return DATA.steps[i].number;
    return null;
  }

  function unlocked(target) {
    var open = firstOpen();
    if (target === "summary") return open === null;
    if (target === "intro") return true;
    return open === null || Number(target) <= open;
  }

  function score() {
    var earned = G.parseFraction("0"), possible = 0;
    Object.keys(DATA.questions).forEach(function (key) {
      possible += DATA.questions[key].points;
      if (answers[key]) earned = earned.add(G.parseFraction(answers[key].earned));
    });
    var percent = G.percent(earned, possible);
    return { earned: G.fractionToString(earned), possible: possible, percent: percent,
             passed: G.passed(percent, DATA.passMark) };
  }

  function reportProgress() {
    var s = score(), done = firstOpen() === null;
    lms.set(E.min, 0);
    lms.set(E.max, 100);
    lms.set(E.raw, s.percent);
    if (V12) {
      lms.set(E.status, done ? (s.passed ? "passed" : "failed") : "incomplete");
    } else {
      lms.set(E.scaled, (s.percent / 100).toFixed(2));
      lms.set("cmi.completion_status", done ? "completed" : "incomplete");
      lms.set("cmi.success_status", done ? (s.passed ? "passed" : "failed") : "unknown");
    }
    lms.set("cmi.suspend_data", suspendData());
    lms.commit();
  }

  // ---------------------------------------------------------------- the page

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "html") node.innerHTML = attrs[k]; // only HTML sanitized at export
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function hotspotFigure(q, response) {
    var img = q.image, w = img.width, h = img.height;
    var overlay = svg("svg", { "class": "overlay", viewBox: "0 0 " + w + " " + h, "aria-hidden": "true", focusable: "false" });
    var defs = svg("defs", {}), marker = svg("marker", { id: "arrowhead-p" + q.number.replace(".", "-"), viewBox: "0 0 10 10",
      refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
    marker.appendChild(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", "class": "arrowhead" }));
    defs.appendChild(marker);
    overlay.appendChild(defs);
    q.spec.regions.forEach(function (r) {
      if (r.shape === "rect") overlay.appendChild(svg("rect", { x: r.x * w, y: r.y * h, width: r.w * w, height: r.h * h, "class": "region" }));
      if (r.shape === "ellipse") overlay.appendChild(svg("ellipse", { cx: r.cx * w, cy: r.cy * h, rx: r.rx * w, ry: r.ry * h, "class": "region" }));
      if (r.shape === "polygon") overlay.appendChild(svg("polygon", { points: r.points.map(function (p) { return p[0] * w + "," + p[1] * h; }).join(" "), "class": "region" }));
    });
    img.annotations.forEach(function (a) {
      if (a.type === "arrow") overlay.appendChild(svg("line", { x1: a.x1, y1: a.y1, x2: a.x2, y2: a.y2, "marker-end": "url(#" + marker.id + ")" }));
    });
    response.points.forEach(function (p) {
      overlay.appendChild(svg("circle", { cx: p[0] * w, cy: p[1] * h, r: 9, "class": "marker" }));
    });
    var frame = el("div", { "class": "frame" }, [el("img", { src: img.url, width: w, height: h, alt: img.alt })]);
    frame.appendChild(overlay);
    return el("figure", { "class": "figure" }, [frame,
      el("figcaption", { text: "The outlined region is the target; the dot is where you clicked. " + (img.caption || "") })]);
  }

  function review(key) {
    var q = DATA.questions[key], a = answers[key], data = q.data, response = a.response;
    var earned = G.parseFraction(a.earned);
    var full = earned.equals(G.parseFraction(String(q.points)));
    var partial = !full && Number(earned.n) > 0;
    var verdict = full ? "Correct" : partial ? "Partly correct" : "Incorrect";
    var rule = G.RULES[q.spec.rule || G.DEFAULT_RULES[q.type]];
    if (q.type === "hotspot" && (q.spec.required || 1) === 1) rule = DATA.oneClickRule;
    var box = el("div", { "class": "review " + (full ? "is-correct" : partial ? "is-partial" : "is-incorrect") }, [
      el("p", { "class": "verdict" }, [el("strong", { text: verdict }),
        document.createTextNode(": " + points(a.earned) + " of " + q.points + " point" + (q.points === 1 ? "" : "s") + ". "),
        el("span", { "class": "rule", text: rule })]),
    ]);
    if (q.type === "single" || q.type === "multiple") {
      var chosen = q.type === "single" ? [response.choice] : response.choices;
      box.appendChild(el("ul", { "class": "option-review" }, data.options.map(function (o) {
        var picked = chosen.indexOf(o.id) !== -1;
        return el("li", { "class": (o.correct ? "key" : "") + (picked ? " chosen" : "") }, [
          el("span", { "class": "option-text", text: o.text }),
          el("span", { "class": "tags" }, [picked ? el("span", { "class": "tag", text: "Your answer" }) : null,
            o.correct ? el("span", { "class": "tag tag-key", text: "Correct answer" }) : null]),
          el("span", { "class": "feedback", text: o.feedback || "" }),
        ]);
      })));
    } else if (q.type === "matching") {
      var texts = {};
      data.responses.forEach(function (r) { texts[r.id] = r.text; });
      box.appendChild(el("div", { "class": "table-scroll" }, [el("table", { "class": "pair-review" }, [
        el("thead", {}, [el("tr", {}, ["Item", "Your match", "Correct match", "Why"].map(function (t) { return el("th", { scope: "col", text: t }); }))]),
        el("tbody", {}, data.premises.map(function (p) {
          var mine = response.pairs[p.id], right = mine === p.correct;
          return el("tr", { "class": right ? "key" : "" }, [el("th", { scope: "row", text: p.text }),
            el("td", { text: (texts[mine] || "") + (right ? " ✓" : " ✗") }), el("td", { text: texts[p.correct] }),
            el("td", { text: p.feedback || "" })]);
        })),
      ])]));
    } else if (q.type === "ordering") {
      var items = {};
      data.items.forEach(function (i) { items[i.id] = i; });
      box.appendChild(el("div", { "class": "order-review" }, [
        el("div", {}, [el("h4", { text: "Your order" }), el("ol", {}, response.order.map(function (id) { return el("li", { text: items[id].text }); }))]),
        el("div", {}, [el("h4", { text: "Expected order" }), el("ol", {}, data.correct_order.map(function (id) {
          return el("li", {}, [el("strong", { text: items[id].text }), items[id].feedback ? document.createTextNode(": " + items[id].feedback) : null]);
        }))]),
      ]));
    } else {
      if (q.type === "text") box.appendChild(el("p", {}, [document.createTextNode("Your answer: "), el("q", { text: response.text }),
        document.createTextNode(". Expected: "), el("strong", { text: data.accepted[0] }), document.createTextNode(".")]));
      if (q.type === "numeric") box.appendChild(el("p", {}, [document.createTextNode("Your answer: " + response.value + " " + (data.unit || "") + ". Expected: "),
        el("strong", { text: data.target + " " + (data.unit || "") }), document.createTextNode(data.tolerance ? " (± " + data.tolerance + ")." : ".")]));
      if (q.type === "hotspot" && q.image) box.appendChild(hotspotFigure(q, response));
      var feedback = full ? data.feedback_correct : data.feedback_incorrect;
      if (feedback) box.appendChild(el("p", { "class": "feedback", text: feedback }));
    }
    if (q.explanationHtml) box.appendChild(el("div", { "class": "explanation" }, [el("h4", { text: "Explanation" }), el("div", { html: q.explanationHtml })]));
    return box;
  }

  function showAnswered(key) {
    var section = document.getElementById("q-" + key);
    var form = section && section.querySelector("form");
    if (!form) return;
    var stem = el("div", { "class": "stem", html: DATA.questions[key].stemHtml });
    form.replaceWith(stem);
    stem.after(review(key));
  }

  // ---------------------------------------------------------------- reading an answer

  function refuse(form, message) {
    var p = form.querySelector(".error");
    p.textContent = message;
    p.hidden = false;
    form.querySelector("fieldset").setAttribute("aria-describedby", p.id);
    p.setAttribute("tabindex", "-1");
    p.focus();
  }

  function readResponse(q, form) {
    var f = form.elements;
    function one(name, message) {
      var field = f.namedItem(name);
      var value = field ? String(field.value || "").trim() : "";
      if (!value) throw new G.InvalidResponse(message);
      return value;
    }
    switch (q.type) {
      case "single": return { choice: one("choice", "Choose one answer.") };
      case "multiple":
        var choices = Array.prototype.filter.call(form.querySelectorAll('input[name="choices"]'), function (c) { return c.checked; })
          .map(function (c) { return c.value; });
        if (!choices.length) throw new G.InvalidResponse("Tick at least one option.");
        return { choices: choices };
      case "text": return { text: one("text", "Type your answer.") };
      case "numeric":
        var raw = one("value", "Enter a number.").replace(/\s/g, "");
        if ((raw.match(/,/g) || []).length === 1 && raw.indexOf(".") === -1) raw = raw.replace(",", ".");
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw) || !isFinite(Number(raw))) {
          throw new G.InvalidResponse("Enter a number, such as 5 or 2.5.");
        }
        return { value: Number(raw) };
      case "hotspot":
        var x = f.namedItem("x"), y = f.namedItem("y");
        if (!x || !y || x.value === "") throw new G.InvalidResponse("Click on the image to place your marker.");
        return { points: [[Number(x.value), Number(y.value)]] };
      case "ordering":
        var ids = q.data.items.map(function (i) { return i.id; }), ranks = {};
        ids.forEach(function (id) { ranks[id] = parseInt(one("rank-" + id, "Give every item a rank."), 10); });
        var sorted = ids.map(function (id) { return ranks[id]; }).sort(function (a, b) { return a - b; });
        if (sorted.some(function (r, i) { return r !== i + 1; })) {
          throw new G.InvalidResponse("Give each item a different rank from 1 to " + ids.length + ".");
        }
        return { order: ids.slice().sort(function (a, b) { return ranks[a] - ranks[b]; }) };
      case "matching":
        var pairs = {};
        q.data.premises.forEach(function (p) { pairs[p.id] = one("match-" + p.id, "Match every item."); });
        return { pairs: pairs };
    }
    throw new G.InvalidResponse("This question cannot be answered here.");
  }

  function submit(event) {
    var form = event.target.closest("form[data-question]");
    if (!form) return;
    event.preventDefault();
    var key = form.getAttribute("data-question"), q = DATA.questions[key];
    if (answers[key] || !unlocked(String(q.step))) return;
    var response, result;
    try {
      response = readResponse(q, form);
      result = G.grade(q.spec, response);
    } catch (e) {
      refuse(form, e && e.name === "InvalidResponse" ? e.message : "This answer could not be read.");
      return;
    }
    answers[key] = { response: response, earned: G.fractionToString(result.earned) };
    report(key, q, response, result, Date.now() - shownAt);
    reportProgress();
    showAnswered(key);
    var heading = document.getElementById("q-" + key + "-title");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    refresh();
  }

  // ---------------------------------------------------------------- screens

  function refresh() {
    var open = firstOpen();
    DATA.steps.forEach(function (step) {
      var done = stepComplete(step);
      var screen = document.querySelector('[data-screen="' + step.number + '"]');
      screen.querySelectorAll("[data-after-step]").forEach(function (n) { n.toggleAttribute("hidden", !done); });
      screen.querySelector('[data-when="open"]').hidden = done;
      screen.querySelector('[data-when="done"]').hidden = !done;
      var li = document.querySelector('[data-stepper="' + step.number + '"]');
      li.className = done ? "done" : unlocked(step.number) ? "" : "locked";
      li.classList.toggle("current", String(step.number) === current);
      li.querySelector("button").disabled = !unlocked(step.number);
      li.querySelector("[data-state]").textContent = done ? "(answered)" : unlocked(step.number) ? "" : "(locked)";
    });
    var sum = document.querySelector('[data-stepper="summary"]');
    sum.className = open === null ? "done" : "locked";
    sum.classList.toggle("current", current === "summary");
    sum.querySelector("button").disabled = open !== null;
    sum.querySelector("[data-state]").textContent = open === null ? "" : "(locked)";
  }

  function show(target) {
    target = String(target);
    if (!unlocked(target)) return;
    current = target;
    document.querySelectorAll("[data-screen]").forEach(function (s) { s.hidden = s.getAttribute("data-screen") !== target; });
    document.querySelectorAll("[data-stepper]").forEach(function (li) {
      li.classList.toggle("current", li.getAttribute("data-stepper") === target);
      var b = li.querySelector("button");
      if (li.getAttribute("data-stepper") === target) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
    });
    if (target === "summary") renderSummary();
    shownAt = Date.now();
    lms.set(E.location, target);
    lms.commit();
    var heading = document.querySelector('[data-screen="' + target + '"] h1');
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    window.scrollTo(0, 0);
  }

  function renderSummary() {
    var s = score();
    var line = document.getElementById("summary-score");
    line.textContent = "";
    line.appendChild(el("strong", { text: s.percent + "%" }));
    line.appendChild(document.createTextNode(" (" + points(s.earned) + " of " + s.possible + " points) · "));
    line.appendChild(el("strong", { "class": s.passed ? "pass" : "fail", text: s.passed ? "Passed" : "Not passed" }));
    line.appendChild(el("span", { "class": "meta", text: " (pass mark " + DATA.passMark + "%)" }));
    var list = document.getElementById("summary-answers");
    list.textContent = "";
    Object.keys(DATA.questions).forEach(function (key) {
      var q = DATA.questions[key];
      if (!answers[key]) return;
      list.appendChild(el("section", { "class": "question", "aria-label": "Question " + q.number }, [
        el("h3", { text: "Question " + q.number + " " }, [el("span", { "class": "qmeta", text: q.typeLabel })]),
        el("div", { "class": "stem", html: q.stemHtml }), review(key)]));
    });
  }

  function finish() {
    if (finished) return;
    finished = true;
    lms.set(E.session, duration(Date.now() - sessionStart));
    var done = firstOpen() === null;
    lms.set(E.exit, done ? (V12 ? "" : "normal") : "suspend");
    lms.commit();
    lms.finish();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var connected = lms.init();
    var status = document.getElementById("lms-status");
    if (status) status.textContent = connected ? "" : "Not connected to a learning platform: answers are kept only while this page is open.";
    if (connected) restore(lms.get("cmi.suspend_data"));
    Object.keys(answers).forEach(showAnswered);
    refresh();
    if (connected && !Object.keys(answers).length) reportProgress();
    document.addEventListener("submit", submit);
    document.addEventListener("click", function (event) {
      var go = event.target.closest("[data-goto]");
      if (go) show(go.getAttribute("data-goto"));
    });
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
    var location = connected ? lms.get(E.location) : "";
    if (location && unlocked(location)) show(location);
    else if (Object.keys(answers).length) show(firstOpen() === null ? "summary" : firstOpen());
    document.documentElement.setAttribute("data-player-ready", "");
  });
})();
