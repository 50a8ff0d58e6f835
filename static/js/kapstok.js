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

  /*
   * After htmx replaced part of the page, move the keyboard focus to what changed: a message that
   * asks for attention ([data-focus], e.g. the errors of a form), else the first field of a form
   * that appeared, else the changed element itself. Without this, focus would be lost with the
   * element that was replaced.
   */
  function focusAfterSwap(target) {
    if (!target || !target.isConnected) {
      return;
    }
    var element =
      target.querySelector("[data-focus]") ||
      target.querySelector("form input:not([type=hidden]), form select, form textarea") ||
      target;
    if (element === target && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    // After htmx has finished laying out the new content: focus, and bring it into sight.
    window.requestAnimationFrame(function () {
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: "center" });
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.target;
    if (target && (target.id === "meldingen" || target.hasAttribute("data-keep-focus"))) {
      // The messages are announced by their live region, and a part that refreshes itself (the
      // status of a background task, polled every two seconds) must not take the focus either.
      return;
    }
    if (target && target.id && !target.isConnected) {
      target = document.getElementById(target.id);
    }
    focusAfterSwap(target);
  });

  /* A full page with errors: the browser honours autofocus; make sure the message is in view. */
  document.addEventListener("DOMContentLoaded", function () {
    var message = document.querySelector(".kapstok-foutmelding[data-focus]");
    if (message) {
      message.focus({ preventScroll: true });
      message.scrollIntoView({ block: "center" });
    }
  });
})();
