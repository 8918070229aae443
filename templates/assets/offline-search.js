// Search on a copy of the site opened from disk or a USB stick, where the browser can fetch
// nothing: the index is a script beside this one (assets/search-index.<lang>.js, which sets
// window.sitegenSearchIndex). Every word typed must appear in a page's title or text.
(function () {
  "use strict";

  function words(text) {
    return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }

  function start() {
    var box = document.querySelector("[data-offline-search]");
    var pages = window.sitegenSearchIndex;
    if (!box || !Array.isArray(pages)) {
      return;
    }
    var input = box.querySelector("input");
    var list = box.querySelector("ol");
    var none = box.querySelector("[data-no-results]");
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = words(input.value);
      list.textContent = "";
      if (!wanted.length) {
        none.hidden = true;
        return;
      }
      var found = pages.filter(function (page) {
        var text = (page.t + " " + page.x).toLocaleLowerCase();
        return wanted.every(function (word) { return text.indexOf(word) !== -1; });
      });
      found.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.u;
        link.textContent = page.t;
        item.appendChild(link);
        list.appendChild(item);
      });
      none.hidden = found.length > 0;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
