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
      translations: words(box),
    });
    label(box);
  }

  // The reader's language's words for Pagefind's box and results (from the theme's catalogs).
  function words(box) {
    try {
      return JSON.parse(box.getAttribute("data-words") || "{}");
    } catch (error) {
      return {};
    }
  }

  // A visible label for the search field: a title or a placeholder alone is not a label.
  function label(box) {
    var input = box.querySelector("input[type=text], input[type=search], input:not([type])");
    if (!input || input.id === "sg-search-input") {
      return;
    }
    input.id = "sg-search-input";
    var text = document.createElement("label");
    text.className = "search__label";
    text.htmlFor = input.id;
    text.textContent = box.getAttribute("data-label") || "";
    var form = input.closest("form") || input.parentNode;
    form.parentNode.insertBefore(text, form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
