// Town archive jobs (portal/archive_jobs.html): while one is waiting or in progress, the
// table is fetched again every 5 seconds and replaced in place. The page itself is never
// reloaded, so focus, the scroll position and a half-filled form stay; the table is a polite
// live region, so a screen reader hears the new state. Without JavaScript the page offers
// a link that shows the current state.
(function () {
  "use strict";
  var EVERY = 5000;
  function poll() {
    var table = document.getElementById("archive-jobs");
    if (!table || table.getAttribute("data-open") !== "true") return;
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("archive-jobs");
          var current = document.getElementById("archive-jobs");
          if (fresh && current) current.replaceWith(fresh);
          poll();
        })
        .catch(function () { poll(); });
    }, EVERY);
  }
  document.addEventListener("DOMContentLoaded", poll);
})();
