// Start Pagefind's search box on the search page. Pagefind needs absolute paths (it refuses
// relative ones), so they are worked out here from the page's relative links: the site then
// works under any sub-path of any static host.
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-search]");
    if (!box || typeof window.PagefindUI !== "function") {
      return;
    }
    var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI);
    var root = new URL(box.getAttribute("data-root") || "./", document.baseURI);
    new window.PagefindUI({
      element: box,
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showImages: false,
      resetStyles: false,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
