/* Live preview of authored Markdown, rendered and sanitized by the server as learners see it. */
(function () {
  "use strict";
  var PREVIEW_URL = "/authoring/markdown-preview/";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setup(textarea) {
    if (textarea.dataset.previewReady) return;
    textarea.dataset.previewReady = "1";
    var box = document.createElement("div");
    box.className = "markdown-preview";
    var heading = document.createElement("p");
    heading.className = "markdown-preview-heading";
    heading.textContent = "Preview, as learners will see it";
    var body = document.createElement("div");
    body.className = "markdown-preview-body";
    body.setAttribute("aria-live", "polite");
    body.id = textarea.id + "-preview";
    box.appendChild(heading);
    box.appendChild(body);
    textarea.insertAdjacentElement("afterend", box);
    var timer = null;
    var sent = 0;

    function refresh() {
      var ticket = ++sent;
      var data = new FormData();
      data.append("text", textarea.value);
      fetch(PREVIEW_URL, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          // The server sanitizes the HTML (nh3): no script or handler survives it.
          if (ticket === sent) body.innerHTML = html;
        })
        .catch(function () { body.textContent = "The preview is unavailable right now."; });
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  function init(root) {
    (root || document).querySelectorAll("textarea[data-markdown-preview]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("formset:added", function (event) { init(event.target); });
})();
