// Progressive enhancement of the case form: "add a row" buttons add an
// empty row in place instead of sending the form. Without this script the
// buttons send the form and the server answers with one more row; nothing
// depends on it.
(function () {
  "use strict";
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var table = document.querySelector('table[data-rows="' + button.dataset.addRow + '"] tbody');
    if (!table) {
      return;
    }
    button.addEventListener("click", function (event) {
      var rows = table.querySelectorAll("tr");
      if (rows.length === 0) {
        return;
      }
      event.preventDefault();
      var index = rows.length;
      var row = rows[rows.length - 1].cloneNode(true);
      row.querySelectorAll("input[type=text], textarea").forEach(function (field) {
        field.value = "";
        field.removeAttribute("aria-invalid");
        field.removeAttribute("aria-describedby");
        if (field.id) {
          field.id = field.id.replace(/_\d+$/, "_" + index);
        }
      });
      row.querySelectorAll(".field-error, .remove label").forEach(function (el) {
        el.remove();
      });
      table.appendChild(row);
      var first = row.querySelector("input, textarea");
      if (first) {
        first.focus();
      }
    });
  });
})();
