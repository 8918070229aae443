// The sitegen contact directory editor: a changed phone number, web or e-mail address shows a
// box to type it again; the save sends both, and the server refuses a change not typed twice.
// Served by the editor itself (no inline script, no framework, no other host).
(function () {
  "use strict";
  var form = document.getElementById("contacts-form");
  if (!form) { return; }
  var statusBox = document.getElementById("status");
  var facts = ["phone", "url", "email"];

  function inputs() {
    return Array.prototype.slice.call(form.querySelectorAll("input[data-key]"));
  }

  function confirmBox(input) {
    return document.getElementById("confirm-" + input.id);
  }

  function showConfirm(input, shown) {
    var box = confirmBox(input);
    if (!box) { return; }
    if (!shown) { document.getElementById(input.id + "-confirm").value = ""; }
    if (shown && box.hidden) {
      // tell a screen reader's user about the box that just appeared
      statusBox.textContent = box.querySelector("label").textContent + ": the box is below it.";
    }
    box.hidden = !shown;
  }

  function followChange(event) {
    var input = event.target;
    if (facts.indexOf(input.dataset.key) === -1) { return; }
    showConfirm(input, input.value.trim() !== input.dataset.original);
  }

  function collect() {
    var entries = {};
    var confirm = {};
    inputs().forEach(function (input) {
      if (input.readOnly || input.value.trim() === input.dataset.original) { return; }
      var index = input.dataset.entry;
      (entries[index] = entries[index] || {})[input.dataset.key] = input.value;
      var again = document.getElementById(input.id + "-confirm");
      if (again && !confirmBox(input).hidden) {
        (confirm[index] = confirm[index] || {})[input.dataset.key] = again.value;
      }
    });
    return {entries: entries, confirm: confirm};
  }

  function clearProblems() {
    Array.prototype.forEach.call(form.querySelectorAll(".problems"), function (box) {
      box.textContent = "";
    });
  }

  function showProblems(problems) {
    clearProblems();
    problems.forEach(function (problem) {
      var box = document.getElementById("problems-" + problem.field) ||
        document.getElementById("problems-directory");
      var item = document.createElement("span");
      item.className = "problem error";
      item.textContent = "error: " + problem.message;
      box.appendChild(item);
    });
  }

  function save(event) {
    event.preventDefault();
    statusBox.textContent = "Saving…";
    var sent = collect();
    fetch("/_edit/api/contacts", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Sitegen-Edit": "1"},
      body: JSON.stringify({path: form.dataset.path, hash: form.dataset.hash,
                            entries: sent.entries, confirm: sent.confirm})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.status === 409) {
          document.getElementById("conflict").hidden = false;
          statusBox.textContent = "Not saved: the file changed on disk.";
          return;
        }
        if (response.status !== 200) {
          (data.confirm || []).forEach(function (name) {
            showConfirm(document.getElementById(name), true);
          });
          showProblems(data.problems || []);
          statusBox.textContent = "Not saved: see the messages at the fields.";
          var first = form.querySelector(".problems:not(:empty)");
          var field = first && document.getElementById(first.id.replace("problems-", ""));
          if (field) { field.focus(); }
          return;
        }
        clearProblems();
        form.dataset.hash = data.hash;
        inputs().forEach(function (input) {
          input.dataset.original = input.value.trim();
          showConfirm(input, false);
        });
        statusBox.textContent = data.lock ? "Saved. " + data.lock : "Saved.";
      });
    });
  }

  form.addEventListener("input", followChange);
  form.addEventListener("submit", save);
}());
