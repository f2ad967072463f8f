/* Matrix filters and the chooser. Progressive enhancement: without JS the
   full matrix and the static decision table are shown. State lives in the URL. */
(function () {
  "use strict";

  function params() { return new URLSearchParams(window.location.search); }
  // Maps keyed by content ids: a plain {} already holds 'constructor', 'toString'...
  function dict() { return Object.create(null); }
  function setParams(p) {
    var q = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* ---- matrix ---- */
  function initMatrix(form) {
    var catSel = form.querySelector("[data-filter-cat]");
    var diff = form.querySelector("[data-filter-diff]");
    var cols = Array.prototype.slice.call(form.querySelectorAll("[data-filter-col]"));
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".matrix-wrap[data-category]"));
    var count = form.querySelector("[data-matrix-count]");
    var rows = [];
    wraps.forEach(function (w) {
      var section = [w];
      var el = w.previousElementSibling;
      while (el && el.tagName !== "H2") { section.push(el); el = el.previousElementSibling; }
      if (el) section.push(el);
      // The table of contents entries of this section (Material's sidebar and the one in
      // the drawer on small screens), hidden with the section.
      w._toc = [];
      if (el && el.id) {
        document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (a) {
          if (a.hash === "#" + el.id) w._toc.push(a.closest("li") || a);
        });
      }
      w.querySelectorAll("tbody tr").forEach(function (tr) {
        var levels = dict();
        (tr.getAttribute("data-levels") || "").split(" ").forEach(function (kv) {
          var i = kv.indexOf("="); if (i > 0) levels[kv.slice(0, i)] = kv.slice(i + 1);
        });
        rows.push({ tr: tr, levels: levels, cat: w.getAttribute("data-category") });
      });
      w._section = section;
    });
    var cells = Array.prototype.slice.call(document.querySelectorAll(".matrix-wrap [data-subject]"));

    function read() {
      var p = params();
      catSel.value = p.get("cat") || "";
      diff.checked = p.get("diff") === "1";
      // The compare picker submits one 'cols' per subject; shared links use one list.
      var chosen = p.getAll("cols").join(",");
      var set = chosen ? chosen.split(",") : null;
      cols.forEach(function (c) { c.checked = !set || set.indexOf(c.value) >= 0; });
    }
    function apply(write) {
      var cat = catSel.value;
      var chosen = cols.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
      var shown = 0;
      wraps.forEach(function (w) {
        var hide = !!cat && w.getAttribute("data-category") !== cat;
        w._section.forEach(function (el) { el.hidden = hide; });
        w._toc.forEach(function (li) { li.hidden = hide; });
      });
      rows.forEach(function (r) {
        var seen = dict();
        chosen.forEach(function (s) { seen[r.levels[s]] = true; });
        var differs = Object.keys(seen).length > 1;
        var visible = (!cat || r.cat === cat) && (!diff.checked || differs);
        r.tr.hidden = !visible;
        if (visible) shown += 1;
      });
      cells.forEach(function (c) { c.hidden = chosen.indexOf(c.getAttribute("data-subject")) < 0; });
      drops.forEach(function (d) { d.hidden = chosen.length <= 2; });
      // Column widths follow the number of columns shown (see site.css).
      wraps.forEach(function (w) {
        var t = w.querySelector("table.matrix");
        if (t) t.style.setProperty("--cols", String(chosen.length));
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " rows";
      if (write) {
        var p = params();
        if (cat) p.set("cat", cat); else p.delete("cat");
        if (diff.checked) p.set("diff", "1"); else p.delete("diff");
        if (chosen.length === cols.length) p.delete("cols"); else p.set("cols", chosen.join(","));
        setParams(p);
      }
    }
    // A small button in each column head drops that column (while more than two remain).
    var drops = [];
    document.querySelectorAll(".matrix-wrap thead th[data-subject]").forEach(function (th) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "drop-col";
      b.textContent = "\u2715";
      b.setAttribute("aria-label", "Hide column " + th.textContent.trim());
      b.addEventListener("click", function () {
        cols.forEach(function (c) { if (c.value === th.getAttribute("data-subject")) c.checked = false; });
        apply(true);
      });
      th.appendChild(b);
      drops.push(b);
    });
    form.hidden = false;
    read();
    apply(false);
    form.addEventListener("change", function () { apply(true); });
  }

  /* ---- chooser ---- */
  function initChooser(form) {
    var data = JSON.parse(document.getElementById("chooser-data").textContent);
    var out = document.querySelector("[data-chooser-result]");
    var summary = form.querySelector("[data-chooser-summary]");
    var names = dict();
    data.subjects.forEach(function (s) { names[s.id] = s.name; });

    function selected() {
      var picks = [];
      data.questions.forEach(function (q) {
        var input = form.querySelector('input[name="' + q.id + '"]:checked');
        if (input && input.value) {
          q.options.forEach(function (o) { if (o.id === input.value) picks.push({ q: q, o: o }); });
        }
      });
      return picks;
    }
    function rank(ucIds) {
      var totals = dict();
      data.subjects.forEach(function (s) { totals[s.id] = { id: s.id, score: 0, parts: [] }; });
      // Mirrors generator.scoring.rank: a row several chosen guides name counts once,
      // at its highest weight, credited to the first guide that gives that weight.
      var seen = dict(), best = dict(), order = [];
      ucIds.forEach(function (u) {
        if (seen[u]) return; seen[u] = true;
        data.use_cases[u].reasons.forEach(function (r) {
          if (!best[r.feature]) order.push(r.feature);
          if (!best[r.feature] || r.weight > best[r.feature].r.weight) best[r.feature] = { r: r, u: u };
        });
      });
      order.forEach(function (f) {
        var r = best[f].r, u = best[f].u;
        data.subjects.forEach(function (s) {
          var level = data.levels[r.feature][s.id];
          var pts = r.weight * data.values[level];
          totals[s.id].score += pts;
          totals[s.id].parts.push({ r: r, u: u, level: level, pts: pts });
        });
      });
      var votes = dict();
      Object.keys(seen).forEach(function (u) {
        var r = data.use_cases[u].recommendation; votes[r] = (votes[r] || 0) + 1;
      });
      // Ties go to the subject the chosen guides recommend most often, then by name.
      return Object.keys(totals).map(function (k) { return totals[k]; }).sort(function (a, b) {
        return b.score - a.score || (votes[b.id] || 0) - (votes[a.id] || 0) ||
          names[a.id].toLowerCase().localeCompare(names[b.id].toLowerCase());
      });
    }
    // Mirrors generator.scoring.verdict, word for word.
    function verdict(ucIds, ranking) {
      var chosen = ucIds.filter(function (u, i) { return ucIds.indexOf(u) === i; });
      var top = ranking[0], recs = dict();
      chosen.forEach(function (u) { recs[data.use_cases[u].recommendation] = true; });
      if (Object.keys(recs).length > 1) {
        return "The guides behind your answers disagree: " + chosen.map(function (u) {
          return data.use_cases[u].title + " recommends " + names[data.use_cases[u].recommendation];
        }).join("; ") + ". Over all their rows, " + names[top.id] + " scores highest.";
      }
      if (ranking.length > 1 && ranking[1].score === top.score) {
        return names[top.id] + " and " + names[ranking[1].id] + " tie on points; the guide recommends " +
          names[top.id] + ", so it ranks first.";
      }
      var guides = chosen.length === 1 ? "The guide behind your answers recommends" :
        "All " + chosen.length + " guides behind your answers recommend";
      return guides + " " + names[top.id] + ", and it scores highest.";
    }
    function render() {
      var picks = selected();
      var p = params();
      data.questions.forEach(function (q) { p.delete(q.id); });
      picks.forEach(function (x) { p.set(x.q.id, x.o.id); });
      setParams(p);
      if (!picks.length) {
        out.innerHTML = "<p>Answer at least one question to see a recommendation.</p>";
        summary.hidden = true;
        return;
      }
      var ucs = [];
      picks.forEach(function (x) { x.o.use_cases.forEach(function (u) { if (ucs.indexOf(u) < 0) ucs.push(u); }); });
      var ranking = rank(ucs);
      var said = verdict(ucs, ranking);
      // The full result sits below the questions; this line stays in view while answering.
      summary.innerHTML = "<strong>Top pick: " + esc(names[ranking[0].id]) + "</strong> (" +
        (Math.round(ranking[0].score * 100) / 100) + ' points). <a href="#result">See the ranking and why</a>';
      summary.hidden = false;
      var html = '<h2 id="result">Your ranking</h2><p class="chooser-verdict">' + esc(said) + '</p><ol class="ranking">';
      ranking.forEach(function (t, i) {
        html += '<li data-subject="' + esc(t.id) + '"><strong>' + esc(names[t.id]) + "</strong>: " +
          (Math.round(t.score * 100) / 100) + " points" + (i === 0 ? " (recommended)" : "") + "</li>";
      });
      html += "</ol><h3>Which rows decided it</h3><div class=\"matrix-wrap\"><table class=\"matrix\"><thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Use case</th><th scope=\"col\">Weight</th>";
      ranking.forEach(function (t) { html += '<th scope="col">' + esc(names[t.id]) + "</th>"; });
      html += "</tr></thead><tbody>";
      var first = ranking[0].parts, same = [];
      first.forEach(function (part, idx) {
        // A row on which every subject is alike (generator.scoring.alike_rows) adds the
        // same points to each: it is listed under the table, not among the deciders.
        if (data.alike.indexOf(part.r.feature) >= 0) { same.push(part.r); return; }
        html += '<tr><th scope="row"><a href="' + esc(part.r.url) + '">' + esc(part.r.name) + "</a></th><td>" +
          esc(data.use_cases[part.u].title) + "</td><td>" + part.r.weight + "</td>";
        ranking.forEach(function (t) {
          var q = t.parts[idx];
          html += "<td>" + esc(q.level) + " → " + (Math.round(q.pts * 100) / 100) + "</td>";
        });
        html += "</tr>";
      });
      html += "</tbody></table></div>";
      if (same.length) {
        html += '<p class="chooser-alike">On these rows all ' + esc(data.plural) +
          " have the same support, so they add the same points to each and decide nothing: " +
          same.map(function (r) { return '<a href="' + esc(r.url) + '">' + esc(r.name) + "</a>"; }).join(", ") + ".</p>";
      }
      html += "<h3>When another choice would win</h3><ul>";
      ucs.forEach(function (u) {
        var uc = data.use_cases[u];
        html += '<li><a href="' + esc(uc.url) + '">' + esc(uc.title) + "</a>: the guide recommends " +
          esc(names[uc.recommendation]) + ". ";
        // Each alternative is a whole sentence in the data, so it is quoted, not spliced.
        uc.alternatives.forEach(function (a) { html += "<strong>" + esc(names[a.subject]) + ":</strong> " + esc(a.when) + " "; });
        html += "</li>";
      });
      out.innerHTML = html + "</ul>";
    }
    var p = params();
    data.questions.forEach(function (q) {
      var v = p.get(q.id);
      if (v) {
        var input = form.querySelector('input[name="' + q.id + '"][value="' + CSS.escape(v) + '"]');
        if (input) input.checked = true;
      }
    });
    form.hidden = false;
    form.addEventListener("change", render);
    form.querySelector("[data-chooser-reset]").addEventListener("click", function () {
      form.querySelectorAll('input[value=""]').forEach(function (i) { i.checked = true; });
      render();
    });
    render();
  }

  /* ---- tables that scroll sideways ----
     Material wraps plain tables in .md-typeset__scrollwrap, which scrolls sideways on a
     phone, and charts keep a readable minimum width inside their own scrolling figure. A scrolling box with nothing focusable inside cannot be scrolled from the
     keyboard (WCAG 2.1.1), so make it a named, focusable region while it scrolls. */
  function scrollRegion(w) {
    var scrolls = w.scrollWidth > w.clientWidth + 1;
    var inner = w.querySelector("a[href], button, input, select, textarea, summary");
    if (scrolls && !inner) {
      w.setAttribute("tabindex", "0");
      w.setAttribute("role", "region");
      w.setAttribute("aria-label", (w.tagName === "FIGURE" ? "Chart" : "Table") + " (scrolls sideways)");
    } else if (w.getAttribute("role") === "region") {
      w.removeAttribute("tabindex");
      w.removeAttribute("role");
      w.removeAttribute("aria-label");
    }
  }
  function watchScrollRegions() {
    if (!window.ResizeObserver) return;
    // ResizeObserver reports after layout, so measuring here forces no extra layout.
    var boxes = ".md-typeset__scrollwrap, figure.chart-figure";
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (e) { scrollRegion(e.target.closest(boxes)); });
    });
    // The box and what it holds: a table that grows after the first measurement (a font
    // or an image arriving) leaves the box's own size unchanged but makes it scroll.
    var observe = function () {
      document.querySelectorAll(boxes).forEach(function (w) {
        observer.observe(w);
        if (w.firstElementChild) observer.observe(w.firstElementChild);
      });
    };
    // Material wraps the tables when its document$ emits; observe them after that.
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(observe);
    else observe();
  }

  /* ---- what changed: ?subject=ID shows one subject's changes ---- */
  function initChanges(form) {
    var select = form.querySelector("[data-changes-subject]");
    var count = form.querySelector("[data-changes-count]");
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-changes] > li"));
    function apply(write) {
      var s = select.value, shown = 0;
      items.forEach(function (li) {
        var hit = !s || (" " + li.getAttribute("data-subjects") + " ").indexOf(" " + s + " ") >= 0;
        li.hidden = !hit;
        if (hit) shown++;
      });
      count.textContent = shown + " of " + items.length + " changes";
      if (write) {
        var p = params();
        if (s) p.set("subject", s); else p.delete("subject");
        setParams(p);
      }
    }
    var wanted = params().get("subject") || "";
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
    select.value = known ? wanted : "";
    form.hidden = false;
    select.addEventListener("change", function () { apply(true); });
    apply(false);
  }

  /* ---- citation boxes: keep them on screen, let Escape close them (WCAG 1.4.13) ---- */
  function initCitations() {
    function place(mark) {
      var tip = mark.querySelector(".cite-tip");
      if (!tip) return;
      tip.style.left = "";
      var r = tip.getBoundingClientRect();
      var room = document.documentElement.clientWidth - 8;
      if (r.width && r.right > room) tip.style.left = Math.min(0, room - r.right) + "px";
    }
    function mark(e) { return e.target && e.target.closest ? e.target.closest(".cite-mark") : null; }
    document.addEventListener("focusin", function (e) { var m = mark(e); if (m) place(m); });
    document.addEventListener("mouseover", function (e) {
      var m = mark(e);
      if (m) { m.classList.remove("cite-dismissed"); place(m); }
    });
    document.addEventListener("focusout", function (e) { var m = mark(e); if (m) m.classList.remove("cite-dismissed"); });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      document.querySelectorAll(".cite-mark:hover, .cite-mark:focus-within").forEach(function (m) {
        m.classList.add("cite-dismissed");
      });
    });
  }

  function init() {
    watchScrollRegions();
    initCitations();
    var ch = document.querySelector("[data-changes-filter]");
    if (ch) initChanges(ch);
    var m = document.querySelector("[data-matrix-tools]");
    if (m) initMatrix(m);
    var c = document.querySelector("[data-chooser]");
    if (c) initChooser(c);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
