// Live coverage: polls the page's cacheable endpoint with If-None-Match every 20-30 s (less
// often while the tab is hidden or the server fails), and announces new updates with a
// button («٣ تحديثات جديدة») rather than moving the text under the reader's eyes.
(function () {
  "use strict";
  var root = document.querySelector(".live[data-poll-url]");
  if (!root || !window.fetch) return;
  var stream = root.querySelector(".live-stream");
  var notice = root.querySelector(".live-notice");
  var button = notice.querySelector("button");
  var url = root.getAttribute("data-poll-url");
  var min = Number(root.getAttribute("data-poll-min")) || 20;
  var max = Number(root.getAttribute("data-poll-max")) || 30;
  var newest = Number(root.getAttribute("data-newest-id")) || 0;
  var etag = null;
  var pending = [];
  var lastUpdate = null;
  var failures = 0;
  var timer = null;
  var stopped = false;
  var DIGITS = "٠١٢٣٤٥٦٧٨٩";

  function indic(n) {
    return String(n).replace(/[0-9]/g, function (d) { return DIGITS[Number(d)]; });
  }

  // Arabic number agreement: 1, 2, 3-10, 11 and more.
  function label(n) {
    if (n === 1) return "تحديث جديد";
    if (n === 2) return "تحديثان جديدان";
    if (n <= 10) return indic(n) + " تحديثات جديدة";
    return indic(n) + " تحديثاً جديداً";
  }

  function delay() {
    var base = min + Math.random() * (max - min);
    if (document.hidden) base *= 4;
    return Math.min(base * Math.pow(2, failures), 300) * 1000;
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(poll, delay());
  }

  function show(data) {
    lastUpdate = data;
    pending = data.updates.filter(function (u) { return u.id > newest; });
    if (data.state === "ended") {
      stopped = true;
      button.textContent = "انتهت التغطية: أعد تحميل الصفحة";
      notice.hidden = false;
      return;
    }
    if (pending.length) {
      button.textContent = label(pending.length);
      notice.hidden = false;
    }
  }

  function poll() {
    var headers = {};
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 304) { failures = 0; return null; }
        if (!response.ok) throw new Error(response.status);
        failures = 0;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) show(data); })
      .catch(function () { failures = Math.min(failures + 1, 4); })
      .then(schedule);
  }

  button.addEventListener("click", function () {
    if (stopped) { window.location.reload(); return; }
    // The endpoint carries the newest 20: with that many new, the page itself has them all.
    if (pending.length >= 20) {
      window.location.reload();
      return;
    }
    var html = pending.map(function (u) { return u.html; }).join("");
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var first = holder.firstElementChild;
    while (holder.lastElementChild) stream.insertBefore(holder.lastElementChild, stream.firstChild);
    var empty = stream.querySelector(".live-empty");
    if (empty) empty.remove();
    newest = Math.max.apply(null, [newest].concat(pending.map(function (u) { return u.id; })));
    pending = [];
    notice.hidden = true;
    var stamp = root.querySelector(".live-last time");
    if (stamp && lastUpdate && lastUpdate.last_update_text) {
      stamp.textContent = lastUpdate.last_update_text;
      stamp.setAttribute("datetime", lastUpdate.last_update_iso);
    }
    if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
  });

  document.addEventListener("visibilitychange", function () {
    // Back on the tab: look now rather than at the end of a long hidden wait.
    if (!document.hidden) { clearTimeout(timer); poll(); } else { schedule(); }
  });
  schedule();
})();
