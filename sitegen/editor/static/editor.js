// The sitegen page editor: preview as you type, save, show problems and earlier versions.
// Served by the editor itself (no inline script, no framework, no other host).
(function () {
  "use strict";
  var form = document.getElementById("page-form");
  if (!form) { return; }
  var path = form.dataset.path;
  var body = document.getElementById("field-body");
  var preview = document.getElementById("preview");
  var statusBox = document.getElementById("status");
  var timer = null;

  function post(action, data) {
    return fetch("/_edit/api/" + action, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Sitegen-Edit": "1"},
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (json) { return {status: response.status, data: json}; });
    });
  }

  function fields() {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (input) {
      if (!input.readOnly) { values[input.dataset.field] = input.value; }
    });
    return values;
  }

  function showPreview() {
    post("preview", {path: path, body: body.value, body_line: Number(form.dataset.bodyLine)})
      .then(function (answer) {
        // The HTML is the build's own output for this text: rendered and sanitised by sitegen.
        preview.innerHTML = answer.data.html;
        var titleBox = document.getElementById("field-title");  // a letter has none
        if (titleBox && titleBox.value) {
          var title = document.createElement("h1");
          title.textContent = titleBox.value;
          preview.insertBefore(title, preview.firstChild);
        }
      });
  }

  // The list fields: the boxes ticked, or one value per line where any words will do.
  function lists() {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-list]"), function (set) {
      values[set.dataset.list] = Array.prototype.map.call(
        set.querySelectorAll("input[type=checkbox]:checked"), function (box) { return box.value; });
    });
    Array.prototype.forEach.call(form.querySelectorAll("textarea[data-list]"), function (box) {
      values[box.dataset.list] = box.value.split("\n").map(function (line) {
        return line.trim();
      }).filter(function (line) { return line !== ""; });
    });
    return values;
  }

  function schedulePreview() {
    window.clearTimeout(timer);
    timer = window.setTimeout(showPreview, 300);
  }

  function clearProblems() {
    Array.prototype.forEach.call(document.querySelectorAll(".problems"), function (box) {
      box.textContent = "";
    });
  }

  function showProblems(problems) {
    clearProblems();
    problems.forEach(function (problem) {
      var box = document.getElementById("problems-" + problem.field) ||
        document.getElementById("problems-body");
      var item = document.createElement("span");
      var where = problem.body_line ? "line " + problem.body_line + ": " : "";
      item.className = "problem " + (problem.level || "error");
      item.textContent = (problem.level || "error") + ": " + where + problem.message;
      box.appendChild(item);
    });
  }

  function loadHistory() {
    fetch("/_edit/api/history?path=" + encodeURIComponent(path), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (entries) {
        var list = document.getElementById("history");
        list.textContent = "";
        entries.forEach(function (entry) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = "Restore the version replaced at " + entry.saved_at;
          button.dataset.entry = entry.name;
          button.addEventListener("click", function () { restore(entry.name); });
          item.appendChild(button);
          list.appendChild(item);
        });
      });
  }

  function restore(entry) {
    post("restore", {path: path, entry: entry, hash: form.dataset.hash}).then(function (answer) {
      if (answer.status === 200) {
        window.location.reload();
      } else {
        statusBox.textContent = "Could not restore: " + (answer.data.message || answer.status);
      }
    });
  }

  function save(event) {
    event.preventDefault();
    statusBox.textContent = "Saving…";
    post("save", {path: path, fields: fields(), lists: lists(), body: body.value,
                  hash: form.dataset.hash})
      .then(function (answer) {
        if (answer.status === 409) {
          document.getElementById("conflict-disk").textContent = answer.data.on_disk;
          document.getElementById("conflict-mine").textContent = answer.data.mine;
          document.getElementById("conflict").hidden = false;
          statusBox.textContent = "Not saved: the file changed on disk.";
          return;
        }
        if (answer.status !== 200) {
          showProblems(answer.data.problems || []);
          statusBox.textContent = "Not saved.";
          return;
        }
        form.dataset.hash = answer.data.hash;
        form.dataset.bodyLine = answer.data.body_line;
        showProblems(answer.data.problems);
        var count = answer.data.problems.length;
        statusBox.textContent = count ? "Saved, with " + count + " problem(s) to look at." : "Saved.";
        loadHistory();
      });
  }

  form.addEventListener("input", schedulePreview);
  form.addEventListener("submit", save);
  showPreview();
  loadHistory();
}());

// The side-by-side translation page: save one segment at a time.
(function () {
  "use strict";
  var table = document.getElementById("segments");
  if (!table) { return; }
  var statusBox = document.getElementById("status");
  Array.prototype.forEach.call(document.querySelectorAll(".save-segment"), function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.dataset.target);
      fetch("/_edit/api/segment", {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-Sitegen-Edit": "1"},
        body: JSON.stringify({path: table.dataset.path, context: box.dataset.context,
                              text: box.value, hash: table.dataset.hash})
      }).then(function (response) {
        return response.json().then(function (data) {
          if (response.status === 200) {
            table.dataset.hash = data.hash;
            statusBox.textContent = "Saved " + box.dataset.context + ".";
          } else if (response.status === 409) {
            statusBox.textContent = "Not saved: the file changed on disk. Reload the page.";
          } else {
            statusBox.textContent = "Not saved: " + data.problems.map(function (p) {
              return p.message;
            }).join(" ");
          }
        });
      });
    });
  });
}());
