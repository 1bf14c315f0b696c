// whys site: sorting and filtering for the tables, and overdue marks. No library and no
// network, so it works from file://. Every value is read from data attributes that whys wrote
// escaped; the script only shows, hides and reorders rows, it never builds HTML from text.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim() : v;
  }

  function sortBy(table, index, type, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var factor = direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = type === "number" ? (parseFloat(x) || 0) - (parseFloat(y) || 0)
                                    : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      return order * factor;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", next);
        sortBy(table, index, th.getAttribute("data-type") || "text", next);
      });
    });
  }

  function wireFilter(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) return;
    var count = document.getElementById(table.id + "-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var shown = 0;
      var text = (form.elements.text ? form.elements.text.value : "").trim().toLowerCase();
      rows.forEach(function (row) {
        var ok = !text || text.split(/\s+/).every(function (word) {
          return (row.getAttribute("data-text") || "").indexOf(word) !== -1;
        });
        Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
          var want = select.value;
          if (!want) return;
          var have = row.getAttribute("data-" + select.name);
          if (select.name === "service") {
            have = row.getAttribute("data-services") || "";
            ok = ok && have.split(" ").indexOf(want) !== -1;
          } else {
            ok = ok && have === want;
          }
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " shown";
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  // Overdue against --today when the site was built with it, else against the reader's date.
  function markOverdue() {
    var today = document.body.getAttribute("data-today");
    if (!today) {
      var now = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
    Array.prototype.forEach.call(document.querySelectorAll("tr[data-due]"), function (row) {
      var due = row.getAttribute("data-due");
      if (!due || due >= today || row.classList.contains("overdue")) return;
      row.classList.add("overdue");
      var flag = document.createElement("span");
      flag.className = "overdue-flag";
      flag.textContent = "overdue";
      row.cells[4].appendChild(flag);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), wireFilter);
  markOverdue();
})();
