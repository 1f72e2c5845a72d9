/* The newsletter form in every page's footer. The page is one cached copy for every reader,
   so the form comes without its per-reader tokens: they are fetched (CSRF token and cookie,
   and the form's signed token) when the reader starts to type. Without this script the
   footer's link opens /newsletter/. */
(function () {
  "use strict";
  var form = document.querySelector(".newsletter-inline-form");
  if (!form || !window.fetch) return;
  var link = document.querySelector(".newsletter-footer-link");
  var status = form.querySelector(".newsletter-form-status");
  var loaded = null;

  function tokens() {
    if (!loaded) {
      loaded = fetch(form.getAttribute("data-token-url"), {credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) throw new Error("");
          return response.json().then(function (data) {
            form.elements.csrfmiddlewaretoken.value = data.csrf;
            form.elements.token.value = data.token;
          });
        })
        .catch(function (error) {
          loaded = null;
          status.textContent = "تعذّر تجهيز النموذج. تحقّق من الاتصال وأعد المحاولة.";
          throw error;
        });
    }
    return loaded;
  }

  form.hidden = false;
  if (link) link.hidden = true;
  form.addEventListener("focusin", function () { tokens().catch(function () {}); });
  form.addEventListener("submit", function (event) {
    if (form.elements.token.value) return;
    event.preventDefault();
    tokens().then(function () { form.submit(); }, function () {});
  });
})();
