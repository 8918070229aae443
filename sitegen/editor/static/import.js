// The editor's "paste a letter or thread": show what `sitegen import` makes of it, then write it.
// Served by the editor itself (no inline script, no framework, no other host).
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form) { return; }
  var text = document.getElementById("import-text");
  var into = document.getElementById("import-into");
  var write = document.getElementById("import-write");
  var statusBox = document.getElementById("import-status");
  var problems = document.getElementById("problems-text");
  var plan = document.getElementById("import-plan");
  var shown = null;  // the text and folder the preview was made from

  function post(action) {
    return fetch("/_edit/api/" + action, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Sitegen-Edit": "1"},
      body: JSON.stringify({path: "content/statements", text: text.value, into: into.value})
    }).then(function (response) {
      return response.json().then(
        function (json) { return {status: response.status, data: json}; },
        function () { return {status: response.status, data: {}}; }
      );
    });
  }

  function element(tag, content) {
    var made = document.createElement(tag);
    if (content !== undefined) { made.textContent = content; }
    return made;
  }

  function refused(answer) {
    var found = (answer.data.problems || [])[0];
    problems.textContent = found ? found.message : "The editor refused this (" + answer.status + ").";
  }

  function show(data) {
    var summary = document.getElementById("import-summary");
    var files = document.getElementById("import-files");
    summary.textContent = "";
    files.textContent = "";
    summary.appendChild(element("p", "Statement: " + data.title + " (in " + data.folder + "/)"));
    if (!data.intro_found) {
      summary.appendChild(element("p", "No words of the group's own came before the first " +
        "letter: write them in the statement's index.md."));
    }
    var list = element("ol");
    data.letters.forEach(function (letter) {
      var item = element("li", letter.file);
      var guessed = element("ul");
      letter.guessed.forEach(function (line) { guessed.appendChild(element("li", line)); });
      item.appendChild(guessed);
      list.appendChild(item);
    });
    summary.appendChild(list);
    data.files.forEach(function (file) {
      files.appendChild(element("h3", file.path + (file.exists ? " (exists already)" : "")));
      var pre = element("pre", file.text);
      pre.setAttribute("dir", "auto");
      files.appendChild(pre);
    });
    plan.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    problems.textContent = "";
    statusBox.textContent = "Reading it…";
    post("import-preview").then(function (answer) {
      if (answer.status !== 200) {
        refused(answer);
        statusBox.textContent = "Nothing to show.";
        write.disabled = true;
        return;
      }
      show(answer.data);
      shown = {text: text.value, into: into.value};
      write.disabled = false;
      statusBox.textContent = "Here is what it makes (" + answer.data.letters.length +
        " letter(s)). Nothing is written yet.";
    });
  });

  form.addEventListener("input", function () {
    if (shown && (shown.text !== text.value || shown.into !== into.value)) {
      write.disabled = true;  // what would be written is no longer what was shown
      statusBox.textContent = "Changed since it was shown: show it again before writing.";
    }
  });

  write.addEventListener("click", function () {
    statusBox.textContent = "Writing…";
    post("import").then(function (answer) {
      if (answer.status !== 200) {
        refused(answer);
        statusBox.textContent = "Nothing was written.";
        return;
      }
      statusBox.textContent = "Wrote " + answer.data.folder + "/. Opening the statement…";
      window.location.assign(answer.data.address);
    });
  });
}());
