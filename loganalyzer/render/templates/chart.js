/* LAChart: the one small SVG line-chart module of loganalyzer, inlined in the HTML report and served to the
   dashboard (no framework, no outside request). LAChart.draw(element, options) draws runs overlaid:
   options.lines: [{label, color, steps, values, wall0, wall}] (values may hold "NaN"/"Infinity" strings),
   options.x: "step" | "relative" | "wall", options.smoothing: 0..0.999 (TensorBoard's debiased EMA, raw curve faint
   behind), options.marks: [{x, label, color}] (evidence steps), options.xLabel, options.empty (the text when no
   finite value is left). Hover shows every line's value at the nearest point. Charts redraw when the page resizes. */
var LAChart = (function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f5fa8", "#e07b00", "#2e7d32", "#b3261e", "#7a4fb0", "#0f8b8d", "#8a6d00", "#c2185b",
    "#5d6d7e", "#6a8d00"];
  var drawn = [];

  /* TensorBoard's smoothing: an exponential moving average started at 0 and divided by (1 - w^n) so that the
     first points are not pulled toward 0 (debiased); non-finite points pass through; a constant series stays. */
  function smooth(values, weight) {
    var out = new Array(values.length), last = 0, n = 0, i;
    var constant = values.every(function (v) { return v === values[0]; });
    for (i = 0; i < values.length; i++) {
      var v = values[i];
      if (constant || !isFinite(v) || !(weight > 0)) { out[i] = v; continue; }
      last = last * weight + (1 - weight) * v;
      n += 1;
      out[i] = last / (1 - Math.pow(weight, n));
    }
    return out;
  }

  function num(v) { return typeof v === "number" ? v : v === null ? NaN : Number(v); }

  function fmt(v) {
    if (!isFinite(v)) { return isNaN(v) ? "NaN" : (v > 0 ? "inf" : "-inf"); }
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) { return v.toExponential(2).replace("e+", "e"); }
    return String(parseFloat(v.toPrecision(4)));
  }

  function duration(s) {
    var a = Math.abs(s);
    if (a < 1) { return parseFloat((s * 1000).toPrecision(3)) + "ms"; }
    if (a < 120) { return parseFloat(s.toPrecision(a < 10 ? 2 : 3)) + "s"; }
    if (a < 7200) { return (s / 60).toFixed(a < 600 ? 1 : 0).replace(/\.0$/, "") + "m"; }
    if (a < 172800) { return (s / 3600).toFixed(1).replace(/\.0$/, "") + "h"; }
    return (s / 86400).toFixed(1).replace(/\.0$/, "") + "d";
  }

  function clock(t, span) {
    var d = new Date(t * 1000), p = function (x) { return (x < 10 ? "0" : "") + x; };
    var hm = p(d.getHours()) + ":" + p(d.getMinutes());
    return span > 172800 ? (d.getMonth() + 1) + "/" + d.getDate() + " " + hm : span < 300 ? hm + ":" + p(d.getSeconds()) : hm;
  }

  /* About n round ticks over [lo, hi]; whole numbers only when integer (steps, epochs: never 2.5 epochs). */
  function ticks(lo, hi, n, integer) {
    if (!(hi > lo)) { return [lo]; }
    var raw = (hi - lo) / Math.max(1, n), mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    if (integer) { step = Math.max(1, Math.round(step)); }
    var out = [], t;
    for (t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) { out.push(Math.abs(t) < step * 1e-9 ? 0 : t); }
    return out;
  }

  function logTicks(lo, hi) {
    var out = [], e, a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
    var every = Math.max(1, Math.ceil((b - a) / 6));
    for (e = a; e <= b; e += every) { var v = Math.pow(10, e); if (v >= lo * 0.999 && v <= hi * 1.001) { out.push(v); } }
    return out.length >= 2 ? out : [lo, hi];
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  /* The x of each point in the mode asked: steps, seconds since the line's first wall time, or Unix seconds. */
  function xsOf(line, mode) {
    if (mode === "step") { return line.steps; }
    if (!line.wall) { return null; }
    var base = mode === "wall" ? line.wall0 : 0;
    return line.wall.map(function (w) { return w === null ? NaN : base + w; });
  }

  function prepare(options) {
    var mode = options.x || "step", w = Math.min(0.999, Math.max(0, options.smoothing || 0)), skipped = [];
    var lines = [];
    (options.lines || []).forEach(function (line, i) {
      var xs = xsOf(line, mode);
      if (!xs) { skipped.push(line.label); return; }
      var ys = line.values.map(num);
      lines.push({label: line.label, color: line.color || PALETTE[i % PALETTE.length], xs: xs, raw: ys,
        ys: w > 0 ? smooth(ys, w) : ys, steps: line.steps, dash: line.dash});
    });
    return {mode: mode, lines: lines, skipped: skipped, smoothing: w};
  }

  function extent(lines, key, filter) {
    var lo = Infinity, hi = -Infinity;
    lines.forEach(function (l) {
      l[key].forEach(function (v, i) {
        if (isFinite(v) && isFinite(l.xs[i]) && (!filter || filter(v))) { if (v < lo) { lo = v; } if (v > hi) { hi = v; } }
      });
    });
    return [lo, hi];
  }

  function draw(container, options) {
    container.__lachart = options;
    if (drawn.indexOf(container) < 0) { drawn.push(container); }
    container.textContent = "";
    container.classList.add("lachart");
    var p = prepare(options);
    var W = Math.max(260, Math.round(container.clientWidth || options.width || 640)), H = options.height || 240;
    var xr = extent(p.lines, "xs"), yr = extent(p.lines, "raw");
    if (!(yr[0] <= yr[1]) || !(xr[0] <= xr[1])) {
      var msg = document.createElement("p");
      msg.className = "lachart-empty";
      msg.textContent = p.skipped.length && !p.lines.length ? "no wall time logged for " + p.skipped.join(", ")
        : (options.empty || "no finite value to plot");
      container.appendChild(msg);
      return;
    }
    var pos = extent(p.lines, "raw", function (v) { return v > 0; });
    var logY = options.logY === true || (options.logY !== false && yr[0] > 0 && yr[1] / yr[0] > 30);
    if (logY) { yr = pos; }
    if (yr[0] === yr[1]) { var d = Math.abs(yr[0]) * 0.5 || 1; yr = logY ? [yr[0] / 2, yr[1] * 2] : [yr[0] - d, yr[1] + d]; }
    if (xr[0] === xr[1]) { xr = [xr[0] - 1, xr[1] + 1]; }
    var M = {l: 52, r: 12, t: 10, b: 30};
    var pw = W - M.l - M.r, ph = H - M.t - M.b;
    var fy = logY ? function (v) { return Math.log10(v); } : function (v) { return v; };
    var y0 = fy(yr[0]), y1 = fy(yr[1]), pad = (y1 - y0) * 0.04;
    y0 -= pad; y1 += pad;
    var sx = function (x) { return M.l + (x - xr[0]) / (xr[1] - xr[0]) * pw; };
    var sy = function (v) { return M.t + (1 - (fy(v) - y0) / (y1 - y0)) * ph; };
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, width: W, height: H, "class": "lachart-svg", role: "img",
      "aria-label": options.title || "chart"}, container);
    var axis = el("g", {"class": "lachart-axis"}, svg);
    var yt = logY ? logTicks(Math.pow(10, y0), Math.pow(10, y1)) : ticks(Math.min(yr[0], yr[1]), yr[1], 5, false);
    yt.forEach(function (t) {
      var y = sy(t);
      if (y < M.t - 1 || y > M.t + ph + 1) { return; }
      el("line", {x1: M.l, x2: M.l + pw, y1: y, y2: y, "class": "grid"}, axis);
      el("text", {x: M.l - 4, y: y + 3, "text-anchor": "end"}, axis).textContent = fmt(t);
    });
    var integer = p.mode === "step";
    var xt = ticks(xr[0], xr[1], Math.max(2, Math.floor(pw / 90)), integer);
    xt.forEach(function (t) {
      var x = sx(t);
      el("line", {x1: x, x2: x, y1: M.t + ph, y2: M.t + ph + 4}, axis);
      el("text", {x: x, y: H - M.b + 16, "text-anchor": "middle"}, axis).textContent =
        p.mode === "step" ? t.toLocaleString("en-US") : p.mode === "relative" ? duration(t) : clock(t, xr[1] - xr[0]);
    });
    el("line", {x1: M.l, x2: M.l + pw, y1: M.t + ph, y2: M.t + ph}, axis);
    el("line", {x1: M.l, x2: M.l, y1: M.t, y2: M.t + ph}, axis);
    var xLabel = p.mode === "step" ? (options.xLabel || "step") : p.mode === "relative" ? "time since start" : "wall time";
    el("text", {x: M.l + pw, y: H - 2, "text-anchor": "end", "class": "lachart-xlabel"}, axis).textContent = xLabel;
    (options.marks || []).forEach(function (m) {
      if (p.mode !== "step" || !(m.x >= xr[0] && m.x <= xr[1])) { return; }
      var x = sx(m.x);
      el("line", {x1: x, x2: x, y1: M.t, y2: M.t + ph, stroke: m.color || "#b3261e", "class": "mark"}, svg);
      var t = el("text", {x: x + 3, y: M.t + 10, fill: m.color || "#b3261e", "class": "mark-label"}, svg);
      t.textContent = m.label;
    });
    var plot = el("g", {"class": "lachart-lines"}, svg);
    function path(xs, ys) {
      var d = "", on = false;
      for (var i = 0; i < xs.length; i++) {
        var ok = isFinite(ys[i]) && isFinite(xs[i]) && (!logY || ys[i] > 0);
        if (!ok) { on = false; continue; }
        d += (on ? "L" : "M") + sx(xs[i]).toFixed(1) + " " + sy(ys[i]).toFixed(1);
        on = true;
      }
      return d;
    }
    p.lines.forEach(function (l) {
      if (p.smoothing > 0) { el("path", {d: path(l.xs, l.raw), stroke: l.color, "class": "raw"}, plot); }
      el("path", {d: path(l.xs, l.ys), stroke: l.color, "class": "line", "stroke-dasharray": l.dash ? "5 3" : "none"}, plot);
      var few = l.ys.filter(function (v, i) { return isFinite(v) && isFinite(l.xs[i]); }).length <= 30;
      l.ys.forEach(function (v, i) {  // a few points: each one visible (a single point draws no line)
        if (few && isFinite(v) && isFinite(l.xs[i]) && (!logY || v > 0)) { el("circle", {cx: sx(l.xs[i]), cy: sy(v), r: 2.5, fill: l.color}, plot); }
      });
      l.raw.forEach(function (v, i) {  // non-finite points cannot sit on the axis: a red tick along the top
        if (!isFinite(v) && isFinite(l.xs[i])) { el("rect", {x: sx(l.xs[i]) - 1, y: M.t, width: 2, height: 6, "class": "nonfinite"}, plot); }
      });
    });
    hover(container, svg, p, sx, sy, M, pw, ph);
    legend(container, p);
  }

  function legend(container, p) {
    var box = document.createElement("div");
    box.className = "lachart-legend";
    p.lines.forEach(function (l) {
      var item = document.createElement("span");
      var sw = document.createElement("i");
      sw.style.background = l.color;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(l.label));
      box.appendChild(item);
    });
    if (p.skipped.length) {
      var s = document.createElement("span");
      s.className = "lachart-skipped";
      s.textContent = "no wall time: " + p.skipped.join(", ");
      box.appendChild(s);
    }
    container.appendChild(box);
  }

  function nearest(xs, x) {
    var best = -1, dist = Infinity;
    for (var i = 0; i < xs.length; i++) { var d = Math.abs(xs[i] - x); if (d < dist) { dist = d; best = i; } }
    return best;
  }

  function hover(container, svg, p, sx, sy, M, pw, ph) {
    var tip = document.createElement("div");
    tip.className = "lachart-tip";
    tip.hidden = true;
    container.appendChild(tip);
    var guide = el("line", {y1: M.t, y2: M.t + ph, "class": "guide", visibility: "hidden"}, svg);
    var overlay = el("rect", {x: M.l, y: M.t, width: pw, height: ph, fill: "transparent"}, svg);
    function move(ev) {
      var box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
      var px = (ev.clientX - box.left) / scale;
      var a = sx(0), b = sx(1), target = (px - a) / (b - a), rows = [];
      p.lines.forEach(function (l) { var i = nearest(l.xs, target); if (i >= 0) { rows.push([l, i]); } });
      if (!rows.length) { return; }
      var gx = sx(rows[0][0].xs[rows[0][1]]);
      guide.setAttribute("x1", gx); guide.setAttribute("x2", gx); guide.setAttribute("visibility", "visible");
      tip.textContent = "";
      rows.forEach(function (r) {
        var l = r[0], i = r[1], line = document.createElement("div"), sw = document.createElement("i");
        sw.style.background = l.color;
        line.appendChild(sw);
        var step = l.steps ? " @ " + Number(l.steps[i]).toLocaleString("en-US") : "";
        var text = l.label + step + ": " + fmt(l.ys[i]) + (p.smoothing > 0 ? " (raw " + fmt(l.raw[i]) + ")" : "");
        line.appendChild(document.createTextNode(text));
        tip.appendChild(line);
      });
      tip.hidden = false;
      var left = gx * scale + 12;
      tip.style.left = Math.min(left, Math.max(0, box.width - tip.offsetWidth - 4)) + "px";
      tip.style.top = (M.t * scale + 4) + "px";
    }
    overlay.addEventListener("mousemove", move);
    overlay.addEventListener("mouseleave", function () { tip.hidden = true; guide.setAttribute("visibility", "hidden"); });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      drawn = drawn.filter(function (c) { return c.isConnected; });
      drawn.forEach(function (c) { if (c.offsetParent !== null) { draw(c, c.__lachart); } });
    }, 150);
  });

  /* The page state kept in the URL's hash as a query string ("#v=nan&sel=a,b"); anchors (#run-3) are left alone. */
  function readState() {
    var h = location.hash.slice(1), out = {};
    if (h.indexOf("=") < 0) { return out; }
    new URLSearchParams(h).forEach(function (v, k) { out[k] = v; });
    return out;
  }

  function writeState(state, push) {  // push: a new history entry (Back returns to the state before), else replace
    var q = new URLSearchParams();
    Object.keys(state).forEach(function (k) { if (state[k] !== "" && state[k] !== null && state[k] !== undefined) { q.set(k, state[k]); } });
    var s = q.toString(), url = s ? "#" + s : location.pathname + location.search;
    if (push && url !== (location.hash || location.pathname + location.search)) { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
  }

  /* A user's regex, case-insensitive; a pattern that does not compile matches as plain text. */
  function matcher(text) {
    if (!text) { return function () { return true; }; }
    try { var re = new RegExp(text, "i"); return function (s) { return re.test(s); }; } catch (e) {
      var low = text.toLowerCase();
      return function (s) { return s.toLowerCase().indexOf(low) >= 0; };
    }
  }

  var ROLE_TITLES = {train_loss: "training loss", val_loss: "validation loss", lr: "learning rate"};

  /* Runs overlaid, one chart per tag: entries [{run, series: [{name, role, x, steps, values, wall0, wall}],
     marks}] -> charts in box (role charts first: each run's own train/val loss and LR, whatever their names; then
     every tag by name). options: tag (regex), smoothing, x, maxCharts, marks (draw the single run's evidence).
     Returns how many charts there were. */
  function overlay(box, entries, options) {
    var tagOk = matcher(options.tag || ""), charts = {}, order = [];
    entries.forEach(function (entry, i) {
      (entry.series || []).forEach(function (s) {
        // tensorboardX add_hparams writes one point per metric into a timestamp sub-run: hparams, not curves
        if (/(^|\/)hparam\//.test(s.name) && (s.steps || []).length <= 1) { return; }
        // a series with a role is drawn on its role's chart only (runs naming it differently meet there), the
        // others on their tag's chart: never the same curve twice. The tag regex looks at the raw tag name (and the role's title).
        var keys = s.role ? ["role:" + s.role] : ["tag:" + s.name];
        keys.forEach(function (key) {
          var title = key.slice(0, 5) === "role:" ? ROLE_TITLES[s.role] || s.role : s.name;
          if (!tagOk(s.name) && !tagOk(title)) { return; }
          if (!charts[key]) { charts[key] = {title: title, lines: [], x: s.x, role: key.slice(0, 5) === "role:"}; order.push(key); }
          charts[key].lines.push({label: entries.length > 1 ? entry.run : s.name,
            color: PALETTE[i % PALETTE.length], steps: s.steps, values: s.values, wall0: s.wall0, wall: s.wall});
        });
      });
    });
    order = order.filter(function (k) { return charts[k].role; }).concat(order.filter(function (k) { return !charts[k].role; }));
    box.textContent = "";
    var marks = [];
    if (options.marks && entries.length === 1) {
      var m = entries[0].marks || {}, names = {first_nonfinite_step: ["NaN", "#b3261e"], divergence_start_step: ["diverges", "#d2560f"],
        best_val_step: ["best", "#2e7d32"], best_step: ["best", "#2e7d32"], plateau_start_step: ["plateau", "#8a6d00"]};
      Object.keys(m).forEach(function (k) { if (names[k]) { marks.push({x: m[k], label: names[k][0] + " " + m[k], color: names[k][1]}); } });
    }
    order.slice(0, options.maxCharts || 24).forEach(function (key) {
      var fig = document.createElement("figure"), cap = document.createElement("figcaption"), div = document.createElement("div");
      cap.textContent = charts[key].title;
      fig.appendChild(cap); fig.appendChild(div); box.appendChild(fig);
      draw(div, {lines: charts[key].lines, x: options.x, smoothing: options.smoothing, xLabel: charts[key].x,
        title: charts[key].title, height: 220, marks: charts[key].role ? marks : [],
        empty: /loss/.test(key) ? "no finite loss to plot" : "no finite value to plot"});
    });
    return order.length;
  }

  return {draw: draw, overlay: overlay, smooth: smooth, fmt: fmt, palette: PALETTE, readState: readState, writeState: writeState,
    matcher: matcher, num: num};
})();
