/*
 * Kapstok's only script. Loaded with `defer` after htmx; the Content-Security-Policy forbids
 * inline scripts, so all behaviour lives in files like this one.
 *
 * Every htmx request carries the CSRF token (from <body data-csrf>) as the X-CSRFToken header,
 * so htmx POSTs pass Django's CSRF check like normal form posts do.
 */
(function () {
  "use strict";

  function csrfToken() {
    return document.body ? document.body.getAttribute("data-csrf") : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
})();
