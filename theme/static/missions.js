// debrief missions list: filters the table by status and year. Works from file://; without
// JavaScript the filter stays hidden and the whole list shows.
(function () {
  "use strict";
  var filter = document.querySelector(".mission-filter");
  if (!filter) return;
  var rows = document.querySelectorAll("table.missions tbody tr");
  var selects = filter.querySelectorAll("select[data-filter]");
  var count = filter.querySelector(".filter-count");
  var none = document.querySelector(".no-match");
  var lang = document.documentElement.getAttribute("lang") || "en";
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };

  function apply() {
    var shown = 0;
    each(rows, function (row) {
      var keep = true;
      each(selects, function (select) {
        var key = select.getAttribute("data-filter");
        if (select.value !== "" && row.getAttribute("data-" + key) !== select.value) keep = false;
      });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    // French uses the singular for 0 and 1, English only for 1.
    var one = lang === "fr" ? shown <= 1 : shown === 1;
    count.textContent = (count.getAttribute(one ? "data-one" : "data-many") || "")
      .replace("{n}", shown.toLocaleString(lang))
      .replace("{total}", rows.length.toLocaleString(lang));
    if (none) none.hidden = shown > 0;
  }

  each(selects, function (select) { select.addEventListener("change", apply); });
  filter.hidden = false;
  apply();
})();
