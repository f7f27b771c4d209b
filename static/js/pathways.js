// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // A button that folds what it controls at phone width (the main navigation, a page's
  // filters); the CSS shows the button and hides the target there only when script runs.
  document.querySelectorAll("button[aria-controls].nav-toggle, button[aria-controls].filters-toggle").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      target.classList.toggle("open", open);
    });
  });
  // Tables that stack at phone width: each cell is labelled with its column's header, and
  // the key columns (marked on the header) keep their place.
  document.querySelectorAll("table.stack").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return { text: th.textContent.trim(), key: th.classList.contains("key") };
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        var header = headers[i];
        if (!header) {
          return;
        }
        if (header.key) {
          cell.classList.add("key");
        } else if (header.text) {
          cell.setAttribute("data-label", header.text);
        }
      });
    });
  });
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
  // "Select all" for checkboxes of one name that belong to the box's form (also those
  // placed elsewhere on the page with a form attribute). Without script it stays hidden.
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    var wrapper = box.closest("[data-select-all-wrapper]");
    if (wrapper) {
      wrapper.hidden = false;
    }
    box.addEventListener("change", function () {
      Array.prototype.forEach.call(box.form.elements, function (element) {
        if (element.name === box.dataset.selectAll && element.type === "checkbox") {
          element.checked = box.checked;
        }
      });
    });
  });
  // A print button (recovery codes) appears only where script can press it.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  // A box that scrolls sideways (a wide table; a chart kept at its drawn size on a phone)
  // takes the keyboard focus while it scrolls, so the keyboard can scroll it too.
  var scrollers = document.querySelectorAll(".table-wrap, figure.card");
  var focusWhileScrolling = function () {
    scrollers.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  };
  focusWhileScrolling();
  window.addEventListener("resize", focusWhileScrolling);
  // After a refused form, start keyboard and screen-reader users at the list of errors.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
