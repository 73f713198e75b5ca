(function () {
  "use strict";
  var table = document.getElementById("runs-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var sections = {};
  Array.prototype.forEach.call(document.querySelectorAll("section.run"), function (s) { sections[s.id] = s; });
  var verdictSelect = document.getElementById("verdict-filter");
  var textInput = document.getElementById("text-filter");
  var shown = document.getElementById("shown");
  var legend = Array.prototype.slice.call(document.querySelectorAll(".legend button"));

  function apply() {
    var verdict = verdictSelect.value;
    var words = textInput.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-text");
      var ok = (!verdict || row.getAttribute("data-verdict") === verdict) &&
        words.every(function (w) { return text.indexOf(w) !== -1; });
      row.classList.toggle("hidden", !ok);
      var section = sections[row.getAttribute("data-target")];
      if (section) { section.classList.toggle("hidden", !ok); }
      if (ok) { count += 1; }
    });
    shown.textContent = count === rows.length ? "all " + rows.length + " runs" : count + " of " + rows.length + " runs";
    legend.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-verdict") === verdict)); });
  }

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    if (raw === null) { raw = cell.textContent; }
    if (type === "num") { var x = parseFloat(raw); return isNaN(x) ? null : x; }
    return raw.toLowerCase();
  }

  function sortBy(th) {
    var index = th.cellIndex;
    var type = th.getAttribute("data-sort");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (row, i) { return [cellValue(row, index, type), i, row]; });
    keyed.sort(function (a, b) {
      if (a[0] === null || b[0] === null) {  // empty cells last, whichever the direction
        if (a[0] === b[0]) { return a[1] - b[1]; }
        return a[0] === null ? 1 : -1;
      }
      var d = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return (ascending ? d : -d) || a[1] - b[1];
    });
    rows = keyed.map(function (k) { return k[2]; });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    if (!th.hasAttribute("data-sort")) { return; }
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
  });
  verdictSelect.addEventListener("change", apply);
  textInput.addEventListener("input", apply);
  legend.forEach(function (b) {
    b.addEventListener("click", function () {
      var v = b.getAttribute("data-verdict");
      verdictSelect.value = verdictSelect.value === v ? "" : v;
      apply();
    });
  });
  apply();
})();
