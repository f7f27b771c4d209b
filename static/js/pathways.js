// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
  // After a refused form, start keyboard and screen-reader users at the list of errors.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
