/* Progressive enhancement for the learner pages: hotspot markers and focus after answering.
 * Every form works without this file; it only adds a placeable marker on hotspot images. */
(function () {
  "use strict";

  function clamp(v) { return Math.min(1, Math.max(0, v)); }

  function hidden(form, name) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }

  function setupHotspot(figure) {
    if (figure.dataset.ready) return;
    figure.dataset.ready = "1";
    var form = figure.closest("form");
    var image = figure.querySelector('input[type="image"]');
    var frame = figure.querySelector(".frame");
    var submit = form.querySelector("[data-hotspot-submit]");
    var marker = document.createElement("span");
    marker.className = "hotspot-marker";
    marker.hidden = true;
    frame.appendChild(marker);
    // The keyboard marker starts in a corner: the centre is too often the answer.
    var pos = { x: 0, y: 0 };

    function place(x, y) {
      pos.x = clamp(x);
      pos.y = clamp(y);
      hidden(form, "x").value = pos.x.toFixed(4);
      hidden(form, "y").value = pos.y.toFixed(4);
      marker.style.left = (pos.x * 100) + "%";
      marker.style.top = (pos.y * 100) + "%";
      marker.hidden = false;
      if (submit) submit.hidden = false;
    }

    image.addEventListener("click", function (event) {
      event.preventDefault();
      var box = image.getBoundingClientRect();
      if (event.detail === 0) { place(pos.x, pos.y); return; }  // keyboard "click"
      place((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });
    image.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? 0.1 : 0.02;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        place(pos.x + moves[event.key][0], pos.y + moves[event.key][1]);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        place(pos.x, pos.y);
      }
    });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-hotspot]").forEach(setupHotspot);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      init(event.target);
      var target = event.detail && event.detail.target;
      var question = target && target.id ? document.getElementById(target.id) : null;
      if (question && question.classList.contains("question")) {
        // After a refused answer, focus its message; after an accepted one, the heading.
        var focus = question.querySelector(".error") || document.getElementById(question.id + "-title");
        if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
      }
    });
  });
})();
