// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
  // A period picker whose value ("start=...&end=...") becomes the query of every link
  // marked data-period-link, so the links follow the chosen period without a reload.
  document.querySelectorAll("select[data-period-links]").forEach(function (select) {
    select.addEventListener("change", function () {
      document.querySelectorAll("a[data-period-link]").forEach(function (a) {
        a.search = "?" + select.value;
      });
    });
  });
});
