/* Leave this site quickly. Without JavaScript the control is a plain link; with it, leaving
   replaces this page in the history (Back does not return here) and pressing Escape three
   times within two seconds leaves too. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link || !window.location || !window.location.replace) {
    return;
  }
  var destination = link.href;
  var presses = [];

  function leave() {
    document.title = "";
    document.body.hidden = true;
    window.location.replace(destination);
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) {
      return now - time < 2000;
    });
    presses.push(now);
    if (presses.length >= 3) {
      leave();
    }
  });

  var hint = document.querySelector("[data-quick-exit-hint]");
  if (hint) {
    hint.hidden = false;
  }
})();
