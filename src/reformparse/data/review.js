// reformparse review page: a record's card and its source lines link both ways; one listener a pane.
(function () {
  "use strict";
  var src = document.getElementById("src");
  var doc = document.getElementById("doc");
  var lit = [];
  var litCard = null;

  function lineIds(spec) {
    // "page:first-last,..." (page empty outside PDFs) -> element ids L12 / P3L12
    var ids = [];
    spec.split(",").forEach(function (part) {
      var m = /^(\d*):(\d+)-(\d+)$/.exec(part);
      if (!m) return;
      for (var n = +m[2]; n <= +m[3]; n++) ids.push((m[1] ? "P" + m[1] : "") + "L" + n);
    });
    return ids;
  }

  function clear() {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = [];
    document.querySelectorAll(".on").forEach(function (el) { el.classList.remove("on"); });
  }

  function highlight(owner, spec) {
    var lines = [];
    lineIds(spec).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) lines.push(el);
    });
    light(owner, lines);
  }

  function light(owner, lines) {
    clear();
    var first = lines[0] || null;
    lines.forEach(function (el) { el.classList.add("hl"); });
    lit = lines;
    if (owner) owner.classList.add("on");
    litCard = owner;
    if (first) {
      var page = first.closest(".page");
      if (page) page.classList.add("on");
      first.scrollIntoView({ block: "center" });
    }
    document.body.setAttribute("data-lit", lit.length);
  }

  doc.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("summary")) return;
    var link = target.closest("a[href^='#']");
    var holder = target.closest("[data-lines]");
    if (link && !link.hasAttribute("data-lines")) {
      var to = document.getElementById(link.getAttribute("href").slice(1));
      if (to) { event.preventDefault(); show(to); }
      return;
    }
    if (!holder) return;
    var selection = window.getSelection();
    if (!link && selection && !selection.isCollapsed) return; // selecting text, not clicking
    if (link) event.preventDefault();
    var owner = holder.closest(".card") || holder.closest(".grp") || holder;
    highlight(owner, holder.getAttribute("data-lines"));
  });

  function show(el) {
    // a card, group or section: open what hides it, highlight its lines, scroll it into view
    var holder = el.hasAttribute("data-lines") ? el : el.querySelector("[data-lines]");
    for (var p = el.parentElement; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
    if (el.hidden) { el.hidden = false; }
    if (holder) highlight(el.classList.contains("card") || el.classList.contains("grp") ? el : holder,
                          holder.getAttribute("data-lines"));
    el.scrollIntoView({ block: "start" });
  }

  src.addEventListener("click", function (event) {
    if (event.target.tagName === "IMG") { // a page image: wide (the read text below it) or beside its text
      event.target.closest(".page").classList.toggle("wide");
      return;
    }
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var el = document.getElementById(link.getAttribute("href").slice(1));
    if (!el) return;
    event.preventDefault();
    var line = link.parentElement;
    show(el);
    line.scrollIntoView({ block: "nearest" });
  });

  // the header's links (checks, warnings) highlight the lines they name
  var cursor = {};
  document.querySelector("header").addEventListener("click", function (event) {
    var next = event.target.closest("[data-next]");
    if (next) { // the next prose or unread line, round and round
      var kind = next.getAttribute("data-next");
      var lines = src.querySelectorAll(".chunk > ." + kind);
      if (!lines.length) return;
      cursor[kind] = ((cursor[kind] === undefined ? -1 : cursor[kind]) + 1) % lines.length;
      light(null, [lines[cursor[kind]]]);
      return;
    }
    var link = event.target.closest("a[data-lines]");
    if (!link) return;
    event.preventDefault();
    highlight(null, link.getAttribute("data-lines"));
  });

  // filter by text, status and department
  var cards = Array.prototype.slice.call(doc.querySelectorAll(".card"));
  var texts = null;
  var q = document.getElementById("fq"), fs = document.getElementById("fs"), fd = document.getElementById("fd");
  var shown = document.getElementById("shown");
  var timer = 0;
  function apply() {
    if (!texts) texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var status = fs.value, dep = fd.value, count = 0;
    cards.forEach(function (card, i) {
      var ok = (!status || card.getAttribute("data-st") === status) &&
        (!dep || card.getAttribute("data-dep").split("\n").indexOf(dep) >= 0) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) count++;
    });
    doc.querySelectorAll(".run").forEach(function (run) {
      run.hidden = !run.querySelector(".card:not([hidden])");
    });
    shown.textContent = count + " of " + cards.length + " shown";
  }
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  fs.addEventListener("change", apply);
  fd.addEventListener("change", apply);

  if (location.hash) {
    var start = document.getElementById(location.hash.slice(1));
    if (start && doc.contains(start)) show(start);
  }
  document.body.setAttribute("data-ready", "1");
})();
