/* The question form shows the parts its type uses, and only the common fields until a type is
 * chosen; hidden parts keep their values. Which parts and option columns each type uses comes
 * from the server, on the Type dropdown's data-type-parts. Without this script all show. */
(function () {
  "use strict";
  var PARTS = ["options", "type-hotspot", "type-text", "type-numeric", "type-matching", "type-feedback"];
  var COLUMNS = ["correct", "match"];

  function part(name) {
    if (name === "options") return document.getElementById("options-group");
    return document.querySelector("fieldset." + name);
  }

  function update(select, types) {
    var chosen = types[select.value] || { parts: [], columns: [] };
    PARTS.forEach(function (name) {
      var el = part(name);
      if (el) el.hidden = chosen.parts.indexOf(name) === -1;
    });
    // Option columns that mean nothing for this type are hidden by authoring.css.
    var options = part("options");
    if (options) {
      COLUMNS.forEach(function (column) {
        options.classList.toggle("hide-" + column, chosen.columns.indexOf(column) === -1);
      });
    }
    // The rules' explanations: those this type may use.
    document.querySelectorAll(".rule-help [data-rule-types]").forEach(function (item) {
      item.hidden = Boolean(select.value) && item.dataset.ruleTypes.split(" ").indexOf(select.value) === -1;
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
    if (type && type.dataset.typeParts) {
      var types = JSON.parse(type.dataset.typeParts);
      update(type, types);
      type.addEventListener("change", function () { update(type, types); });
    }
    var image = document.getElementById("id_image");
    if (image) image.addEventListener("change", function () { useImage(image); });
  });
})();
