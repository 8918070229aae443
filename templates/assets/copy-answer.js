/* "Copy this answer" on a rumour's page. Without JavaScript the answer is plain text to select
   and copy by hand and the button stays hidden; with it, the button copies the text and says so. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-copy-answer]");
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-answer"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!source) {
      return;
    }
    function done() {
      if (status) {
        status.textContent = button.getAttribute("data-copied");
      }
    }
    function copyBySelecting() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try {
        if (document.execCommand("copy")) {
          done();
        }
      } catch (ignored) {
        /* the text stays selected: the reader can copy it themselves */
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.innerText || source.textContent;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, copyBySelecting);
      } else {
        copyBySelecting();
      }
    });
  });
})();
