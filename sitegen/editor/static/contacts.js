// The sitegen contact directory editor: a changed phone number, web or e-mail address shows a
// box to type it again; the save sends both, and the server refuses a change not typed twice.
// "Add an entry" copies the page's template of a new entry; "Remove this entry" asks for the
// entry's id and sends the removal on its own. A translation's page sends its words by entry id.
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

  function tops() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-top]"));
  }

  function changed(input) {
    return !input.readOnly && input.value.trim() !== input.dataset.original;
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
    var added = {};
    var confirm = {};
    var top = {};
    tops().forEach(function (box) {
      if (changed(box)) { top[box.dataset.top] = box.value; }
    });
    inputs().forEach(function (input) {
      if (!changed(input)) { return; }
      var index = input.dataset.entry;
      var into = input.hasAttribute("data-new") ? added : entries;
      (into[index] = into[index] || {})[input.dataset.key] = input.value;
      var again = document.getElementById(input.id + "-confirm");
      if (again && !confirmBox(input).hidden) {
        (confirm[index] = confirm[index] || {})[input.dataset.key] = again.value;
      }
    });
    return {entries: entries, add: added, confirm: confirm, top: top};
  }

  function pending() {
    var sent = collect();
    return Object.keys(sent.entries).length + Object.keys(sent.add).length +
      Object.keys(sent.top).length > 0;
  }

  function addEntry() {
    var number = form.dataset.next;
    form.dataset.next = String(Number(number) + 1);
    var template = document.getElementById("new-entry");
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split("__N__").join(number);
    var fieldset = holder.firstElementChild;
    document.getElementById("new-entries").appendChild(fieldset);
    document.getElementById("entry-" + number + "-id").focus();
    statusBox.textContent = "A new entry was added at the end of the form: type its id first.";
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

  function post(body) {
    body.path = form.dataset.path;
    body.hash = form.dataset.hash;
    return fetch("/_edit/api/contacts", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Sitegen-Edit": "1"},
      body: JSON.stringify(body)
    });
  }

  function refused(data) {
    (data.confirm || []).forEach(function (name) {
      showConfirm(document.getElementById(name), true);
    });
    showProblems(data.problems || []);
    statusBox.textContent = "Not saved: see the messages at the fields.";
    var first = form.querySelector(".problems:not(:empty)");
    var field = first && document.getElementById(first.id.replace("problems-", ""));
    if (field) { field.focus(); }
  }

  function askRemoval(button) {
    var box = document.getElementById("confirm-entry-" + button.dataset.remove + "-remove");
    box.hidden = false;
    document.getElementById("entry-" + button.dataset.remove + "-remove").focus();
  }

  function remove(index) {
    if (pending()) {
      statusBox.textContent = "Save or undo your other changes first, then remove the entry.";
      return;
    }
    statusBox.textContent = "Removing…";
    var typed = document.getElementById("entry-" + index + "-remove").value;
    post({remove: Number(index), remove_confirm: typed}).then(function (response) {
      return response.json().then(function (data) {
        if (response.status === 409) {
          document.getElementById("conflict").hidden = false;
          statusBox.textContent = "Not saved: the file changed on disk.";
        } else if (response.status !== 200) {
          refused(data);
        } else {
          window.location.reload();  // the entries after it have new numbers now
        }
      });
    });
  }

  function click(event) {
    var target = event.target;
    if (target.id === "add-entry") { addEntry(); }
    if (target.classList.contains("remove")) { askRemoval(target); }
    if (target.classList.contains("remove-now")) { remove(target.dataset.entry); }
  }

  function keydown(event) {
    var match = /^entry-(\d+)-remove$/.exec(event.target.id || "");
    if (match && event.key === "Enter") {
      event.preventDefault();  // Enter in the removal box removes, it does not save the form
      remove(match[1]);
    }
  }

  function save(event) {
    event.preventDefault();
    statusBox.textContent = "Saving…";
    var sent = collect();
    post({entries: sent.entries, add: sent.add, confirm: sent.confirm, top: sent.top})
      .then(function (response) {
      return response.json().then(function (data) {
        if (response.status === 409) {
          document.getElementById("conflict").hidden = false;
          statusBox.textContent = "Not saved: the file changed on disk.";
          return;
        }
        if (response.status !== 200) {
          refused(data);
          return;
        }
        clearProblems();
        form.dataset.hash = data.hash;
        inputs().concat(tops()).forEach(function (input) {
          input.dataset.original = input.value.trim();
          showConfirm(input, false);
          if (input.hasAttribute("data-new")) {
            // saved: the entry is one of the file's now, and its id is never changed here
            input.removeAttribute("data-new");
            if (input.dataset.key === "id") { input.readOnly = true; }
          }
        });
        statusBox.textContent = data.lock ? "Saved. " + data.lock : "Saved.";
      });
    });
  }

  form.addEventListener("input", followChange);
  form.addEventListener("submit", save);
  form.addEventListener("click", click);
  form.addEventListener("keydown", keydown);
}());
