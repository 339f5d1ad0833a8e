/* Up/down buttons on reorderable admin inlines: rows move, positions renumber in order.
 * Without JavaScript the position fields are typed by hand. */
(function () {
  "use strict";

  function rows(group) {
    return Array.prototype.filter.call(
      group.querySelectorAll("tbody tr.form-row"),
      function (row) { return !row.classList.contains("empty-form"); }
    );
  }

  function renumber(group) {
    rows(group).forEach(function (row, index) {
      var input = row.querySelector('input[name$="-position"]');
      if (input) input.value = index + 1;
    });
  }

  function button(label, text, handler) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "reorder-button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", handler);
    return b;
  }

  function decorate(group, row) {
    if (row.dataset.reorderReady || row.classList.contains("empty-form")) return;
    var cell = row.querySelector("td.field-position");
    if (!cell) return;
    row.dataset.reorderReady = "1";
    var name = function () {
      var title = row.querySelector('input[name$="-title"], textarea[name$="-stem"], input[name$="-analyte"]');
      return title && title.value ? "“" + title.value.slice(0, 40) + "”" : "this row";
    };
    cell.appendChild(button("Move up", "↑", function (e) {
      var prev = row.previousElementSibling;
      if (prev && prev.classList.contains("form-row") && !prev.classList.contains("empty-form")) {
        row.parentNode.insertBefore(row, prev);
        renumber(group);
        e.target.focus();
      }
    }));
    cell.appendChild(button("Move down", "↓", function (e) {
      var next = row.nextElementSibling;
      if (next && next.classList.contains("form-row") && !next.classList.contains("empty-form")) {
        row.parentNode.insertBefore(next, row);
        renumber(group);
        e.target.focus();
      }
    }));
    cell.querySelectorAll(".reorder-button").forEach(function (b) {
      b.setAttribute("aria-label", b.getAttribute("aria-label") + " " + name());
    });
  }

  function init() {
    document.querySelectorAll(".inline-group .reorderable, .inline-group.reorderable, fieldset.reorderable").forEach(function (box) {
      var group = box.closest(".inline-group") || box;
      rows(group).forEach(function (row) { decorate(group, row); });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("formset:added", function (event) {
    init();
    var group = event.target.closest(".inline-group");
    if (group) renumber(group);
  });
})();

/* Tabular inline cells have no label of their own: name each field after its column. */
(function () {
  "use strict";
  function label(root) {
    (root || document).querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr.form-row:not(.empty-form)").forEach(function (row, index) {
        Array.prototype.forEach.call(row.children, function (cell) {
          var name = (cell.className.match(/field-([\w-]+)/) || [])[1];
          if (!name) return;
          var head = table.querySelector("thead th.column-" + name);
          var text = head ? head.textContent.trim() : name;
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (!field.labels || !field.labels.length) field.setAttribute("aria-label", text + ", row " + (index + 1));
          });
        });
      });
      return heads;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("formset:added", function () { label(document); });
})();
