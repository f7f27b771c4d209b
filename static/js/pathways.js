// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("DOMContentLoaded", function () {
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
  // After a refused form, start keyboard and screen-reader users at the list of errors.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
