/* The report page: filters (verdict, words, run regex), sortable tables, the explore panel (LAChart, chart.js) and
   the state kept in the URL's hash (#v=nan&re=...&sel=a,b&tag=loss&s=0.6&x=step). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var table = $("runs-table");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var sections = {};
  each(document.querySelectorAll("section.run"), function (s) { sections[s.id] = s; });
  var verdictSelect = $("verdict-filter"), textInput = $("text-filter"), regexInput = $("run-regex");
  var shown = $("shown");
  var legend = Array.prototype.slice.call(document.querySelectorAll(".legend button"));
  var dataNode = $("la-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : [];
  var byRun = {};
  data.forEach(function (d) { byRun[d.run] = d; });
  var picked = {}, plotPicked = false;
  var hpRows = $("hparams-table") ? Array.prototype.slice.call($("hparams-table").tBodies[0].rows) : [];

  function visible() { return rows.filter(function (r) { return !r.classList.contains("hidden"); }); }

  function apply() {
    var verdict = verdictSelect.value, re = LAChart.matcher(regexInput.value);
    var words = textInput.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0, ok = {};
    rows.forEach(function (row) {
      var text = row.getAttribute("data-text");
      var pass = (!verdict || row.getAttribute("data-verdict") === verdict) && re(row.getAttribute("data-run")) &&
        words.every(function (w) { return text.indexOf(w) !== -1; });
      row.classList.toggle("hidden", !pass);
      var section = sections[row.getAttribute("data-target")];
      if (section) { section.classList.toggle("hidden", !pass); }
      ok[row.getAttribute("data-target")] = pass;
      if (pass) { count += 1; }
    });
    hpRows.forEach(function (r) { r.classList.toggle("hidden", !ok[r.getAttribute("data-target")]); });
    shown.textContent = count === rows.length ? "all " + rows.length + " runs" : count + " of " + rows.length + " runs";
    legend.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-verdict") === verdict)); });
    explore();
  }

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    if (raw === null) { raw = cell.textContent; }
    if (type === "num") { var x = parseFloat(raw); return isNaN(x) ? null : x; }
    return raw.toLowerCase();
  }

  function sortable(tbl, onSorted) {
    var head = tbl.tHead.rows[0];
    function sortBy(th) {
      var index = th.cellIndex, type = th.getAttribute("data-sort");
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      each(head.cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = tbl.tBodies[0];
      var keyed = Array.prototype.map.call(body.rows, function (row, i) { return [cellValue(row, index, type), i, row]; });
      keyed.sort(function (a, b) {
        if (a[0] === null || b[0] === null) {  // empty cells last, whichever the direction
          if (a[0] === b[0]) { return a[1] - b[1]; }
          return a[0] === null ? 1 : -1;
        }
        var d = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
        return (ascending ? d : -d) || a[1] - b[1];
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (k) { fragment.appendChild(k[2]); });
      body.appendChild(fragment);
      if (onSorted) { onSorted(keyed.map(function (k) { return k[2]; })); }
    }
    each(head.cells, function (th) {
      if (!th.hasAttribute("data-sort")) { return; }
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
    });
  }

  /* The explore panel: the chosen runs overlaid, one chart per tag (LAChart.overlay). */
  var MAX_LINES = 10, MAX_CHARTS = 24;
  function explore() {
    var box = $("explore-charts");
    if (!box) { return; }
    var runs = plotPicked ? rows.filter(function (r) { return picked[r.getAttribute("data-run")]; }) : visible();
    var names = runs.map(function (r) { return r.getAttribute("data-run"); });
    var note = names.length > MAX_LINES ? "showing the first " + MAX_LINES + " of " + names.length + " runs (filter or tick runs to choose)" : "";
    names = names.slice(0, MAX_LINES);
    var entries = names.map(function (n) { return byRun[n] || {run: n, series: []}; });
    var n = LAChart.overlay(box, entries, {tag: $("tag-regex").value, smoothing: parseFloat($("smoothing").value),
      x: $("x-axis").value, maxCharts: MAX_CHARTS, marks: true});
    if (n > MAX_CHARTS) { note += (note ? "; " : "") + "first " + MAX_CHARTS + " of " + n + " charts (filter tags)"; }
    $("explore-note").textContent = names.length ? note : "No run to plot: change the filters or tick runs in the table.";
    save();
  }

  function save() {
    LAChart.writeState({v: verdictSelect.value, q: textInput.value, re: regexInput.value, tag: $("tag-regex").value,
      s: $("smoothing").value === "0.6" ? "" : $("smoothing").value, x: $("x-axis").value === "step" ? "" : $("x-axis").value,
      sel: Object.keys(picked).filter(function (k) { return picked[k]; }).join(","), plot: plotPicked ? "picked" : ""});
  }

  function load() {
    var st = LAChart.readState();
    if (st.v !== undefined) { verdictSelect.value = st.v; }
    if (st.q !== undefined) { textInput.value = st.q; }
    if (st.re !== undefined) { regexInput.value = st.re; }
    if (st.tag !== undefined) { $("tag-regex").value = st.tag; }
    if (st.s !== undefined) { $("smoothing").value = st.s; }
    if (st.x !== undefined) { $("x-axis").value = st.x; }
    (st.sel ? st.sel.split(",") : []).forEach(function (r) { picked[r] = true; });
    plotPicked = st.plot === "picked";
    rows.forEach(function (r) { r.querySelector("td.pick input").checked = !!picked[r.getAttribute("data-run")]; });
    syncPlotButtons();
  }

  function syncPlotButtons() {
    $("plot-shown").setAttribute("aria-pressed", String(!plotPicked));
    $("plot-picked").setAttribute("aria-pressed", String(plotPicked));
    $("picked-count").textContent = Object.keys(picked).filter(function (k) { return picked[k]; }).length;
    $("smoothing-value").textContent = parseFloat($("smoothing").value).toFixed(2);
  }

  /* Run links scroll to the run's card below the sticky filter bar and leave the hash (the state) alone. */
  function stickyHeight() {
    var bar = document.querySelector(".controls");
    document.documentElement.style.setProperty("--sticky", (bar ? bar.offsetHeight + 8 : 64) + "px");
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#run-"]');
    if (!a) { return; }
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) { return; }
    e.preventDefault();
    stickyHeight();
    target.classList.remove("hidden");
    target.scrollIntoView({block: "start"});
  });

  sortable(table, function (sorted) { rows = sorted; explore(); });
  if ($("hparams-table")) { sortable($("hparams-table")); }
  verdictSelect.addEventListener("change", apply);
  textInput.addEventListener("input", apply);
  regexInput.addEventListener("input", apply);
  legend.forEach(function (b) {
    b.addEventListener("click", function () {
      var v = b.getAttribute("data-verdict");
      verdictSelect.value = verdictSelect.value === v ? "" : v;
      apply();
    });
  });
  rows.forEach(function (r) {
    r.querySelector("td.pick input").addEventListener("change", function (e) {
      picked[r.getAttribute("data-run")] = e.target.checked;
      if (e.target.checked) { plotPicked = true; }
      syncPlotButtons();
      explore();
    });
  });
  if ($("explore")) {
    $("plot-shown").addEventListener("click", function () { plotPicked = false; syncPlotButtons(); explore(); });
    $("plot-picked").addEventListener("click", function () { plotPicked = true; syncPlotButtons(); explore(); });
    $("tag-regex").addEventListener("input", explore);
    $("x-axis").addEventListener("change", explore);
    $("smoothing").addEventListener("input", function () { syncPlotButtons(); explore(); });
  }
  window.addEventListener("resize", stickyHeight);
  load();
  stickyHeight();
  apply();
  if (location.hash.indexOf("=") < 0 && location.hash.length > 1) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) { target.scrollIntoView({block: "start"}); }
  }
})();
