/* The offline API reference of `loganalyzer serve` (/docs): every route of /openapi.json, no CDN. */
(function () {
  "use strict";
  var main = document.getElementById("docs");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function typeOf(schema) {
    if (!schema) { return ""; }
    if (schema.type === "array") { return typeOf(schema.items) + "[]"; }
    if (schema.anyOf) { return schema.anyOf.map(typeOf).filter(function (t) { return t && t !== "null"; }).join(" | "); }
    if (schema.$ref) { return schema.$ref.split("/").pop(); }
    return schema.type || "";
  }
  function route(path, method, op) {
    var box = el("section", null, "route");
    box.id = method + path;
    var h = el("h2");
    h.appendChild(el("span", method.toUpperCase(), "method " + method));
    h.appendChild(el("code", path));
    box.appendChild(h);
    if (op.summary) { box.appendChild(el("p", op.summary)); }
    if (op.description) { box.appendChild(el("pre", op.description)); }
    var params = op.parameters || [];
    if (params.length) {
      var t = el("table"), head = el("tr");
      ["parameter", "in", "type", "required", "description"].forEach(function (k) { head.appendChild(el("th", k)); });
      t.appendChild(head);
      params.forEach(function (p) {
        var tr = el("tr");
        tr.appendChild(el("td")).appendChild(el("code", p.name));
        [p["in"], typeOf(p.schema), p.required ? "yes" : "", p.description || (p.schema || {}).description || ""]
          .forEach(function (v) { tr.appendChild(el("td", v)); });
        t.appendChild(tr);
      });
      box.appendChild(t);
    }
    if (op.requestBody) {
      box.appendChild(el("p", "Body: " + Object.keys(op.requestBody.content || {}).join(", ")));
    }
    var answers = Object.keys(op.responses || {}).map(function (code) { return code + " " + (op.responses[code].description || ""); });
    if (answers.length) { box.appendChild(el("p", "Answers: " + answers.join(" · "), "meta")); }
    return box;
  }
  fetch("openapi.json").then(function (r) { if (!r.ok) { throw new Error("openapi.json: " + r.status); } return r.json(); }).then(function (spec) {
    main.textContent = "";
    var h = el("h2", (spec.info.title || "API") + " " + (spec.info.version || ""));
    main.appendChild(h);
    if (spec.info.description) { main.appendChild(el("p", spec.info.description)); }
    main.appendChild(el("p", "With a token configured, send 'Authorization: Bearer TOKEN' on every route but /api/health.", "meta"));
    Object.keys(spec.paths).sort().forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) { main.appendChild(route(path, method, spec.paths[path][method])); });
    });
  }).catch(function (e) { main.textContent = "Could not load openapi.json: " + e.message; });
})();
