/* The question form shows the parts its type uses; hidden parts keep their values. */
(function () {
  "use strict";
  var PARTS = {
    single: ["options"], multiple: ["options"], ordering: ["options"],
    matching: ["options", "type-matching"],
    hotspot: ["type-hotspot", "type-feedback"],
    text: ["type-text", "type-feedback"],
    numeric: ["type-numeric", "type-feedback"],
  };
  var ALL = ["options", "type-hotspot", "type-text", "type-numeric", "type-matching", "type-feedback"];

  function part(name) {
    if (name === "options") return document.getElementById("options-group");
    return document.querySelector("fieldset." + name);
  }

  function update(select) {
    var shown = PARTS[select.value] || ALL;
    ALL.forEach(function (name) {
      var el = part(name);
      if (el) el.hidden = shown.indexOf(name) === -1;
    });
  }

  function useImage(select) {
    var editor = document.querySelector("textarea[data-shape-editor][name=regions]");
    if (!editor || !editor.dataset.imageChoices) return;
    var choice = JSON.parse(editor.dataset.imageChoices)[select.value];
    editor.dataset.imageUrl = choice ? choice.url : "";
    editor.dataset.imageWidth = choice ? choice.width : "";
    editor.dataset.imageHeight = choice ? choice.height : "";
    if (window.caseappShapeEditor && window.caseappShapeEditor.reset) {
      window.caseappShapeEditor.reset(editor);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var type = document.getElementById("id_type");
    if (type) {
      update(type);
      type.addEventListener("change", function () { update(type); });
    }
    var image = document.getElementById("id_image");
    if (image) image.addEventListener("change", function () { useImage(image); });
  });
})();
