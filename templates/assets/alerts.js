/* Alerts that end. A page may be read days after it was built, from a host or a copy saved to
   a phone: each banner says when it ends (`data-alert-ends`, a UTC instant), and once the
   reader's clock has passed that moment the banner is hidden, now or while the page is open.
   Without JavaScript every banner the build found live is shown, with its dates in words. */
(function () {
  "use strict";
  var banners = document.querySelectorAll("[data-alert-ends]");
  // setTimeout waits at most 2^31 - 1 ms (about 24 days); longer waits are checked again then.
  var LONGEST_WAIT = 2147483647;

  function hideIfEnded(banner) {
    var ends = Date.parse(banner.getAttribute("data-alert-ends"));
    if (isNaN(ends)) {
      return;
    }
    var left = ends - Date.now();
    if (left <= 0) {
      banner.hidden = true;
      hideEmptyList(banner.parentNode);
      return;
    }
    window.setTimeout(function () {
      hideIfEnded(banner);
    }, Math.min(left, LONGEST_WAIT));
  }

  function hideEmptyList(list) {
    if (!list || !list.children) {
      return;
    }
    for (var i = 0; i < list.children.length; i += 1) {
      if (!list.children[i].hidden) {
        return;
      }
    }
    list.hidden = true;
  }

  for (var i = 0; i < banners.length; i += 1) {
    hideIfEnded(banners[i]);
  }
})();
