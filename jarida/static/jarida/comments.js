/* The comment form under an article. The article page is one cached copy for every reader,
   so the form comes without its per-reader tokens: they are fetched (CSRF token and cookie,
   and the form's signed token) when the reader starts to write. Without this script the
   «أضف تعليقاً» link opens the separate form page. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form-inline");
  if (!form || !window.fetch) return;
  var link = document.querySelector("#comments .comments-add-link");
  var status = form.querySelector(".comment-form-status");
  var replying = form.querySelector(".comment-replying");
  var loaded = null;

  function tokens() {
    if (!loaded) {
      loaded = fetch(form.getAttribute("data-token-url"), {credentials: "same-origin"})
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error || "");
            form.elements.csrfmiddlewaretoken.value = data.csrf;
            form.elements.token.value = data.token;
          });
        })
        .catch(function (error) {
          loaded = null;
          status.textContent = error.message || "تعذّر تجهيز النموذج. تحقّق من الاتصال وأعد المحاولة.";
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

  document.querySelectorAll("#comments .comment-reply").forEach(function (reply) {
    reply.addEventListener("click", function (event) {
      event.preventDefault();
      form.elements.parent.value = reply.getAttribute("data-parent");
      replying.querySelector(".comment-replying-name").textContent = reply.getAttribute("data-name");
      replying.hidden = false;
      form.elements.body.focus();
    });
  });
  replying.querySelector("button").addEventListener("click", function () {
    form.elements.parent.value = "";
    replying.hidden = true;
  });
})();
