/* The dashboard of `loganalyzer serve`: runs by verdict, the filterable/sortable run table, runs compared on
   overlaid charts (LAChart, chart.js: the same module as the HTML report), a run page, live updates from
   /api/events (fetch + ReadableStream: EventSource cannot send the token). State lives in the URL's hash. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var VERDICTS = ["nan", "diverged", "stalled", "underfit", "overfit", "healthy", "unknown"];
  var MAX_LINES = 10;
  var runs = [], byId = {}, picked = {}, mode = "picked", sortKey = "severity", sortUp = true, seriesCache = {};
  var token = localStorage.getItem("loganalyzer.token") || "";
  var live = $("live");

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({}, options.headers || {}, token ? {Authorization: "Bearer " + token} : {});
    return fetch(path, options).then(function (r) {
      if (r.status === 401) { askToken(); throw new Error("token needed"); }
      return r;
    });
  }
  function json(path) { return api(path).then(function (r) { if (!r.ok) { throw new Error(path + ": " + r.status); } return r.json(); }); }
  function runPath(id) { return encodeURIComponent(id).replace(/%2F/g, "/"); }

  function askToken() {
    $("token-form").hidden = false;
    $("token-error").textContent = token ? "the token was refused" : "";
    $("token-input").focus();
  }
  $("token-form").addEventListener("submit", function (e) {
    e.preventDefault();
    token = $("token-input").value.trim();
    localStorage.setItem("loganalyzer.token", token);
    $("token-form").hidden = true;
    start();
  });

  function badge(v) {
    var s = document.createElement("span");
    s.className = "badge v-" + (v || "none");
    s.textContent = v || "–";
    return s;
  }
  function prose(text) {  // the summaries' Markdown `code` spans as <code>, as the HTML report shows them
    var out = document.createDocumentFragment();
    String(text || "").split(/`([^`]+)`/).forEach(function (part, i) {
      if (i % 2) { var c = document.createElement("code"); c.textContent = part; out.appendChild(c); } else if (part) { out.appendChild(document.createTextNode(part)); }
    });
    return out;
  }
  function endedBadge(cause, summary) {  // how the run's job ended, beside its verdict (runs with a job log only)
    var s = document.createElement("span");
    if (!cause) { return s; }
    // "not recorded" (render._text.ended_word: a plain log that stops, no scheduler) is no failure either
    s.className = "ended e-" + (cause === "completed" ? "ok" : cause === "unknown" || cause === "not recorded" ? "unknown" : "bad");
    s.setAttribute("data-cause", cause); s.textContent = "ended: " + cause;
    if (summary) { s.title = summary; }
    return s;
  }
  function endedWord(ended) {  // render._text.ended_word: the word the scan's table and the run list use
    var detail = ended.detail || {};
    return ended.cause === "unknown" && detail.scheduler === false ? "not recorded" : ended.cause;
  }
  function findingLine(f) {  // render._text.finding_line: the step, unless the message already names it
    if (f.step == null) { return f.message; }
    var n = Number(f.step).toLocaleString("en-US");
    if (f.message.indexOf("step " + n) >= 0 || f.message.indexOf("epoch " + n) >= 0) { return f.message; }
    return f.message + " (step " + n + ")";
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    if (text instanceof Node) { td.appendChild(text); } else { td.textContent = text === null || text === undefined ? "" : text; }
    tr.appendChild(td);
    return td;
  }

  /* ---------------------------------------------------------------- state in the hash */
  function save(push) {  // push: a history entry of its own (a run opened, a verdict picked), so Back returns
    LAChart.writeState({v: $("verdict-filter").value, re: $("run-regex").value, tag: $("tag-regex").value,
      s: $("smoothing").value === "0.6" ? "" : $("smoothing").value, x: $("x-axis").value === "step" ? "" : $("x-axis").value,
      sel: Object.keys(picked).join(","), mode: mode === "picked" ? "" : mode,
      sort: sortKey === "severity" && sortUp ? "" : sortKey + (sortUp ? "" : "-"), run: currentRun || ""}, push);
  }
  var currentRun = null, wantedVerdict = "";
  function load() {
    var st = LAChart.readState();
    wantedVerdict = st.v || "";  // the select has no options before the first list: renderCounts applies it
    $("verdict-filter").value = wantedVerdict;
    $("run-regex").value = st.re || "";
    $("tag-regex").value = st.tag || "";
    $("smoothing").value = st.s || "0.6";
    $("x-axis").value = st.x || "step";
    picked = {};
    (st.sel ? st.sel.split(",") : []).forEach(function (r) { picked[r] = true; });
    mode = st.mode || "picked";
    var sort = st.sort || "severity";
    sortUp = sort.slice(-1) !== "-";
    sortKey = sort.replace(/-$/, "");
    currentRun = st.run || null;
  }

  /* ---------------------------------------------------------------- the list */
  function loadRuns() {
    var all = [];
    function page(n) {
      return json("api/runs?per_page=500&page=" + n).then(function (doc) {
        all = all.concat(doc.runs);
        if (n < doc.pages && n < 20) { return page(n + 1); }
        return doc;
      });
    }
    return page(1).then(function (doc) {
      var old = byId;
      runs = all;
      byId = {};
      runs.forEach(function (r, i) { r.severity = i; byId[r.run] = r; r.changed = old[r.run] && old[r.run].updated !== r.updated; });
      var s = doc.scan;
      $("scan-info").textContent = s ? runs.length + " runs · last scan " + new Date(s.started * 1000).toLocaleTimeString() +
        " (" + s.duration_s.toFixed(2) + " s)" : "no scan yet";
      showErrors(s ? s.errors : 0);
      renderCounts();
      renderTable();
      renderCompare();
      if (currentRun) { showRun(currentRun, true); }
    });
  }

  function showErrors(count) {
    var box = $("scan-errors");
    box.hidden = !count;
    if (!count) { return; }
    box.querySelector("summary").textContent = count + " unreadable file" + (count === 1 ? "" : "s");
    json("api/errors").then(function (doc) {
      var ul = box.querySelector("ul");
      ul.textContent = "";
      doc.errors.forEach(function (e) {
        var li = document.createElement("li"), code = document.createElement("code");
        code.textContent = e.path; li.appendChild(code); li.appendChild(document.createTextNode(": " + e.message));
        ul.appendChild(li);
      });
    }).catch(function () { /* the count stays */ });
  }

  function renderCounts() {
    var counts = {};
    runs.forEach(function (r) { var v = r.verdict || "none"; counts[v] = (counts[v] || 0) + 1; });
    var bar = $("stackbar"), legend = $("legend"), select = $("verdict-filter"), chosen = wantedVerdict;
    bar.textContent = ""; legend.textContent = "";
    while (select.options.length > 1) { select.remove(1); }
    VERDICTS.concat(["none"]).forEach(function (v) {
      if (!counts[v]) { return; }
      var span = document.createElement("span");
      span.className = "v-" + v;
      span.style.width = (100 * counts[v] / runs.length) + "%";
      span.title = v + ": " + counts[v];
      bar.appendChild(span);
      var b = document.createElement("button");
      b.type = "button"; b.setAttribute("data-verdict", v); b.setAttribute("aria-pressed", String(chosen === v));
      b.appendChild(badge(v)); b.appendChild(document.createTextNode(counts[v]));
      b.addEventListener("click", function () { select.value = select.value === v ? "" : v; wantedVerdict = select.value; save(true); changed(); });
      legend.appendChild(b);
      if (v !== "none") { var o = document.createElement("option"); o.value = v; o.textContent = v + " (" + counts[v] + ")"; select.appendChild(o); }
    });
    select.value = chosen;
    if (select.value !== chosen && runs.length) { wantedVerdict = select.value; }  // a verdict no run has any more
  }

  function regexProblem(text) {
    try { new RegExp(text, "i"); return ""; } catch (e) { return "invalid regex: " + e.message; }
  }
  function shownRuns() {  // an invalid regex matches nothing (as GET /api/runs?q= answers 400)
    var v = $("verdict-filter").value, re = regexProblem($("run-regex").value) ? function () { return false; } : LAChart.matcher($("run-regex").value);
    return runs.filter(function (r) { return (!v || r.verdict === v) && re(r.run); });
  }

  function sortValue(r) {
    var x = r[sortKey];
    return x === null || x === undefined ? null : typeof x === "string" ? x.toLowerCase() : x;
  }

  function renderTable() {
    var body = $("runs-table").tBodies[0], list = shownRuns().slice();
    list.sort(function (a, b) {
      var x = sortValue(a), y = sortValue(b);
      if (x === null || y === null) { return x === y ? a.severity - b.severity : x === null ? 1 : -1; }
      var d = x < y ? -1 : x > y ? 1 : 0;
      return (sortUp ? d : -d) || a.severity - b.severity;
    });
    body.textContent = "";
    list.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-run", r.run);
      tr.setAttribute("data-verdict", r.verdict || "");
      if (r.changed) { tr.className = "changed"; }
      var box = document.createElement("input");
      box.type = "checkbox"; box.checked = !!picked[r.run]; box.setAttribute("aria-label", "compare " + r.run);
      box.addEventListener("change", function () { if (box.checked) { picked[r.run] = true; } else { delete picked[r.run]; } mode = "picked"; renderCompare(); });
      cell(tr, box, "pick");
      var b = document.createElement("span");
      b.appendChild(badge(r.verdict));
      if (r.ended) { b.appendChild(document.createTextNode(" ")); b.appendChild(endedBadge(r.ended)); }
      cell(tr, b);
      cell(tr, r.confidence === null ? "" : r.confidence.toFixed(2), "num");
      var a = document.createElement("a"), code = document.createElement("code");
      a.href = "#run=" + encodeURIComponent(r.run); code.textContent = r.run; a.appendChild(code);
      a.addEventListener("click", function (e) { e.preventDefault(); showRun(r.run, false, true); });
      cell(tr, a, "run");
      cell(tr, prose(r.summary), "summary");
      cell(tr, r.last_step === null ? "" : r.last_step.toLocaleString("en-US"), "num");
      cell(tr, r.updated ? new Date(r.updated).toLocaleString() : "", "num");
      body.appendChild(tr);
    });
    var bad = regexProblem($("run-regex").value);
    $("run-regex").classList.toggle("bad", !!bad); $("run-regex").title = bad;
    $("shown").textContent = (list.length === runs.length ? "all " + runs.length + " runs" : list.length + " of " + runs.length + " runs") + (bad ? " · " + bad : "");
    Array.prototype.forEach.call($("runs-table").tHead.rows[0].cells, function (th) {
      if (th.getAttribute("data-key") === sortKey) { th.setAttribute("aria-sort", sortUp ? "ascending" : "descending"); } else { th.removeAttribute("aria-sort"); }
    });
    save();
  }

  /* ---------------------------------------------------------------- curves */
  function series(id) {
    var r = byId[id], key = id + "@" + (r ? r.updated + r.verdict + r.confidence : "");
    if (!seriesCache[key]) {
      seriesCache[key] = json("api/runs/" + runPath(id) + "/series").catch(function (e) { delete seriesCache[key]; throw e; });
    }
    return seriesCache[key];
  }

  function chartOptions() {
    $("smoothing-value").textContent = parseFloat($("smoothing").value).toFixed(2);
    return {tag: $("tag-regex").value, smoothing: parseFloat($("smoothing").value), x: $("x-axis").value};
  }

  var compareTicket = 0;
  function renderCompare() {
    var ids = mode === "verdict" ? shownRuns().map(function (r) { return r.run; }) : Object.keys(picked).filter(function (id) { return byId[id]; });
    $("plot-picked").setAttribute("aria-pressed", String(mode === "picked"));
    $("plot-verdict").setAttribute("aria-pressed", String(mode === "verdict"));
    $("picked-count").textContent = Object.keys(picked).length;
    var note = ids.length > MAX_LINES ? "the first " + MAX_LINES + " of " + ids.length + " runs" : "";
    ids = ids.slice(0, MAX_LINES);
    var ticket = ++compareTicket;
    save();
    if (!ids.length) {
      $("compare-charts").textContent = ""; $("hparams").textContent = "";
      $("compare-note").textContent = "Tick runs in the table (or choose 'all runs of the verdict filter') to overlay their curves.";
      return Promise.resolve();
    }
    $("compare-note").textContent = "loading " + ids.length + " runs…";
    return Promise.all(ids.map(function (id) { return series(id).catch(function () { return {run: id, series: [], hparams: {}, failed: true}; }); }))
      .then(function (docs) {
        if (ticket !== compareTicket) { return; }
        var failed = docs.filter(function (d) { return d.failed; }).map(function (d) { return d.run; });
        var n = LAChart.overlay($("compare-charts"), docs, Object.assign(chartOptions(), {maxCharts: 24}));
        $("compare-note").textContent = [note, n > 24 ? "24 of " + n + " charts (filter tags)" : "",
          failed.length ? "could not read: " + failed.join(", ") : ""].filter(Boolean).join(" · ");
        $("compare-charts").setAttribute("data-runs", ids.join("\n"));
        hparamsTable(docs);
      });
  }

  function hparamsTable(docs) {
    var box = $("hparams"), keys = [];
    box.textContent = "";
    docs.forEach(function (d) { Object.keys(d.hparams || {}).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } }); });
    if (!keys.length) { return; }
    keys = keys.slice(0, 16);
    var h = document.createElement("h2"); h.textContent = "Hyperparameters and verdicts"; box.appendChild(h);
    var wrap = document.createElement("div"), t = document.createElement("table"), tr = document.createElement("tr");
    wrap.className = "table-wrap"; t.id = "hparams-table";
    ["Verdict", "Confidence", "Run"].concat(keys).forEach(function (k) { var th = document.createElement("th"); th.textContent = k; tr.appendChild(th); });
    var head = t.createTHead(); head.appendChild(tr);
    var body = t.createTBody();
    docs.forEach(function (d) {
      var row = document.createElement("tr"), r = byId[d.run] || {};
      cell(row, badge(r.verdict)); cell(row, r.confidence == null ? "" : r.confidence.toFixed(2), "num"); cell(row, d.run, "run");
      keys.forEach(function (k) { var v = (d.hparams || {})[k]; cell(row, v === undefined ? "" : typeof v === "number" ? LAChart.fmt(v) : String(v), typeof v === "number" ? "num" : ""); });
      body.appendChild(row);
    });
    wrap.appendChild(t); box.appendChild(wrap);
  }

  /* ---------------------------------------------------------------- the run page */
  function list(title, items) {
    var div = document.createElement("div"), h = document.createElement("h3"), ul = document.createElement("ul");
    h.textContent = title; div.appendChild(h);
    items.forEach(function (x) { var li = document.createElement("li"); li.textContent = x; ul.appendChild(li); });
    div.appendChild(ul);
    return items.length ? div : document.createElement("div");
  }

  function showRun(id, quiet, push) {
    currentRun = id;
    save(push);
    var view = $("run-view");
    $("list-view").hidden = true; view.hidden = false;
    if (!quiet) { view.textContent = "loading…"; window.scrollTo(0, 0); }
    return Promise.all([json("api/runs/" + runPath(id)), series(id).catch(function (e) { return {series: [], error: String(e)}; })]).then(function (got) {
      if (currentRun !== id) { return; }
      var run = got[0], curves = got[1];
      view.textContent = "";
      var back = document.createElement("a"); back.href = "#"; back.textContent = "← all runs";
      back.addEventListener("click", function (e) { e.preventDefault(); showList(true); });
      var h = document.createElement("h2"); h.className = "run-title";
      h.appendChild(badge(run.verdict)); h.appendChild(document.createTextNode(" "));
      if (run.ended) { h.appendChild(endedBadge(endedWord(run.ended), run.ended.summary)); h.appendChild(document.createTextNode(" ")); }
      var code = document.createElement("code"); code.textContent = run.run; h.appendChild(code);
      var meta = document.createElement("p"); meta.className = "meta";
      meta.textContent = run.format + " · " + (run.confidence == null ? "" : "confidence " + run.confidence.toFixed(2) + " · ") + run.path;
      var summary = document.createElement("p"); summary.appendChild(prose(run.summary));
      var report = document.createElement("a"); report.textContent = "open the HTML report"; report.id = "report-link";
      report.target = "_blank"; report.rel = "noopener"; report.className = "button";
      var linkFor = function () {  // a signed link (a new tab cannot send the token), valid an hour
        return json("api/runs/" + runPath(id) + "/report-link").then(function (d) { report.href = d.url; report.setAttribute("data-expires", d.expires); return d.url; });
      };
      linkFor().catch(function () { report.removeAttribute("href"); });
      report.addEventListener("click", function (e) {
        if (report.href && Number(report.getAttribute("data-expires")) > Date.now() / 1000 + 30) { return; }
        e.preventDefault();
        var tab = window.open("", "_blank");
        linkFor().then(function (url) { if (tab) { tab.location = url; } else { window.open(url, "_blank"); } });
      });
      var charts = document.createElement("div"); charts.className = "chart-grid"; charts.id = "run-charts";
      [back, h, meta, summary, report, charts].forEach(function (n) { view.appendChild(n); });
      LAChart.overlay(charts, [{run: run.run, series: curves.series, marks: curves.marks}], Object.assign(chartOptions(), {marks: true, maxCharts: 40}));
      var cols = document.createElement("div"); cols.className = "cols";
      cols.appendChild(list("Findings", (run.findings || []).map(findingLine)));
      cols.appendChild(list("Advice", run.advice || []));
      view.appendChild(cols);
      var ev = document.createElement("dl"), eh = document.createElement("h3"); ev.className = "evidence"; eh.textContent = "Evidence";
      Object.keys(run.evidence || {}).forEach(function (k) {
        var dt = document.createElement("dt"), dd = document.createElement("dd"), v = run.evidence[k];
        dt.textContent = k; dd.textContent = typeof v === "object" ? JSON.stringify(v) : String(v);
        ev.appendChild(dt); ev.appendChild(dd);
      });
      view.appendChild(eh); view.appendChild(ev);
      view.appendChild(list("Warnings while reading", run.warnings || []));
      view.appendChild(list("Why these series", run.notes || []));
    }).catch(function (e) { if (currentRun === id) { view.textContent = "Could not load the run: " + e.message; } });
  }

  function showList(push) {
    currentRun = null;
    $("run-view").hidden = true; $("list-view").hidden = false;
    save(push);
    renderCompare();
  }

  /* ---------------------------------------------------------------- live updates */
  var streamTicket = 0;
  function connect() {
    var ticket = ++streamTicket;
    api("api/events", {headers: {Accept: "text/event-stream"}}).then(function (r) {
      if (!r.ok || !r.body) { throw new Error("events: " + r.status); }
      live.className = "live on"; live.textContent = "live";
      var reader = r.body.getReader(), decoder = new TextDecoder(), buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, {stream: true});
          var cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            var block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
            if (/^event: scan$/m.test(block)) { loadRuns(); }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () { /* the server went away or refused: retry below */ }).then(function () {
      if (ticket !== streamTicket) { return; }
      live.className = "live off"; live.textContent = "reconnecting…";
      setTimeout(connect, 2000);
    });
  }

  /* ---------------------------------------------------------------- wiring */
  function changed() { renderCounts(); renderTable(); if (mode === "verdict") { renderCompare(); } }
  $("verdict-filter").addEventListener("change", function () { wantedVerdict = $("verdict-filter").value; save(true); changed(); });
  $("run-regex").addEventListener("input", changed);
  ["tag-regex", "smoothing", "x-axis"].forEach(function (id) {
    $(id).addEventListener(id === "x-axis" ? "change" : "input", function () { if (currentRun) { showRun(currentRun, true); } else { renderCompare(); } });
  });
  $("plot-picked").addEventListener("click", function () { mode = "picked"; renderCompare(); });
  $("plot-verdict").addEventListener("click", function () { mode = "verdict"; renderCompare(); });
  Array.prototype.forEach.call($("runs-table").tHead.rows[0].cells, function (th) {
    var key = th.getAttribute("data-key");
    if (!key) { return; }
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortUp = sortKey === key ? !sortUp : true; sortKey = key; renderTable(); });
  });
  window.addEventListener("popstate", function () {  // Back/Forward, or a hash typed in: the state it names
    var was = currentRun;
    load();
    $("verdict-filter").value = wantedVerdict;
    if (currentRun) { if (currentRun !== was) { showRun(currentRun); } } else { showList(); changed(); }
  });

  function start() {
    load();
    loadRuns().then(function () { connect(); }).catch(function (e) { $("scan-info").textContent = e.message; });
  }
  start();
})();
