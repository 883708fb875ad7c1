// debrief search: filters the index in static/search-index.js as you type. Works from file://
// and under any sub-path, since every URL is relative to the site root given by <html data-root>.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var index = window.DEBRIEF_SEARCH || [];
  if (!input || !list) return;
  var root = document.documentElement.getAttribute("data-root") || "";
  var script = document.currentScript;
  var noneText = (script && script.getAttribute("data-none")) || "No results";
  var selected = -1;

  function tokens(q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }

  function score(entry, terms) {
    var title = entry.t.toLowerCase();
    var label = entry.c.toLowerCase();
    var words = " " + entry.w + " ";
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (title.indexOf(term) !== -1) total += 3;
      else if (label.indexOf(term) !== -1) total += 2;
      else if (words.indexOf(" " + term) !== -1) total += 1;
      else return 0;
    }
    return total;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    selected = -1;
  }

  function select(i) {
    var items = list.querySelectorAll("[role=option]");
    if (!items.length) return;
    selected = (i + items.length) % items.length;
    for (var k = 0; k < items.length; k++) {
      items[k].setAttribute("aria-selected", k === selected ? "true" : "false");
    }
    input.setAttribute("aria-activedescendant", items[selected].id);
    items[selected].scrollIntoView({ block: "nearest" });
  }

  function update() {
    var terms = tokens(input.value);
    list.textContent = "";
    selected = -1;
    if (!terms.length) { close(); return; }
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], terms);
      if (s > 0) hits.push([s, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    hits = hits.slice(0, 20);
    if (!hits.length) {
      var empty = document.createElement("li");
      empty.className = "none";
      empty.setAttribute("role", "option");
      empty.setAttribute("aria-disabled", "true");
      empty.id = "search-none";
      empty.textContent = noneText;
      list.appendChild(empty);
    }
    hits.forEach(function (hit, n) {
      var e = index[hit[1]];
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.id = "search-result-" + n;
      var a = document.createElement("a");
      a.href = root + e.u;
      a.textContent = e.t;
      var small = document.createElement("small");
      small.textContent = e.c;
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  input.addEventListener("input", update);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) update(); select(selected + 1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); select(selected - 1); }
    else if (ev.key === "Enter") {
      var items = list.querySelectorAll("[role=option] a");
      var target = items[selected >= 0 ? selected : 0];
      if (target) { ev.preventDefault(); window.location.href = target.href; }
    } else if (ev.key === "Escape" && !list.hidden) {
      // First Escape closes the results and keeps the query (a search field would clear it).
      ev.preventDefault(); close();
    }
  });
  document.addEventListener("click", function (ev) {
    if (!list.contains(ev.target) && ev.target !== input) close();
  });

  // Lessons page: filter by tag.
  var buttons = document.querySelectorAll(".tag-filter button");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var tag = button.getAttribute("data-tag");
      Array.prototype.forEach.call(buttons, function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      Array.prototype.forEach.call(document.querySelectorAll(".lesson"), function (lesson) {
        var tags = " " + (lesson.getAttribute("data-tags") || "") + " ";
        lesson.hidden = tag !== "" && tags.indexOf(" " + tag + " ") === -1;
      });
    });
  });
})();
