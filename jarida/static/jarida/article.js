/* An article page: count the view (a beacon, so a cached page is counted too; no cookie),
   and copy the short link to the clipboard. Both are extras: the page works without them. */
(function () {
  "use strict";
  var article = document.querySelector(".article[data-count-url]");
  if (article && navigator.sendBeacon && document.visibilityState !== "prerender") {
    navigator.sendBeacon(article.getAttribute("data-count-url"));
  }
  document.querySelectorAll(".share-link--copy").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return; // the link itself is the short URL
      event.preventDefault();
      navigator.clipboard.writeText(link.getAttribute("data-copy")).then(function () {
        var label = link.textContent;
        link.textContent = "نُسخ الرابط";
        setTimeout(function () { link.textContent = label; }, 2000);
      });
    });
  });
})();
