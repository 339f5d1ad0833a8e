/* Shape editor for the caseapp admin: draw hotspot target regions and annotation overlays on an
 * image. It enhances <textarea data-shape-editor="regions|annotations" data-image-url=...
 * data-image-width=... data-image-height=... data-no-image="what to do while there is none">
 * holding a JSON list of shapes. The textarea stays in the form as the single source of truth
 * and is rewritten on every change; without this script the JSON can still be typed by hand.
 *
 * Coordinates are fractions 0..1 of the image (x from the left, y from the top), 4 decimals.
 *   regions:     {"shape":"rect","x","y","w","h"} {"shape":"ellipse","cx","cy","rx","ry"}
 *                {"shape":"polygon","points":[[x,y],...]}
 *   annotations: {"type":"arrow","x1","y1","x2","y2","label"} (x2,y2 = tip)
 *                {"type":"ellipse","cx","cy","rx","ry","label"} {"type":"label","x","y","label"}
 *
 * window.caseappShapeEditor.init(root) enhances the textareas inside root (admin inlines). */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const SELECTOR = "textarea[data-shape-editor]";
  const UNIT = 10000; // coordinates are kept as whole multiples of 1/10000 (4 decimals)
  const MIN_DRAG = 0.01; // a drag under 1% of the image is a click
  const CLOSE_PX = 10; // a click this close to the first corner closes the polygon
  const SAME_PX = 4; // a click this close to the last corner adds nothing (double-click)
  // Inputs of the editor belong to no form: never submitted, never blocking submission, and
  // Enter in them does not submit the admin form. Only the textarea is submitted.
  const NO_FORM = "caseapp-shape-editor-no-form";

  const KINDS = {
    rect: { name: "Rectangle", fields: [["x", "x"], ["y", "y"], ["w", "width"], ["h", "height"]] },
    ellipse: {
      name: "Ellipse",
      fields: [["cx", "center x"], ["cy", "center y"], ["rx", "radius x"], ["ry", "radius y"]],
    },
    polygon: { name: "Polygon", fields: [] },
    arrow: {
      name: "Arrow",
      fields: [["x1", "tail x"], ["y1", "tail y"], ["x2", "tip x"], ["y2", "tip y"]],
    },
    label: { name: "Label", fields: [["x", "x"], ["y", "y"]] },
  };

  const MODES = {
    regions: {
      key: "shape",
      tools: ["rect", "ellipse", "polygon"],
      labels: false,
      caption: "Target regions",
      area: "Drawing area for target regions",
    },
    annotations: {
      key: "type",
      tools: ["arrow", "ellipse", "label"],
      labels: true,
      caption: "Annotations",
      area: "Drawing area for annotations",
    },
  };

  const DRAG_TOOLS = new Set(["rect", "ellipse", "arrow"]);

  const HINTS = {
    rect: "Drag on the image to draw a rectangle.",
    ellipse: "Drag on the image to draw an ellipse inside the dragged box.",
    polygon:
      "Click on the image to add corners. Click the first corner, double-click or press Enter " +
      "to close the polygon; Escape cancels it.",
    arrow: "Press at the tail of the arrow, drag, and release at its tip.",
    label: "Click on the image to place a label, then type its text in the table.",
  };
  const KEYBOARD_HINT =
    "Click a shape to select it; Delete removes it and the arrow keys move it. Without a mouse, " +
    "press a tool button with Enter or Space, or use \u201cAdd by numbers\u201d, to add a shape " +
    "in the middle of the image, then type its coordinates (0 to 1) in the table.";

  const enhanced = new WeakSet();
  let counter = 0;

  // ------------------------------------------------------------------------------------------
  // Numbers and shapes

  const toUnits = (v) => Math.round(v * UNIT);
  const fromUnits = (u) => u / UNIT;
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const clamp01 = (v) => clamp(v, 0, 1);
  const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

  /** Round to 4 decimals and bring within the limits the grader accepts; returns the shape. */
  function constrain(s) {
    const at = (key, lo, hi) => fromUnits(clamp(toUnits(s[key]), lo, hi));
    if (s.kind === "rect") {
      const x = clamp(toUnits(s.x), 0, UNIT - 1);
      const y = clamp(toUnits(s.y), 0, UNIT - 1);
      s.x = fromUnits(x);
      s.y = fromUnits(y);
      s.w = fromUnits(clamp(toUnits(s.w), 1, UNIT - x));
      s.h = fromUnits(clamp(toUnits(s.h), 1, UNIT - y));
    } else if (s.kind === "ellipse") {
      s.cx = at("cx", 0, UNIT);
      s.cy = at("cy", 0, UNIT);
      s.rx = at("rx", 1, UNIT);
      s.ry = at("ry", 1, UNIT);
    } else if (s.kind === "polygon") {
      s.points = s.points.map((p) => [
        fromUnits(clamp(toUnits(p[0]), 0, UNIT)),
        fromUnits(clamp(toUnits(p[1]), 0, UNIT)),
      ]);
    } else {
      for (const [key] of KINDS[s.kind].fields) s[key] = at(key, 0, UNIT);
    }
    return s;
  }

  function twiceArea(points) {
    let sum = 0;
    for (let i = 0; i < points.length; i++) {
      const [x1, y1] = points[i];
      const [x2, y2] = points[(i + 1) % points.length];
      sum += toUnits(x1) * toUnits(y2) - toUnits(x2) * toUnits(y1);
    }
    return Math.abs(sum);
  }

  function defaultShape(kind) {
    switch (kind) {
      case "rect":
        return { kind, x: 0.4, y: 0.4, w: 0.2, h: 0.2 };
      case "ellipse":
        return { kind, cx: 0.5, cy: 0.5, rx: 0.1, ry: 0.1 };
      case "polygon":
        return { kind, points: [[0.5, 0.4], [0.6, 0.6], [0.4, 0.6]] };
      case "arrow":
        return { kind, x1: 0.7, y1: 0.3, x2: 0.55, y2: 0.45 };
      default:
        return { kind, x: 0.5, y: 0.5 };
    }
  }

  /** Move a shape by (dx, dy), as far as it can go while staying inside the image. */
  function translate(s, dx, dy) {
    let xs;
    let ys;
    if (s.kind === "rect") {
      xs = [s.x, s.x + s.w];
      ys = [s.y, s.y + s.h];
    } else if (s.kind === "ellipse") {
      xs = [s.cx];
      ys = [s.cy];
    } else if (s.kind === "polygon") {
      xs = s.points.map((p) => p[0]);
      ys = s.points.map((p) => p[1]);
    } else if (s.kind === "arrow") {
      xs = [s.x1, s.x2];
      ys = [s.y1, s.y2];
    } else {
      xs = [s.x];
      ys = [s.y];
    }
    const ux = clamp(toUnits(dx), -toUnits(Math.min(...xs)), UNIT - toUnits(Math.max(...xs)));
    const uy = clamp(toUnits(dy), -toUnits(Math.min(...ys)), UNIT - toUnits(Math.max(...ys)));
    const mx = (v) => fromUnits(toUnits(v) + ux);
    const my = (v) => fromUnits(toUnits(v) + uy);
    if (s.kind === "rect" || s.kind === "label") {
      s.x = mx(s.x);
      s.y = my(s.y);
    } else if (s.kind === "ellipse") {
      s.cx = mx(s.cx);
      s.cy = my(s.cy);
    } else if (s.kind === "polygon") {
      s.points = s.points.map((p) => [mx(p[0]), my(p[1])]);
    } else {
      s.x1 = mx(s.x1);
      s.x2 = mx(s.x2);
      s.y1 = my(s.y1);
      s.y2 = my(s.y2);
    }
    return ux !== 0 || uy !== 0;
  }

  function sameShape(a, b) {
    return JSON.stringify(toJSON(a, "annotations")) === JSON.stringify(toJSON(b, "annotations"));
  }

  /** One JSON entry to a shape, or null when it is not one this mode understands. */
  function fromJSON(item, mode) {
    const cfg = MODES[mode];
    if (!item || typeof item !== "object" || Array.isArray(item)) return null;
    const kind = item[cfg.key];
    if (!cfg.tools.includes(kind)) return null;
    const keys = [cfg.key].concat(KINDS[kind].fields.map((f) => f[0]));
    if (kind === "polygon") keys.push("points");
    if (cfg.labels) keys.push("label");
    if (Object.keys(item).some((key) => !keys.includes(key))) return null;
    const s = { kind };
    for (const [key] of KINDS[kind].fields) {
      if (!isNumber(item[key]) || item[key] < 0 || item[key] > 1) return null;
      s[key] = item[key];
    }
    if (kind === "polygon") {
      const pts = item.points;
      if (!Array.isArray(pts) || pts.length < 3) return null;
      const ok = pts.every(
        (p) => Array.isArray(p) && p.length === 2 && p.every((v) => isNumber(v) && v >= 0 && v <= 1)
      );
      if (!ok) return null;
      s.points = pts.map((p) => [p[0], p[1]]);
    }
    if (cfg.labels) {
      if (item.label !== undefined && typeof item.label !== "string") return null;
      s.label = item.label || "";
    }
    return constrain(s);
  }

  function toJSON(s, mode) {
    const cfg = MODES[mode];
    const out = {};
    out[cfg.key] = s.kind;
    if (s.kind === "polygon") out.points = s.points.map((p) => [p[0], p[1]]);
    for (const [key] of KINDS[s.kind].fields) out[key] = s[key];
    if (cfg.labels) out.label = s.label || "";
    return out;
  }

  function serialize(shapes, mode) {
    if (!shapes.length) return "[]";
    return "[\n" + shapes.map((s) => "  " + JSON.stringify(toJSON(s, mode))).join(",\n") + "\n]";
  }

  /** {shapes, error}: error is "" when the text is a list this editor fully understands. */
  function parse(text, mode) {
    const keep = " The text is kept until you change the drawing, which replaces it.";
    if (!text.trim()) return { shapes: [], error: "" };
    let data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { shapes: [], error: "The shapes in this field are not valid JSON." + keep };
    }
    if (!Array.isArray(data)) {
      return { shapes: [], error: "This field should hold a JSON list of shapes." + keep };
    }
    const shapes = [];
    const bad = [];
    data.forEach((item, i) => {
      const s = fromJSON(item, mode);
      if (s) shapes.push(s);
      else bad.push(i + 1);
    });
    if (!bad.length) return { shapes, error: "" };
    const which = bad.length === 1 ? "Entry " + bad[0] + " is" : "Entries " + bad.join(", ") + " are";
    return {
      shapes,
      error: which + " not a shape this editor can show, so " + (bad.length === 1 ? "it is" : "they are") +
        " left out of the drawing." + keep,
    };
  }

  /** "x,y x,y x,y" to a list of points, or null unless it is 3+ points in 0..1 enclosing area. */
  function parsePoints(text) {
    const pairs = text.trim().replace(/\s*,\s*/g, ",").split(/[\s;]+/).filter(Boolean);
    if (pairs.length < 3) return null;
    const points = [];
    for (const pair of pairs) {
      const parts = pair.split(",");
      if (parts.length !== 2 || parts.some((p) => p === "")) return null;
      const [x, y] = parts.map(Number);
      if (!isNumber(x) || !isNumber(y) || x < 0 || x > 1 || y < 0 || y > 1) return null;
      points.push([x, y]);
    }
    const rounded = constrain({ kind: "polygon", points }).points;
    return twiceArea(rounded) > 0 ? rounded : null;
  }

  const formatPoints = (points) => points.map((p) => p[0] + "," + p[1]).join(" ");

  // ------------------------------------------------------------------------------------------
  // DOM helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function svgEl(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, String(value));
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const srOnly = (text) => el("span", { class: "shape-editor-sr", text });

  // ------------------------------------------------------------------------------------------
  // The editor

  function enhance(textarea) {
    const mode = textarea.dataset.shapeEditor;
    const cfg = MODES[mode];
    if (!cfg || enhanced.has(textarea)) return null;
    if ((textarea.name || "").includes("__prefix__")) return null; // an inline's empty template
    enhanced.add(textarea);

    // A copy of an editor cloned along with its form (an admin inline) is not ours: drop it.
    const next = textarea.nextElementSibling;
    if (next && next.hasAttribute("data-shape-editor-ui")) next.remove();

    const url = (textarea.dataset.imageUrl || "").trim();
    if (!url) {
      textarea.after(
        el("p", {
          class: "shape-editor-message shape-editor-no-image",
          "data-shape-editor-ui": "",
          text: textarea.dataset.noImage || "Save with an image first to draw on it.",
        })
      );
      return null;
    }

    const uid = "shape-editor-" + ++counter;
    if (!textarea.id) textarea.id = uid + "-json";
    let width = parseInt(textarea.dataset.imageWidth, 10) || 0;
    let height = parseInt(textarea.dataset.imageHeight, 10) || 0;

    const state = {
      shapes: [],
      selected: -1,
      tool: cfg.tools[0],
      press: null, // {id, start, current, hit, tool} while the pointer is down
      polygon: null, // {points, hover} while a polygon is being drawn
      dirty: false, // the user changed something: the textarea is ours to rewrite
      u: 1, // image pixels per screen pixel
    };
    let writing = false;

    // --- Markup ---
    const root = el("div", {
      class: "shape-editor shape-editor-" + mode,
      "data-shape-editor-ui": "",
      "data-mode": mode,
    });
    const alertSlot = el("div", { class: "shape-editor-alerts" });
    const toolButtons = cfg.tools.map((kind) =>
      el("button", {
        type: "button",
        class: "shape-editor-tool",
        "data-tool": kind,
        "aria-pressed": "false",
        text: KINDS[kind].name,
      })
    );
    const addButton = el("button", { type: "button", class: "shape-editor-add", text: "Add by numbers" });
    const deleteButton = el("button", {
      type: "button",
      class: "shape-editor-delete",
      "aria-disabled": "true",
      text: "Delete selected",
    });
    const clearButton = el("button", { type: "button", class: "shape-editor-clear", text: "Clear all" });
    const jsonButton = el("button", {
      type: "button",
      class: "shape-editor-json-toggle",
      "aria-controls": textarea.id,
      "aria-expanded": "false",
      text: "Show JSON",
    });
    const toolbar = el(
      "div",
      { class: "shape-editor-toolbar" },
      el(
        "div",
        { class: "shape-editor-group", role: "group", "aria-label": "Drawing tools" },
        ...toolButtons
      ),
      el("div", { class: "shape-editor-group", role: "group", "aria-label": "Shape actions" },
        addButton, deleteButton, clearButton),
      el("div", { class: "shape-editor-group" }, jsonButton)
    );
    const hint = el("p", { class: "shape-editor-hint", id: uid + "-hint" });
    const status = el("p", { class: "shape-editor-status", role: "status" });

    const stage = el("div", { class: "shape-editor-stage" });
    const img = el("img", {
      class: "shape-editor-image",
      src: url,
      alt: "",
      draggable: "false",
      width: width || null,
      height: height || null,
    });
    const svg = svgEl("svg", {
      class: "shape-editor-overlay",
      preserveAspectRatio: "none",
      tabindex: "0",
      role: "group",
      "aria-label": cfg.area,
      "aria-describedby": uid + "-hint",
    });
    const markerId = uid + "-arrowhead";
    const marker = svgEl("marker", {
      id: markerId,
      viewBox: "0 0 10 10",
      refX: "8",
      refY: "5",
      markerWidth: "5",
      markerHeight: "5",
      orient: "auto-start-reverse",
    });
    marker.append(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "shape-editor-arrowhead" }));
    const defs = svgEl("defs");
    defs.append(marker);
    const shapesLayer = svgEl("g", { class: "shape-editor-shapes" });
    const previewLayer = svgEl("g", { class: "shape-editor-preview" });
    svg.append(defs, shapesLayer, previewLayer);
    stage.append(img, svg);

    const tbody = el("tbody");
    const headings = ["#", "Shape", "Coordinates (0 to 1)"].concat(cfg.labels ? ["Label"] : []);
    const table = el(
      "table",
      { class: "shape-editor-table" },
      el("caption", { text: cfg.caption }),
      el(
        "thead",
        null,
        el(
          "tr",
          null,
          ...headings.map((h) => el("th", { scope: "col", text: h })),
          el("th", { scope: "col" }, srOnly("Actions"))
        )
      ),
      tbody
    );
    const empty = el("p", { class: "shape-editor-empty", text: "No shapes yet." });

    // The status line goes below the image: its changing text must not move the drawing area.
    const tableWrap = el("div", { class: "shape-editor-table-wrap" }, table);
    root.append(alertSlot, toolbar, hint, stage, status, tableWrap, empty);
    textarea.classList.add("shape-editor-source");
    textarea.after(root);

    // --- Coordinates ---
    function setSize(w, h) {
      width = w;
      height = h;
      svg.setAttribute("viewBox", "0 0 " + w + " " + h);
      updateScale();
      renderShapes();
    }

    function updateScale() {
      const box = svg.getBoundingClientRect();
      if (!box.width || !width) return;
      state.u = width / box.width;
      svg.style.setProperty("--u", state.u.toFixed(4));
      if (state.polygon) renderPreview();
    }

    function pointFrom(event) {
      const box = svg.getBoundingClientRect();
      return [
        clamp01((event.clientX - box.left) / box.width),
        clamp01((event.clientY - box.top) / box.height),
      ];
    }

    /** Distance between two normalized points, in screen pixels. */
    function screenDistance(a, b) {
      const box = svg.getBoundingClientRect();
      return Math.hypot((a[0] - b[0]) * box.width, (a[1] - b[1]) * box.height);
    }

    // --- Drawing ---
    function drawShape(s, index, preview) {
      const cls = ["shape-editor-shape", "shape-editor-" + s.kind];
      if (index === state.selected && !preview) cls.push("is-selected");
      if (preview) cls.push("is-preview");
      const g = svgEl("g", { class: cls.join(" "), "data-index": preview ? null : index });
      const X = (v) => +(v * width).toFixed(2);
      const Y = (v) => +(v * height).toFixed(2);
      let geometry;
      let tag;
      if (s.kind === "rect") {
        tag = "rect";
        geometry = { x: X(s.x), y: Y(s.y), width: X(s.w), height: Y(s.h) };
      } else if (s.kind === "ellipse") {
        tag = "ellipse";
        geometry = { cx: X(s.cx), cy: Y(s.cy), rx: X(s.rx), ry: Y(s.ry) };
      } else if (s.kind === "polygon") {
        tag = "polygon";
        geometry = { points: s.points.map((p) => X(p[0]) + "," + Y(p[1])).join(" ") };
      } else if (s.kind === "arrow") {
        tag = "line";
        geometry = { x1: X(s.x1), y1: Y(s.y1), x2: X(s.x2), y2: Y(s.y2) };
      }
      if (tag) {
        if (cfg.labels) g.append(svgEl(tag, Object.assign({ class: "shape-editor-hit" }, geometry)));
        g.append(svgEl(tag, Object.assign({ class: "shape-editor-under" }, geometry)));
        const main = svgEl(tag, Object.assign({ class: "shape-editor-main" }, geometry));
        if (s.kind === "arrow") main.setAttribute("marker-end", "url(#" + markerId + ")");
        g.append(main);
      }
      if (cfg.labels) {
        let at;
        let anchor = "start";
        let dy = "-0.35em";
        if (s.kind === "arrow") at = [X(s.x1), Y(s.y1)];
        else if (s.kind === "ellipse") {
          at = [X(s.cx), Y(s.cy - s.ry)];
          anchor = "middle";
        } else {
          at = [X(s.x), Y(s.y)];
          anchor = "middle";
          dy = "0.35em";
        }
        const blank = !s.label;
        if (!blank || s.kind === "label") {
          g.append(
            svgEl(
              "text",
              {
                class: "shape-editor-text" + (blank ? " is-blank" : ""),
                x: at[0],
                y: at[1],
                dy,
                "text-anchor": anchor,
              },
              blank ? "Label" : s.label
            )
          );
        }
      }
      return g;
    }

    function renderShapes() {
      if (!width || !height) return;
      shapesLayer.replaceChildren(...state.shapes.map((s, i) => drawShape(s, i, false)));
      svg.classList.toggle("has-selection", state.selected >= 0);
    }

    function shapeFromDrag(kind, a, b) {
      const withLabel = (s) => (cfg.labels ? Object.assign(s, { label: "" }) : s);
      if (kind === "arrow") {
        if (Math.hypot(b[0] - a[0], b[1] - a[1]) < MIN_DRAG) return null;
        return withLabel(constrain({ kind, x1: a[0], y1: a[1], x2: b[0], y2: b[1] }));
      }
      if (Math.abs(b[0] - a[0]) < MIN_DRAG || Math.abs(b[1] - a[1]) < MIN_DRAG) return null;
      const x1 = toUnits(Math.min(a[0], b[0]));
      const x2 = toUnits(Math.max(a[0], b[0]));
      const y1 = toUnits(Math.min(a[1], b[1]));
      const y2 = toUnits(Math.max(a[1], b[1]));
      if (kind === "rect") {
        return constrain({ kind, x: fromUnits(x1), y: fromUnits(y1), w: fromUnits(x2 - x1), h: fromUnits(y2 - y1) });
      }
      return withLabel(
        constrain({
          kind,
          cx: fromUnits(Math.round((x1 + x2) / 2)),
          cy: fromUnits(Math.round((y1 + y2) / 2)),
          rx: fromUnits(Math.round((x2 - x1) / 2)),
          ry: fromUnits(Math.round((y2 - y1) / 2)),
        })
      );
    }

    function renderPreview() {
      const nodes = [];
      const press = state.press;
      if (press && DRAG_TOOLS.has(press.tool)) {
        const s = shapeFromDrag(press.tool, press.start, press.current);
        if (s) nodes.push(drawShape(s, -1, true));
      }
      const poly = state.polygon;
      if (poly && width) {
        const pts = poly.points.map((p) => (p[0] * width).toFixed(2) + "," + (p[1] * height).toFixed(2));
        if (poly.hover) pts.push((poly.hover[0] * width).toFixed(2) + "," + (poly.hover[1] * height).toFixed(2));
        const g = svgEl("g", { class: "shape-editor-draft" });
        g.append(
          svgEl("polyline", { class: "shape-editor-under", points: pts.join(" ") }),
          svgEl("polyline", { class: "shape-editor-main", points: pts.join(" ") })
        );
        poly.points.forEach((p, i) => {
          const first = i === 0;
          const closable = first && poly.points.length >= 3;
          g.append(
            svgEl("circle", {
              class: "shape-editor-vertex" + (first ? " is-first" : "") + (closable ? " is-closable" : ""),
              cx: (p[0] * width).toFixed(2),
              cy: (p[1] * height).toFixed(2),
              r: ((closable ? 7 : 4.5) * state.u).toFixed(2),
            })
          );
        });
        nodes.push(g);
      }
      previewLayer.replaceChildren(...nodes);
    }

    // --- Table ---
    function fieldId(index, key) {
      return uid + "-s" + index + "-" + key;
    }

    function buildRow(s, i) {
      const n = i + 1;
      const tr = el("tr", { "data-row-index": i, class: i === state.selected ? "is-selected" : null });
      tr.append(el("th", { scope: "row", text: String(n) }), el("td", { text: KINDS[s.kind].name }));
      const coords = el("div", { class: "shape-editor-coords" });
      if (s.kind === "polygon") {
        const id = fieldId(i, "points");
        coords.append(
          el(
            "span",
            { class: "shape-editor-field shape-editor-field-points" },
            el("label", { for: id }, srOnly("Shape " + n + " "), "points"),
            el("input", {
              type: "text",
              id,
              form: NO_FORM,
              class: "shape-editor-points",
              "data-field": "points",
              autocomplete: "off",
              spellcheck: "false",
              "aria-describedby": uid + "-points-help",
              value: formatPoints(s.points),
            })
          )
        );
      } else {
        for (const [key, words] of KINDS[s.kind].fields) {
          const id = fieldId(i, key);
          coords.append(
            el(
              "span",
              { class: "shape-editor-field" },
              el("label", { for: id }, srOnly("Shape " + n + " "), words),
              el("input", {
                type: "number",
                id,
                form: NO_FORM,
                "data-field": key,
                step: "0.001",
                min: "0",
                max: "1",
                inputmode: "decimal",
                value: String(s[key]),
              })
            )
          );
        }
      }
      tr.append(el("td", null, coords));
      if (cfg.labels) {
        const id = fieldId(i, "label");
        tr.append(
          el(
            "td",
            { class: "shape-editor-label-cell" },
            el("label", { for: id, class: "shape-editor-sr", text: "Shape " + n + " label" }),
            el("input", {
              type: "text",
              id,
              form: NO_FORM,
              "data-field": "label",
              autocomplete: "off",
              value: s.label || "",
            })
          )
        );
      }
      tr.append(
        el(
          "td",
          { class: "shape-editor-actions" },
          el("button", { type: "button", class: "shape-editor-remove" }, "Remove", srOnly(" shape " + n))
        )
      );
      return tr;
    }

    const pointsHelp = el("p", {
      class: "shape-editor-sr",
      id: uid + "-points-help",
      text: "At least three corners as x,y pairs separated by spaces, values from 0 to 1.",
    });
    root.append(pointsHelp);

    function buildTable() {
      tbody.replaceChildren(...state.shapes.map((s, i) => buildRow(s, i)));
      table.hidden = state.shapes.length === 0;
      empty.hidden = state.shapes.length > 0;
    }

    function rowOf(index) {
      return tbody.querySelector('tr[data-row-index="' + index + '"]');
    }

    /** Show the model's values in a row's inputs, except in the one being typed in. */
    function refreshRow(index, except) {
      const tr = rowOf(index);
      const s = state.shapes[index];
      if (!tr || !s) return;
      for (const input of tr.querySelectorAll("input[data-field]")) {
        if (input === except) continue;
        const field = input.dataset.field;
        if (field === "points") {
          input.value = formatPoints(s.points);
          input.removeAttribute("aria-invalid");
        } else if (field === "label") input.value = s.label || "";
        else input.value = String(s[field]);
      }
    }

    // --- State changes ---
    function say(text) {
      status.textContent = text;
    }

    function showProblem(text) {
      alertSlot.replaceChildren();
      if (text) alertSlot.append(el("p", { class: "shape-editor-error", role: "alert", text }));
    }

    function writeTextarea() {
      writing = true;
      textarea.value = serialize(state.shapes, mode);
      textarea.dispatchEvent(new Event("change", { bubbles: true }));
      writing = false;
    }

    /** After any change by the user: rewrite the JSON, redraw, refresh the table. */
    function changed(opts) {
      opts = opts || {};
      if (!state.dirty) {
        state.dirty = true;
        showProblem("");
      }
      writeTextarea();
      renderShapes();
      if (opts.structure) buildTable();
      else if (opts.row !== undefined) refreshRow(opts.row, opts.keep);
      updateButtons();
    }

    function updateButtons() {
      deleteButton.setAttribute("aria-disabled", state.selected >= 0 ? "false" : "true");
    }

    function select(index, announce) {
      if (index >= state.shapes.length) index = -1;
      const before = state.selected;
      state.selected = index;
      renderShapes();
      for (const tr of tbody.rows) tr.classList.toggle("is-selected", +tr.dataset.rowIndex === index);
      updateButtons();
      if (announce && index >= 0 && index !== before) {
        say("Shape " + (index + 1) + " (" + KINDS[state.shapes[index].kind].name + ") selected.");
      }
    }

    function addShape(s, focusField) {
      state.shapes.push(s);
      state.selected = state.shapes.length - 1;
      changed({ structure: true });
      const n = state.shapes.length;
      say(KINDS[s.kind].name + " added as shape " + n + ".");
      if (focusField) {
        const input = document.getElementById(fieldId(n - 1, focusField));
        if (input) {
          input.focus();
          if (input.select) input.select();
        }
      }
    }

    function addByNumbers() {
      const s = defaultShape(state.tool);
      if (cfg.labels) s.label = "";
      constrain(s);
      let tries = 0;
      while (tries++ < 10 && state.shapes.some((other) => sameShape(other, s))) translate(s, 0.03, 0.03);
      cancelPolygon(true);
      const first = s.kind === "polygon" ? "points" : s.kind === "label" ? "label" : KINDS[s.kind].fields[0][0];
      addShape(s, first);
    }

    function removeShape(index) {
      if (index < 0 || index >= state.shapes.length) return;
      state.shapes.splice(index, 1);
      state.selected = -1;
      changed({ structure: true });
      say("Shape " + (index + 1) + " removed." + (state.shapes.length ? "" : " No shapes left."));
    }

    function setTool(kind) {
      if (kind !== state.tool) cancelPolygon(true);
      state.tool = kind;
      for (const b of toolButtons) b.setAttribute("aria-pressed", b.dataset.tool === kind ? "true" : "false");
      hint.textContent = HINTS[kind] + " " + KEYBOARD_HINT;
      addButton.title = "Add a " + KINDS[kind].name.toLowerCase() + " in the middle of the image, to type in";
      svg.setAttribute("data-tool", kind);
    }

    // --- Polygons ---
    function polygonStatus() {
      const n = state.polygon.points.length;
      say(
        "Polygon: " + n + " corner" + (n === 1 ? "" : "s") + ". " +
          (n >= 3 ? "Click the first corner, double-click or press Enter to close it; " : "") +
          "Escape cancels."
      );
    }

    function addVertex(p) {
      if (!state.polygon) {
        select(-1);
        state.polygon = { points: [], hover: null };
      }
      const pts = state.polygon.points;
      if (pts.length >= 3 && screenDistance(p, pts[0]) <= CLOSE_PX) {
        closePolygon();
        return;
      }
      if (pts.length && screenDistance(p, pts[pts.length - 1]) <= SAME_PX) return;
      pts.push(p);
      state.polygon.hover = null;
      renderPreview();
      polygonStatus();
    }

    function closePolygon() {
      if (!state.polygon) return;
      const pts = state.polygon.points;
      if (pts.length < 3) {
        say("A polygon needs at least 3 corners.");
        return;
      }
      const s = constrain({ kind: "polygon", points: pts.slice() });
      if (twiceArea(s.points) === 0) {
        say("These corners enclose no area. Add another corner, or press Escape to cancel.");
        return;
      }
      state.polygon = null;
      renderPreview();
      addShape(s, null);
    }

    function cancelPolygon(quiet) {
      if (!state.polygon) return;
      state.polygon = null;
      renderPreview();
      if (!quiet) say("Polygon cancelled.");
    }

    // --- Pointer ---
    function hitIndex(target) {
      const g = target && target.closest ? target.closest("[data-index]") : null;
      return g && svg.contains(g) ? +g.getAttribute("data-index") : -1;
    }

    function click(p, hit) {
      const tool = state.tool;
      if (tool === "polygon") {
        if (state.polygon || hit < 0 || hit === state.selected) addVertex(p);
        else select(hit, true);
      } else if (tool === "label") {
        if (hit >= 0 && hit !== state.selected) select(hit, true);
        else addShape(constrain({ kind: "label", x: p[0], y: p[1], label: "" }), "label");
      } else {
        select(hit, true);
      }
    }

    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || !width || state.press) return;
      event.preventDefault();
      svg.focus({ preventScroll: true });
      const p = pointFrom(event);
      state.press = { id: event.pointerId, start: p, current: p, hit: hitIndex(event.target), tool: state.tool };
      try {
        svg.setPointerCapture(event.pointerId);
      } catch (err) {
        /* the pointer is already gone */
      }
    });

    svg.addEventListener("pointermove", (event) => {
      const press = state.press;
      if (press && press.id === event.pointerId) {
        press.current = pointFrom(event);
        if (DRAG_TOOLS.has(press.tool)) renderPreview();
      } else if (!press && state.polygon) {
        state.polygon.hover = pointFrom(event);
        renderPreview();
      }
    });

    function endPress(event, cancelled) {
      const press = state.press;
      if (!press || press.id !== event.pointerId) return;
      state.press = null;
      if (cancelled) {
        renderPreview();
        return;
      }
      press.current = pointFrom(event);
      if (DRAG_TOOLS.has(press.tool)) {
        const s = shapeFromDrag(press.tool, press.start, press.current);
        renderPreview();
        if (s) addShape(s, null);
        else click(press.start, press.hit);
      } else {
        click(press.start, press.hit);
      }
    }

    svg.addEventListener("pointerup", (event) => endPress(event, false));
    svg.addEventListener("pointercancel", (event) => endPress(event, true));
    svg.addEventListener("lostpointercapture", (event) => {
      if (state.press && state.press.id === event.pointerId) endPress(event, true);
    });
    svg.addEventListener("pointerleave", () => {
      if (state.polygon && state.polygon.hover) {
        state.polygon.hover = null;
        renderPreview();
      }
    });
    svg.addEventListener("dblclick", (event) => {
      if (state.polygon) {
        event.preventDefault();
        closePolygon();
      }
    });

    // --- Keyboard on the drawing area ---
    svg.addEventListener("keydown", (event) => {
      const key = event.key;
      if (key === "Enter" && state.polygon) {
        event.preventDefault();
        closePolygon();
      } else if (key === "Escape") {
        if (state.polygon) cancelPolygon(false);
        else if (state.selected >= 0) select(-1);
        else return;
        event.preventDefault();
      } else if ((key === "Delete" || key === "Backspace") && state.selected >= 0) {
        event.preventDefault();
        removeShape(state.selected);
      } else if (key.startsWith("Arrow") && state.selected >= 0) {
        const step = event.shiftKey ? 0.05 : 0.005;
        const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
        if (!moves[key]) return;
        event.preventDefault();
        const index = state.selected;
        if (translate(state.shapes[index], moves[key][0], moves[key][1])) changed({ row: index });
      }
    });

    // --- Toolbar ---
    toolButtons.forEach((button) =>
      button.addEventListener("click", (event) => {
        setTool(button.dataset.tool);
        // Pressed with the keyboard (no pointer): add a shape to type in, the non-mouse route.
        if (event.detail === 0) addByNumbers();
      })
    );
    addButton.addEventListener("click", addByNumbers);
    deleteButton.addEventListener("click", () => {
      if (state.selected < 0) say("Select a shape first, on the image or in the table.");
      else removeShape(state.selected);
    });
    clearButton.addEventListener("click", () => {
      cancelPolygon(true);
      const had = state.shapes.length;
      state.shapes = [];
      state.selected = -1;
      changed({ structure: true });
      say(had ? "All shapes removed." : "There were no shapes.");
    });

    function showJSON(show) {
      textarea.hidden = !show;
      jsonButton.setAttribute("aria-expanded", show ? "true" : "false");
      jsonButton.textContent = show ? "Hide JSON" : "Show JSON";
    }
    jsonButton.addEventListener("click", () => showJSON(textarea.hidden));

    // --- Table events ---
    tbody.addEventListener("input", (event) => {
      const input = event.target;
      const tr = input.closest("tr[data-row-index]");
      if (!tr || !input.dataset.field) return;
      const index = +tr.dataset.rowIndex;
      const s = state.shapes[index];
      const field = input.dataset.field;
      if (field === "label") {
        s.label = input.value;
        changed({});
      } else if (field === "points") {
        const points = parsePoints(input.value);
        if (!points) {
          input.setAttribute("aria-invalid", "true");
          return;
        }
        input.removeAttribute("aria-invalid");
        s.points = points;
        changed({ row: index, keep: input });
      } else {
        const value = input.valueAsNumber;
        if (!Number.isFinite(value)) return; // empty or half typed
        s[field] = value;
        constrain(s);
        changed({ row: index, keep: input });
      }
    });
    tbody.addEventListener("change", (event) => {
      const input = event.target;
      const tr = input.closest("tr[data-row-index]");
      if (!tr || !input.dataset.field) return;
      const index = +tr.dataset.rowIndex;
      if (input.dataset.field === "points" && input.getAttribute("aria-invalid") === "true") {
        say(
          "Shape " + (index + 1) + " points not changed: type at least three x,y pairs from 0 to 1, " +
            "separated by spaces, that enclose an area."
        );
        return;
      }
      refreshRow(index, null); // show the rounded, in-range value that was stored
    });
    tbody.addEventListener("focusin", (event) => {
      const tr = event.target.closest("tr[data-row-index]");
      if (tr && +tr.dataset.rowIndex !== state.selected) select(+tr.dataset.rowIndex, false);
    });
    tbody.addEventListener("click", (event) => {
      const button = event.target.closest(".shape-editor-remove");
      if (!button) return;
      const index = +button.closest("tr").dataset.rowIndex;
      removeShape(index);
      const rows = tbody.rows;
      const next = rows[Math.min(index, rows.length - 1)];
      (next ? next.querySelector(".shape-editor-remove") : addButton).focus();
    });

    // --- The textarea, when typed in directly ---
    textarea.addEventListener("input", () => {
      if (writing) return;
      const parsed = parse(textarea.value, mode);
      if (parsed.error) return; // reported on change, not at every keystroke
      cancelPolygon(true);
      state.shapes = parsed.shapes;
      state.selected = -1;
      state.dirty = false;
      showProblem("");
      renderShapes();
      buildTable();
      updateButtons();
    });
    textarea.addEventListener("change", () => {
      if (writing) return;
      const parsed = parse(textarea.value, mode);
      state.dirty = false;
      showProblem(parsed.error);
    });
    textarea.addEventListener("invalid", () => showJSON(true)); // let the browser point at it

    // --- Image ---
    img.addEventListener("load", () => {
      const w = width || img.naturalWidth;
      const h = height || img.naturalHeight;
      if (!width || !height) setSize(w, h);
      else updateScale();
    });
    img.addEventListener("error", () => {
      stage.classList.add("is-broken");
      say("The image could not be loaded; the shapes can still be edited in the table.");
    });
    if (typeof ResizeObserver === "function") new ResizeObserver(updateScale).observe(svg);
    else window.addEventListener("resize", updateScale);

    // --- Start ---
    const initial = parse(textarea.value, mode);
    state.shapes = initial.shapes;
    setTool(state.tool);
    if (width && height) setSize(width, height);
    buildTable();
    updateButtons();
    showJSON(Boolean(initial.error));
    showProblem(initial.error);

    return {
      textarea,
      element: root,
      get shapes() {
        return state.shapes.map((s) => toJSON(s, mode));
      },
    };
  }

  /** Enhance every shape-editor textarea in root (an element or the document). */
  function init(root) {
    root = root || document;
    const found = [];
    if (root.matches && root.matches(SELECTOR)) found.push(root);
    if (root.querySelectorAll) found.push(...root.querySelectorAll(SELECTOR));
    return found.map(enhance).filter(Boolean);
  }

  /** Rebuild one editor, e.g. after its data-image-url changed (a new image was chosen). */
  function reset(textarea) {
    const next = textarea.nextElementSibling;
    if (next && next.hasAttribute("data-shape-editor-ui")) next.remove();
    textarea.hidden = false;
    enhanced.delete(textarea);
    return enhance(textarea);
  }

  window.caseappShapeEditor = { init, reset };

  document.addEventListener("formset:added", (event) => init(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => init(document));
  } else {
    init(document);
  }
})();
