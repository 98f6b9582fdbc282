// summarymine report: the figure panel and sortable tables. Reads data- attributes and writes text only
// (textContent), never markup, so nothing a document says can become code.
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var body = panel.querySelector(".panel-body");
  var active = null;
  var HEDGES = {
    exact: "exact", more_than: "more than (余/多/超过)", at_least: "at least (以上/不少于)",
    less_than: "less than (近/不足)", at_most: "at most (以内/不超过)", about: "about (约/左右)", range: "range"
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function number(v) {
    if (v === null || v === "") return "";
    var n = Number(v);
    if (!isFinite(n)) return v;
    return n.toLocaleString("en-US", { maximumFractionDigits: 6 });
  }

  function clearActive() {
    if (!active) return;
    active.classList.remove("active");
    document.querySelectorAll(".subj.active").forEach(function (s) { s.classList.remove("active"); });
    active = null;
  }

  function show(fig) {
    clearActive();
    active = fig;
    fig.classList.add("active");
    var doc = fig.closest("article.doc");
    var id = fig.dataset.id;
    if (doc) {
      doc.querySelectorAll(".subj").forEach(function (s) {
        if ((" " + s.dataset.for + " ").indexOf(" " + id + " ") >= 0) s.classList.add("active");
      });
    }
    var d = fig.dataset;
    body.textContent = "";
    var status = d.status || "none";
    panel.className = "panel st-" + status;
    body.appendChild(el("h4", null, fig.textContent));
    var dl = el("dl");
    function row(label, value, node) {
      if ((value === undefined || value === null || value === "") && !node) return;
      dl.appendChild(el("dt", null, label));
      var dd = el("dd");
      if (node) dd.appendChild(node); else dd.textContent = value;
      dl.appendChild(dd);
    }
    var value = number(d.value);
    if (d.valueMax !== undefined) value += " – " + number(d.valueMax);
    row("value", value ? value + (d.unit ? " " + d.unit : "") : "(none)");
    row("hedge", HEDGES[d.approx] || d.approx);
    row("measure", d.measure);
    row("subject", d.subject || "(none found)");
    row("metric", d.metric ? d.metric + (d.metricLabel ? " · " + d.metricLabel : "") : "(not mapped)");
    row("status", null, el("span", "status-badge", status.replace("_", " ")));
    if (d.parent) {
      var link = el("a", null, d.parent);
      link.href = "#doc-" + d.doc + "-" + d.parent;
      var parent = document.getElementById("doc-" + d.doc + "-" + d.parent);
      var wrap = el("span");
      wrap.appendChild(link);
      if (parent) wrap.appendChild(document.createTextNode(" " + parent.textContent + (parent.dataset.subject ? " · " + parent.dataset.subject : "")));
      row("part of", null, wrap);
    }
    row("year", d.year);
    row("as of", d.asOf);
    row("confidence", d.confidence);
    var sent = el("a", null, "offsets " + d.start + "–" + d.end + " · sentence @" + d.sentenceStart);
    sent.href = "#doc-" + d.doc + "-sent-" + d.sentenceStart;
    row("where", null, sent);
    row("id", id);
    body.appendChild(dl);
    panel.hidden = false;
  }

  document.addEventListener("click", function (ev) {
    var fig = ev.target.closest ? ev.target.closest("mark.fig") : null;
    if (fig && fig.dataset.id) { show(fig); return; }
    if (ev.target.closest && ev.target.closest(".panel-close")) { panel.hidden = true; clearActive(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { panel.hidden = true; clearActive(); return; }
    var fig = ev.target.closest ? ev.target.closest("mark.fig") : null;
    if (fig && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(fig); }
  });

  // "show rejected": CSS :has() does it; the class is for browsers without :has().
  var toggle = document.getElementById("show-rejected");
  if (toggle) toggle.addEventListener("change", function () {
    document.body.classList.toggle("show-rejected", toggle.checked);
  });

  // Sortable tables: click a header; numbers by data-sort, text by its content; empty cells last.
  function key(cell) {
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-type]").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("asc");
        table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(asc ? "asc" : "desc");
        var numeric = th.dataset.type === "num";
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === "" && y === "") return 0;
          if (x === "") return 1;
          if (y === "") return -1;
          var r = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh");
          return asc ? r : -r;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
  });

  // Verdict chips filter the audit tables.
  var chips = document.querySelectorAll("#audit button[data-verdict]");
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      var on = chip.getAttribute("aria-pressed") !== "true";
      chips.forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
      if (on) chip.setAttribute("aria-pressed", "true");
      var verdict = on ? chip.dataset.verdict : null;
      document.querySelectorAll("#audit tbody tr").forEach(function (tr) {
        tr.hidden = verdict !== null && tr.dataset.verdict !== verdict;
      });
    });
  });

  // The site's search: the index page holds its data as a JSON block (never run, only parsed); results are
  // built as elements with text, their links made from the index's own page names.
  var data = document.getElementById("search-data");
  var box = document.getElementById("search-box");
  var results = document.getElementById("search-results");
  if (data && box && results) {
    var index = JSON.parse(data.textContent);
    var SHOWN = 50;
    var fold = function (s) { return String(s === null || s === undefined ? "" : s).toLowerCase(); };
    // Documents are listed under their body, metrics list their bodies as steps from the one before.
    var docs = [];
    index.bodies.forEach(function (b, i) { b[2].forEach(function (d) { docs.push([d[0], i, d[1], d[2]]); }); });
    index.metrics.forEach(function (m) {
      var at = 0;
      m[2] = m[2].map(function (w) {
        var step = Array.isArray(w) ? w[0] : w;
        at += step;
        return [at, Array.isArray(w) ? w[1] : 0];
      });
    });
    var bodyPage = function (b, pageNo) { return "body/" + index.bodies[b][1][pageNo || 0]; };
    var docsText = docs.map(function (d) { return fold(d[0] + " " + index.bodies[d[1]][0] + " " + d[2]); });
    var bodiesText = index.bodies.map(function (b) { return fold(b[0]); });
    var metricsText = index.metrics.map(function (m) { return fold(m[0] + " " + m[1]); });
    var matches = function (text, terms) { return terms.every(function (t) { return text.indexOf(t) >= 0; }); };
    var link = function (href, text) { var a = el("a", null, text); a.href = href; return a; };
    var list = function (title, found, item) {
      if (!found.length) return;
      var section = el("section", "search-group");
      section.appendChild(el("h3", null, title + " · " + found.length));
      var ol = el("ol");
      found.slice(0, SHOWN).forEach(function (i) { var li = el("li"); item(li, i); ol.appendChild(li); });
      section.appendChild(ol);
      if (found.length > SHOWN) section.appendChild(el("p", "hint", "and " + (found.length - SHOWN) + " more: narrow the search"));
      results.appendChild(section);
    };
    var search = function () {
      var terms = fold(box.value).split(/\s+/).filter(Boolean);
      results.textContent = "";
      if (!terms.length) return;
      var pick = function (texts) {
        var out = [];
        texts.forEach(function (t, i) { if (matches(t, terms)) out.push(i); });
        return out;
      };
      list("Bodies", pick(bodiesText), function (li, i) { li.appendChild(link(bodyPage(i), index.bodies[i][0])); });
      list("Metrics", pick(metricsText), function (li, i) {
        var m = index.metrics[i];
        li.appendChild(el("span", "label", m[1] + " "));
        li.appendChild(el("code", null, m[0]));
        li.appendChild(document.createTextNode(": "));
        m[2].slice(0, SHOWN).forEach(function (where, n) {
          if (n) li.appendChild(document.createTextNode(" · "));
          li.appendChild(link(bodyPage(where[0], where[1]) + index.anchor + m[0], index.bodies[where[0]][0]));
        });
        if (m[2].length > SHOWN) li.appendChild(document.createTextNode(" and " + (m[2].length - SHOWN) + " more"));
      });
      list("Documents", pick(docsText), function (li, i) {
        var d = docs[i];
        li.appendChild(link("doc/" + d[3] + ".html", (d[2] === null ? "" : d[2] + " ") + d[0]));
        li.appendChild(el("span", "hint", " " + index.bodies[d[1]][0]));
      });
      if (!results.firstChild) results.appendChild(el("p", "empty", "Nothing found."));
    };
    box.addEventListener("input", search);
    document.querySelectorAll("button.year-search").forEach(function (button) {
      button.addEventListener("click", function () {
        box.value = button.dataset.search;
        search();
        box.scrollIntoView({ block: "start" });
      });
    });
    if (box.value) search();
  }

  // A link into a closed <details> opens it; printing opens them all.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var p = target.parentElement; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.table-box").forEach(function (d) { d.open = true; });
  });
})();
