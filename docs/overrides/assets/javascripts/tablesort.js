/* Tiny table sorter for tables inside ".gr-sortable": click a header to sort. */
(function () {
  "use strict";
  function key(cell) {
    var text = cell ? cell.textContent.trim() : "";
    var num = parseFloat(text.replace(/^约/, "").replace(/,/g, ""));
    return isNaN(num) || !/^约?[-\d.,]+/.test(text) ? text : num;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh");
  }
  function sort(table, index, th) {
    var body = table.tBodies[0];
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var d = compare(key(r1.cells[index]), key(r2.cells[index]));
      return ascending ? d : -d;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function setup() {
    document.querySelectorAll(".gr-sortable table").forEach(function (table) {
      if (!table.tHead || table.dataset.sortable) return;
      table.dataset.sortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = th.textContent;
        button.title = "点击排序";
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sort(table, index, th); });
      });
    });
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
