// The editor's page list: make a new page, statement, letter or alert, then open it.
// Served by the editor itself (no inline script, no framework, no other host).
(function () {
  "use strict";
  var form = document.getElementById("new-form");
  if (!form) { return; }
  var where = document.getElementById("new-where");
  var kind = document.getElementById("new-kind");
  var problems = document.getElementById("problems-where");
  var statusBox = document.getElementById("new-status");

  function say(box, text) {
    box.textContent = text;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    say(problems, "");
    say(statusBox, "Making it…");
    fetch("/_edit/api/new", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Sitegen-Edit": "1"},
      body: JSON.stringify({path: where.value, kind: kind.value})
    }).then(function (response) {
      return response.json().then(
        function (json) { return {status: response.status, data: json}; },
        function () { return {status: response.status, data: {}}; }
      );
    }).then(function (answer) {
      if (answer.status === 200) {
        say(statusBox, "Made " + answer.data.path + ". Opening it…");
        window.location.assign(answer.data.address);
        return;
      }
      var found = (answer.data.problems || [])[0];
      say(statusBox, "Nothing was made.");
      say(problems, found ? found.message : "The editor refused this (status " + answer.status + ").");
      where.setAttribute("aria-invalid", "true");
      where.focus();
    }, function () {
      say(statusBox, "Nothing was made: the editor did not answer. Is sitegen serve still running?");
    });
  });
}());
