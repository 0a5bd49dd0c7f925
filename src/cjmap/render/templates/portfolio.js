(function () {
  "use strict";
  var box = document.getElementById("portfolio");
  var table = box && box.querySelector("table.portfolio");
  if (!table) { return; }
  var controls = box.querySelector(".portfolio-controls");
  var count = box.querySelector(".portfolio-count");
  var selects = {
    owner: document.getElementById("portfolio-owner"),
    status: document.getElementById("portfolio-status"),
    tag: document.getElementById("portfolio-tag")
  };
  var rows = [].slice.call(table.querySelectorAll("tbody tr.opp"));
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });

  function chosen(select) {
    return select.selectedIndex > 0 ? select.value : null;
  }

  function tagsOf(row) {
    return [].map.call(row.querySelectorAll("[data-tag]"), function (item) {
      return item.getAttribute("data-tag");
    });
  }

  function filter() {
    var owner = chosen(selects.owner);
    var status = chosen(selects.status);
    var tag = chosen(selects.tag);
    var shown = 0;
    rows.forEach(function (row) {
      var show = (owner === null || row.getAttribute("data-owner") === owner) &&
        (status === null || row.getAttribute("data-status") === status) &&
        (tag === null || tagsOf(row).indexOf(tag) >= 0);
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    [].forEach.call(table.tBodies, function (body) {
      body.hidden = !body.querySelector("tr.opp:not([hidden])");
    });
    count.textContent = count.getAttribute("data-label") + ": " + shown + " / " + rows.length;
  }

  function sortKey(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (numeric) { return value === "" ? -Infinity : Number(value); }
    return value;
  }

  function sortBy(header, column) {
    var numeric = header.getAttribute("data-type") === "number";
    var current = header.getAttribute("aria-sort");
    var ascending = current === "none" ? !numeric : current === "descending";
    [].forEach.call(table.tHead.rows[0].cells, function (other) {
      other.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    [].forEach.call(table.tBodies, function (body) {
      var items = [].slice.call(body.querySelectorAll("tr.opp"));
      items.sort(function (a, b) {
        var x = sortKey(a, column, numeric);
        var y = sortKey(b, column, numeric);
        var order = numeric ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
        return ascending ? order : -order;
      });
      items.forEach(function (row) { body.appendChild(row); });
    });
  }

  [].forEach.call(table.tHead.rows[0].cells, function (header, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    // The rows come highest score first.
    header.setAttribute("aria-sort", header.getAttribute("data-type") === "number" ? "descending" : "none");
    button.addEventListener("click", function () { sortBy(header, column); });
  });
  Object.keys(selects).forEach(function (name) {
    selects[name].addEventListener("change", filter);
  });
  controls.hidden = false;
  filter();
}());
