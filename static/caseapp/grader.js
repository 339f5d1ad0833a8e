/* caseapp grader: the JavaScript twin of caseapp/grading.py.
 *
 * It grades one answer to one question against a version-1 JSON grading spec, offline, inside an
 * exported SCORM package. grading.py is the rulebook; this file re-implements it rule for rule,
 * and tests/grading/vectors.json is read by pytest and by `node --test tests/grading/` alike, so
 * the two cannot drift. Change a rule there first (with a vector), then here.
 *
 * Exactness, as in grading.py:
 * - Numbers become exact rationals (Fraction, on BigInt) before any comparison or arithmetic. A JS
 *   number is read through String(number), its shortest round-trip decimal, which is what Python's
 *   repr(float) gives, so 0.1 means exactly 1/10 on both sides.
 * - Scores stay exact Fractions; percent() rounds once, half up: floor(x + 1/2), never Math.round.
 * - Text is compared after NFKC, full Unicode case folding (Python's str.casefold, which
 *   toLowerCase alone is not), punctuation to spaces and collapsed whitespace.
 *
 * Plain script, no dependencies: defines window.CaseappGrader in a browser and module.exports under
 * Node. The syntax is ES2017; at run time it needs BigInt and \p{...} regular expressions (2020+).
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (root) root.CaseappGrader = api;
})(typeof window !== "undefined" ? window : null, function () {
  "use strict";

  var SPEC_VERSION = 1;
  var MAX_POINTS = 1000;
  var MAX_TEXT_LENGTH = 500;

  var QUESTION_TYPES = Object.freeze([
    "single", "multiple", "hotspot", "ordering", "matching", "text", "numeric",
  ]);

  // The learner-facing sentences, copied exactly from grading.py's RULES.
  var RULES = Object.freeze({
    all_or_nothing:
      "You get full marks only when your whole answer is exactly right, and no marks otherwise.",
    right_minus_wrong:
      "Each correct option you tick earns an equal share of the marks, each wrong tick cancels " +
      "one correct tick, and your score never goes below zero.",
    hits:
      "Each required area you mark earns an equal share of the marks, and placing more markers " +
      "than required lowers your share.",
    concordant_pairs:
      "You earn marks for every pair of items that you put in the same order as the answer key.",
    per_pair: "Each item you match correctly earns an equal share of the marks.",
    exact_normalized:
      "Your answer must match an accepted answer; capital letters, punctuation and extra spaces " +
      "are ignored.",
    within_tolerance:
      "Your number is correct when it is no further from the expected value than the allowed " +
      "margin.",
  });

  var DEFAULT_RULES = Object.freeze({
    single: "all_or_nothing",
    multiple: "right_minus_wrong",
    hotspot: "hits",
    ordering: "concordant_pairs",
    matching: "per_pair",
    text: "exact_normalized",
    numeric: "within_tolerance",
  });

  var ALLOWED_RULES = Object.freeze({
    single: Object.freeze(["all_or_nothing"]),
    multiple: Object.freeze(["right_minus_wrong", "all_or_nothing"]),
    hotspot: Object.freeze(["hits"]),
    ordering: Object.freeze(["concordant_pairs", "all_or_nothing"]),
    matching: Object.freeze(["per_pair", "all_or_nothing"]),
    text: Object.freeze(["exact_normalized"]),
    numeric: Object.freeze(["within_tolerance"]),
  });

  var COMMON_KEYS = ["v", "type", "points", "rule"];
  var REQUIRED_KEYS = {
    single: ["options", "correct"],
    multiple: ["options", "correct"],
    hotspot: ["regions"],
    ordering: ["correct"],
    matching: ["premises", "responses", "correct"],
    text: ["accepted"],
    numeric: ["target"],
  };
  var OPTIONAL_KEYS = {
    single: [],
    multiple: [],
    hotspot: ["required"],
    ordering: [],
    matching: ["one_to_one"],
    text: [],
    numeric: ["tolerance"],
  };
  var REGION_KEYS = {
    rect: ["shape", "x", "y", "w", "h"],
    ellipse: ["shape", "cx", "cy", "rx", "ry"],
    polygon: ["shape", "points"],
  };

  // The single response key each question type expects, and the message shown when the response
  // does not even have the right shape.
  var RESPONSE_KEYS = {
    single: "choice",
    multiple: "choices",
    hotspot: "points",
    ordering: "order",
    matching: "pairs",
    text: "text",
    numeric: "value",
  };
  var SHAPE_MESSAGES = {
    single: "Choose one of the listed options.",
    multiple: "Tick at least one of the listed options.",
    hotspot: "Place at least one marker on the image.",
    ordering: "Rank every item exactly once.",
    matching: "Match every item exactly once.",
    text: "Type your answer as text.",
    numeric: "Enter a number.",
  };

  class InvalidSpec extends Error {
    constructor(message) {
      super(message);
      this.name = "InvalidSpec";
    }
  }

  class InvalidResponse extends Error {
    constructor(message) {
      super(message);
      this.name = "InvalidResponse";
    }
  }

  // ------------------------------------------------------------------------------------------
  // Exact rationals

  var ZERO = BigInt(0);
  var ONE = BigInt(1);
  var TEN = BigInt(10);

  function gcd(a, b) {
    if (a < ZERO) a = -a;
    if (b < ZERO) b = -b;
    while (b !== ZERO) {
      var t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  function floorDiv(n, d) {
    // BigInt division truncates toward zero; d > 0 here.
    var q = n / d;
    return n % d !== ZERO && n < ZERO ? q - ONE : q;
  }

  /** An exact rational n/d (BigInts) in lowest terms with d > 0; immutable. */
  class Fraction {
    constructor(n, d) {
      n = BigInt(n);
      d = d === undefined ? ONE : BigInt(d);
      if (d === ZERO) throw new RangeError("Zero denominator");
      if (d < ZERO) {
        n = -n;
        d = -d;
      }
      var g = gcd(n, d);
      this.n = n / g;
      this.d = d / g;
      Object.freeze(this);
    }
    add(o) { o = toFraction(o); return new Fraction(this.n * o.d + o.n * this.d, this.d * o.d); }
    sub(o) { o = toFraction(o); return new Fraction(this.n * o.d - o.n * this.d, this.d * o.d); }
    mul(o) { o = toFraction(o); return new Fraction(this.n * o.n, this.d * o.d); }
    div(o) { o = toFraction(o); return new Fraction(this.n * o.d, this.d * o.n); }
    abs() { return this.n < ZERO ? new Fraction(-this.n, this.d) : this; }
    /** -1, 0 or 1 as this is less than, equal to or greater than o. */
    compare(o) {
      o = toFraction(o);
      var a = this.n * o.d, b = o.n * this.d;
      return a < b ? -1 : a > b ? 1 : 0;
    }
    equals(o) { return this.compare(o) === 0; }
    toString() { return fractionToString(this); }
    toJSON() { return fractionToString(this); }
  }

  var DECIMAL_RE = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:e([+-][0-9]+))?$/;

  /** The exact value of a finite JS number: its shortest round-trip decimal, as Fraction. */
  function exactNumber(x) {
    var m = DECIMAL_RE.exec(String(x));
    if (!m) throw new RangeError("Not a finite number: " + String(x));
    var fraction = m[3] || "";
    var exponent = Number(m[4] || 0) - fraction.length;
    var n = BigInt(m[2] + fraction);
    if (m[1]) n = -n;
    return exponent >= 0
      ? new Fraction(n * TEN ** BigInt(exponent))
      : new Fraction(n, TEN ** BigInt(-exponent));
  }

  function toFraction(value) {
    if (value instanceof Fraction) return value;
    if (typeof value === "bigint") return new Fraction(value);
    if (isNumber(value)) return exactNumber(value);
    throw new TypeError("Expected a Fraction, a BigInt or a finite number");
  }

  // ------------------------------------------------------------------------------------------
  // Small helpers

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /** object[key] when it is the object's own key, else fallback (Python's dict.get). */
  function get(object, key, fallback) {
    return hasOwn(object, key) ? object[key] : fallback;
  }

  /** A JSON number: a finite number and never a boolean. */
  function isNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  /** The integer a JSON whole number denotes (2 or 2.0 are the same in JS), or null. */
  function whole(value) {
    return typeof value === "number" && Number.isInteger(value) ? value : null;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function sameSet(a, b) {
    var setA = new Set(a), setB = new Set(b);
    if (setA.size !== setB.size) return false;
    for (var item of setA) if (!setB.has(item)) return false;
    return true;
  }

  function distinctCount(items) {
    return new Set(items).size;
  }

  /** Sort like Python's sorted() on str: by code point, not by UTF-16 unit. */
  function sortedByCodePoint(strings) {
    return strings.slice().sort(function (a, b) {
      var x = Array.from(a), y = Array.from(b);
      for (var i = 0; i < Math.min(x.length, y.length); i++) {
        var d = x[i].codePointAt(0) - y[i].codePointAt(0);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    });
  }

  /** Python's len() of a str: code points, not UTF-16 units. */
  function codePointLength(text) {
    return text.length <= MAX_TEXT_LENGTH ? text.length : Array.from(text).length;
  }

  function specIds(spec, key, what, minimum) {
    var ids = get(spec, key);
    if (!Array.isArray(ids) || ids.length < minimum) {
      throw new InvalidSpec(
        '"' + key + '" must be a list of at least ' + minimum + " " + what + "."
      );
    }
    ids.forEach(function (item) {
      if (typeof item !== "string" || item === "") {
        throw new InvalidSpec('Every entry of "' + key + '" must be a non-empty text id.');
      }
    });
    if (distinctCount(ids) !== ids.length) {
      throw new InvalidSpec('"' + key + '" contains the same id twice.');
    }
    return ids;
  }

  function specCoordinate(value, name) {
    if (!isNumber(value)) {
      throw new InvalidSpec('Region coordinate "' + name + '" must be a number.');
    }
    var exact = exactNumber(value);
    if (exact.compare(0) < 0 || exact.compare(1) > 0) {
      throw new InvalidSpec('Region coordinate "' + name + '" must be between 0 and 1.');
    }
    return exact;
  }

  function specRadius(value, name) {
    if (!isNumber(value)) {
      throw new InvalidSpec('Ellipse radius "' + name + '" must be a number.');
    }
    var exact = exactNumber(value);
    if (exact.compare(0) <= 0 || exact.compare(1) > 0) {
      throw new InvalidSpec('Ellipse radius "' + name + '" must be greater than 0 and at most 1.');
    }
    return exact;
  }

  // ------------------------------------------------------------------------------------------
  // Text normalization

  // Python's str.casefold() is full Unicode case folding (CaseFolding.txt, statuses C and F).
  // toLowerCase() gives the same result except for the characters below (keyed by what
  // toLowerCase() returns) and Cherokee, which folds to its capital letters. Generated by
  // comparing Python's casefold() with toLowerCase() over every code point (Unicode 15.1).
  var FOLD = {
    "\u00B5": "\u03BC", "\u00DF": "ss", "\u0149": "\u02BCn", "\u017F": "s", "\u01F0": "j\u030C",
    "\u0345": "\u03B9", "\u0390": "\u03B9\u0308\u0301", "\u03B0": "\u03C5\u0308\u0301",
    "\u03C2": "\u03C3", "\u03D0": "\u03B2", "\u03D1": "\u03B8", "\u03D5": "\u03C6",
    "\u03D6": "\u03C0", "\u03F0": "\u03BA", "\u03F1": "\u03C1", "\u03F5": "\u03B5",
    "\u0587": "\u0565\u0582", "\u1C80": "\u0432", "\u1C81": "\u0434", "\u1C82": "\u043E",
    "\u1C83": "\u0441", "\u1C84": "\u0442", "\u1C85": "\u0442", "\u1C86": "\u044A",
    "\u1C87": "\u0463", "\u1C88": "\uA64B", "\u1E96": "h\u0331", "\u1E97": "t\u0308",
    "\u1E98": "w\u030A", "\u1E99": "y\u030A", "\u1E9A": "a\u02BE", "\u1E9B": "\u1E61",
    "\u1F50": "\u03C5\u0313", "\u1F52": "\u03C5\u0313\u0300", "\u1F54": "\u03C5\u0313\u0301",
    "\u1F56": "\u03C5\u0313\u0342", "\u1FB2": "\u1F70\u03B9", "\u1FB3": "\u03B1\u03B9",
    "\u1FB4": "\u03AC\u03B9", "\u1FB6": "\u03B1\u0342", "\u1FB7": "\u03B1\u0342\u03B9",
    "\u1FBE": "\u03B9", "\u1FC2": "\u1F74\u03B9", "\u1FC3": "\u03B7\u03B9",
    "\u1FC4": "\u03AE\u03B9", "\u1FC6": "\u03B7\u0342", "\u1FC7": "\u03B7\u0342\u03B9",
    "\u1FD2": "\u03B9\u0308\u0300", "\u1FD3": "\u03B9\u0308\u0301", "\u1FD6": "\u03B9\u0342",
    "\u1FD7": "\u03B9\u0308\u0342", "\u1FE2": "\u03C5\u0308\u0300", "\u1FE3": "\u03C5\u0308\u0301",
    "\u1FE4": "\u03C1\u0313", "\u1FE6": "\u03C5\u0342", "\u1FE7": "\u03C5\u0308\u0342",
    "\u1FF2": "\u1F7C\u03B9", "\u1FF3": "\u03C9\u03B9", "\u1FF4": "\u03CE\u03B9",
    "\u1FF6": "\u03C9\u0342", "\u1FF7": "\u03C9\u0342\u03B9", "\uFB00": "ff", "\uFB01": "fi",
    "\uFB02": "fl", "\uFB03": "ffi", "\uFB04": "ffl", "\uFB05": "st", "\uFB06": "st",
    "\uFB13": "\u0574\u0576", "\uFB14": "\u0574\u0565", "\uFB15": "\u0574\u056B",
    "\uFB16": "\u057E\u0576", "\uFB17": "\u0574\u056D",
  };
  // Greek letters with a ypogegrammeni: U+1F80..1FA7 (after toLowerCase) fold to letter + iota.
  var IOTA_BASES = ["\u1F00", "\u1F20", "\u1F60"];
  for (var block = 0; block < 3; block++) {
    for (var k = 0; k < 8; k++) {
      FOLD[String.fromCharCode(0x1f80 + block * 16 + k)] =
        String.fromCharCode(IOTA_BASES[block].charCodeAt(0) + k) + "\u03B9";
    }
  }

  /** Python's str.casefold(). toLowerCase() also applies no locale rules, only final sigma. */
  function casefold(text) {
    var out = "";
    for (var char of text.toLowerCase()) {
      var cp = char.codePointAt(0);
      if (hasOwn(FOLD, char)) out += FOLD[char];
      else if (cp >= 0xab70 && cp <= 0xabbf) out += String.fromCharCode(cp - 0xab70 + 0x13a0);
      else if (cp >= 0x13f8 && cp <= 0x13fd) out += String.fromCharCode(cp - 8);
      else out += char;
    }
    return out;
  }

  // Punctuation (P*), separators (Z*) and the rest of Python's str.isspace() set (grading.py's
  // _EXTRA_WHITESPACE). Built with RegExp() so that older engines still parse this file.
  var SEPARATOR_RE = null;

  /** NFKC, casefold, punctuation and whitespace to single spaces, trimmed (see grading.py). */
  function normalizeText(text) {
    if (typeof text !== "string") throw new TypeError("normalizeText needs a string");
    if (SEPARATOR_RE === null) {
      SEPARATOR_RE = new RegExp("[\\p{P}\\p{Z}\\t\\n\\x0B\\x0C\\r\\x1C-\\x1F\\x85]", "gu");
    }
    var folded = casefold(text.normalize("NFKC"));
    return folded
      .replace(SEPARATOR_RE, " ")
      .split(" ")
      .filter(function (part) { return part !== ""; })
      .join(" ");
  }

  // ------------------------------------------------------------------------------------------
  // Spec checking

  function ruleOf(spec) {
    return get(spec, "rule", DEFAULT_RULES[spec.type]);
  }

  function checkRegion(region, index) {
    var where = "Region " + (index + 1);
    if (!isObject(region)) throw new InvalidSpec(where + " must be an object with a shape.");
    var shape = get(region, "shape");
    if (typeof shape !== "string" || !hasOwn(REGION_KEYS, shape)) {
      throw new InvalidSpec(where + ' must have "shape" set to "rect", "ellipse" or "polygon".');
    }
    if (!sameSet(Object.keys(region), REGION_KEYS[shape])) {
      var expected = sortedByCodePoint(REGION_KEYS[shape].slice(1)).join(", ");
      throw new InvalidSpec(
        where + " (" + shape + ") must have exactly these keys: shape, " + expected + "."
      );
    }
    if (shape === "rect") {
      var x = specCoordinate(region.x, "x");
      var y = specCoordinate(region.y, "y");
      var w = specCoordinate(region.w, "w");
      var h = specCoordinate(region.h, "h");
      if (w.equals(0) || h.equals(0)) {
        throw new InvalidSpec(where + ": a rectangle must have a width and height above 0.");
      }
      if (x.add(w).compare(1) > 0 || y.add(h).compare(1) > 0) {
        throw new InvalidSpec(where + ": the rectangle must lie inside the image.");
      }
    } else if (shape === "ellipse") {
      specCoordinate(region.cx, "cx");
      specCoordinate(region.cy, "cy");
      specRadius(region.rx, "rx");
      specRadius(region.ry, "ry");
    } else {
      var vertices = region.points;
      if (!Array.isArray(vertices) || vertices.length < 3) {
        throw new InvalidSpec(where + ": a polygon needs a list of at least 3 points.");
      }
      var exact = vertices.map(function (vertex) {
        if (!Array.isArray(vertex) || vertex.length !== 2) {
          throw new InvalidSpec(where + ": every polygon point must be a pair [x, y].");
        }
        return [specCoordinate(vertex[0], "x"), specCoordinate(vertex[1], "y")];
      });
      if (twiceArea(exact).equals(0)) {
        throw new InvalidSpec(where + ": the polygon encloses no area.");
      }
    }
  }

  /** Throw InvalidSpec (with an author-readable message) unless spec is a valid v1 spec. */
  function checkSpec(spec) {
    if (!isObject(spec)) throw new InvalidSpec("A grading spec must be an object.");
    if (whole(get(spec, "v")) !== SPEC_VERSION) {
      throw new InvalidSpec('Unknown grading spec version; expected "v": ' + SPEC_VERSION + ".");
    }
    var qtype = get(spec, "type");
    if (typeof qtype !== "string" || QUESTION_TYPES.indexOf(qtype) < 0) {
      throw new InvalidSpec(
        'Unknown question "type"; expected one of: ' + QUESTION_TYPES.join(", ")
      );
    }
    var required = REQUIRED_KEYS[qtype];
    var allowed = COMMON_KEYS.concat(required, OPTIONAL_KEYS[qtype]);
    var missing = required.filter(function (key) { return !hasOwn(spec, key); });
    if (missing.length) {
      throw new InvalidSpec(
        'A "' + qtype + '" spec is missing: ' + sortedByCodePoint(missing).join(", ") + "."
      );
    }
    var unknown = Object.keys(spec).filter(function (key) { return allowed.indexOf(key) < 0; });
    if (unknown.length) {
      throw new InvalidSpec(
        'A "' + qtype + '" spec has unknown keys: ' + sortedByCodePoint(unknown).join(", ") + "."
      );
    }
    var points = whole(get(spec, "points"));
    if (points === null || points < 1 || points > MAX_POINTS) {
      throw new InvalidSpec('"points" must be a whole number from 1 to ' + MAX_POINTS + ".");
    }
    var rule = get(spec, "rule", DEFAULT_RULES[qtype]);
    if (typeof rule !== "string" || ALLOWED_RULES[qtype].indexOf(rule) < 0) {
      throw new InvalidSpec(
        'Rule not allowed for "' + qtype + '"; use one of: ' + ALLOWED_RULES[qtype].join(", ")
      );
    }
    SPEC_CHECKERS[qtype](spec);
  }

  var SPEC_CHECKERS = {
    single: function (spec) {
      var options = specIds(spec, "options", "options", 2);
      if (typeof spec.correct !== "string" || options.indexOf(spec.correct) < 0) {
        throw new InvalidSpec('"correct" must be one of the listed options.');
      }
    },
    multiple: function (spec) {
      var options = specIds(spec, "options", "options", 2);
      var correct = specIds(spec, "correct", "correct options", 1);
      if (!correct.every(function (id) { return options.indexOf(id) >= 0; })) {
        throw new InvalidSpec('Every entry of "correct" must be one of the listed options.');
      }
    },
    hotspot: function (spec) {
      var regions = spec.regions;
      if (!Array.isArray(regions) || regions.length < 1) {
        throw new InvalidSpec('"regions" must be a list of at least one region.');
      }
      regions.forEach(checkRegion);
      var required = whole(get(spec, "required", 1));
      if (required === null || required < 1 || required > regions.length) {
        throw new InvalidSpec('"required" must be a whole number from 1 to the number of regions.');
      }
    },
    ordering: function (spec) {
      specIds(spec, "correct", "items", 2);
    },
    matching: function (spec) {
      var premises = specIds(spec, "premises", "premises", 1);
      var responses = specIds(spec, "responses", "responses", 1);
      var oneToOne = get(spec, "one_to_one", false);
      if (typeof oneToOne !== "boolean") {
        throw new InvalidSpec('"one_to_one" must be true or false.');
      }
      var correct = spec.correct;
      if (!isObject(correct)) {
        throw new InvalidSpec('"correct" must map every premise to a response.');
      }
      if (!sameSet(Object.keys(correct), premises)) {
        throw new InvalidSpec('"correct" must have exactly one entry for every premise.');
      }
      var answers = Object.keys(correct).map(function (key) { return correct[key]; });
      answers.forEach(function (value) {
        if (typeof value !== "string" || responses.indexOf(value) < 0) {
          throw new InvalidSpec('Every answer in "correct" must be one of the listed responses.');
        }
      });
      if (oneToOne && distinctCount(answers) !== answers.length) {
        throw new InvalidSpec('With "one_to_one", "correct" cannot use a response twice.');
      }
    },
    text: function (spec) {
      var accepted = spec.accepted;
      if (!Array.isArray(accepted) || accepted.length < 1) {
        throw new InvalidSpec('"accepted" must be a list of at least one accepted answer.');
      }
      accepted.forEach(function (answer) {
        if (typeof answer !== "string" || codePointLength(answer) > MAX_TEXT_LENGTH) {
          throw new InvalidSpec(
            "Every accepted answer must be text of at most " + MAX_TEXT_LENGTH + " characters."
          );
        }
        if (normalizeText(answer) === "") {
          throw new InvalidSpec("An accepted answer is only punctuation and spaces.");
        }
      });
    },
    numeric: function (spec) {
      if (!isNumber(spec.target)) throw new InvalidSpec('"target" must be a finite number.');
      var tolerance = get(spec, "tolerance", 0);
      if (!isNumber(tolerance) || tolerance < 0) {
        throw new InvalidSpec('"tolerance" must be a number of 0 or more.');
      }
    },
  };

  // ------------------------------------------------------------------------------------------
  // Response checking

  /** Throw InvalidResponse (learner-readable) unless response can be graded against spec.
   * The spec is checked first (InvalidSpec). */
  function checkResponse(spec, response) {
    checkSpec(spec);
    var qtype = spec.type;
    var key = RESPONSE_KEYS[qtype];
    if (!isObject(response) || !sameSet(Object.keys(response), [key])) {
      throw new InvalidResponse(SHAPE_MESSAGES[qtype]);
    }
    RESPONSE_CHECKERS[qtype](spec, response[key]);
  }

  var RESPONSE_CHECKERS = {
    single: function (spec, choice) {
      if (typeof choice !== "string" || spec.options.indexOf(choice) < 0) {
        throw new InvalidResponse("Choose one of the listed options.");
      }
    },
    multiple: function (spec, choices) {
      if (!Array.isArray(choices) || choices.length === 0) {
        throw new InvalidResponse("Tick at least one of the listed options.");
      }
      choices.forEach(function (choice) {
        if (typeof choice !== "string" || spec.options.indexOf(choice) < 0) {
          throw new InvalidResponse("Choose only from the listed options.");
        }
      });
      if (distinctCount(choices) !== choices.length) {
        throw new InvalidResponse("Tick each option at most once.");
      }
    },
    hotspot: function (spec, markers) {
      if (!Array.isArray(markers) || markers.length === 0) {
        throw new InvalidResponse("Place at least one marker on the image.");
      }
      var limit = spec.regions.length;
      if (markers.length > limit) {
        var noun = limit === 1 ? "marker" : "markers";
        throw new InvalidResponse("Place at most " + limit + " " + noun + ".");
      }
      markers.forEach(function (marker) {
        if (!Array.isArray(marker) || marker.length !== 2 || !marker.every(isNumber)) {
          throw new InvalidResponse("Each marker must be a point on the image.");
        }
        var inside = marker.every(function (v) {
          var exact = exactNumber(v);
          return exact.compare(0) >= 0 && exact.compare(1) <= 0;
        });
        if (!inside) throw new InvalidResponse("Your click must be inside the image.");
      });
    },
    ordering: function (spec, order) {
      var key = spec.correct;
      if (
        !Array.isArray(order) ||
        order.length !== key.length ||
        !order.every(function (item) { return typeof item === "string"; }) ||
        !sameSet(order, key)
      ) {
        throw new InvalidResponse("Rank every item exactly once.");
      }
    },
    matching: function (spec, pairs) {
      if (!isObject(pairs) || !sameSet(Object.keys(pairs), spec.premises)) {
        throw new InvalidResponse("Match every item exactly once.");
      }
      var values = Object.keys(pairs).map(function (key) { return pairs[key]; });
      values.forEach(function (value) {
        if (typeof value !== "string" || spec.responses.indexOf(value) < 0) {
          throw new InvalidResponse("Match every item to one of the listed answers.");
        }
      });
      if (get(spec, "one_to_one", false) && distinctCount(values) !== values.length) {
        throw new InvalidResponse("Use each answer at most once.");
      }
    },
    text: function (spec, text) {
      if (typeof text !== "string") throw new InvalidResponse("Type your answer as text.");
      if (codePointLength(text) > MAX_TEXT_LENGTH) {
        throw new InvalidResponse(
          "Keep your answer to " + MAX_TEXT_LENGTH + " characters or fewer."
        );
      }
      if (normalizeText(text) === "") throw new InvalidResponse("Type an answer.");
    },
    numeric: function (spec, value) {
      if (!isNumber(value)) throw new InvalidResponse("Enter a number.");
    },
  };

  // ------------------------------------------------------------------------------------------
  // Geometry (exact; boundaries count as inside). A point is [x, y] of Fractions.

  function twiceArea(vertices) {
    var total = new Fraction(0);
    vertices.forEach(function (a, i) {
      var b = vertices[(i + 1) % vertices.length];
      total = total.add(a[0].mul(b[1]).sub(b[0].mul(a[1])));
    });
    return total.abs();
  }

  function between(value, a, b) {
    var low = a.compare(b) <= 0 ? a : b, high = low === a ? b : a;
    return low.compare(value) <= 0 && value.compare(high) <= 0;
  }

  function onSegment(p, a, b) {
    var cross = b[0].sub(a[0]).mul(p[1].sub(a[1])).sub(b[1].sub(a[1]).mul(p[0].sub(a[0])));
    if (!cross.equals(0)) return false;
    return between(p[0], a[0], b[0]) && between(p[1], a[1], b[1]);
  }

  /** Even-odd rule; a point on an edge or vertex is inside (checked explicitly first). */
  function inPolygon(p, vertices) {
    var n = vertices.length, i;
    for (i = 0; i < n; i++) if (onSegment(p, vertices[i], vertices[(i + 1) % n])) return true;
    var inside = false;
    for (i = 0; i < n; i++) {
      var a = vertices[i], b = vertices[(i + 1) % n];
      if ((a[1].compare(p[1]) > 0) !== (b[1].compare(p[1]) > 0)) {
        var crossingX = a[0].add(p[1].sub(a[1]).mul(b[0].sub(a[0])).div(b[1].sub(a[1])));
        if (p[0].compare(crossingX) < 0) inside = !inside;
      }
    }
    return inside;
  }

  function inRegion(p, region) {
    if (region.shape === "rect") {
      var x = exactNumber(region.x), y = exactNumber(region.y);
      return between(p[0], x, x.add(exactNumber(region.w))) &&
        between(p[1], y, y.add(exactNumber(region.h)));
    }
    if (region.shape === "ellipse") {
      var dx = p[0].sub(exactNumber(region.cx)).div(exactNumber(region.rx));
      var dy = p[1].sub(exactNumber(region.cy)).div(exactNumber(region.ry));
      return dx.mul(dx).add(dy.mul(dy)).compare(1) <= 0;
    }
    return inPolygon(p, region.points.map(function (v) {
      return [exactNumber(v[0]), exactNumber(v[1])];
    }));
  }

  // ------------------------------------------------------------------------------------------
  // Grading. Each grader returns {share: Fraction in 0..1, detail}; details equal grading.py's.

  function allOrNothing(ok) {
    return new Fraction(ok ? 1 : 0);
  }

  var GRADERS = {
    single: function (spec, choice) {
      return { share: allOrNothing(choice === spec.correct), detail: { chosen: choice } };
    },
    multiple: function (spec, choices, rule) {
      var correct = new Set(spec.correct), ticked = new Set(choices);
      var detail = {
        right: spec.options.filter(function (o) { return ticked.has(o) && correct.has(o); }),
        wrong: spec.options.filter(function (o) { return ticked.has(o) && !correct.has(o); }),
        missed: spec.options.filter(function (o) { return !ticked.has(o) && correct.has(o); }),
      };
      if (rule === "all_or_nothing") {
        return { share: allOrNothing(sameSet(ticked, correct)), detail: detail };
      }
      var net = Math.max(0, detail.right.length - detail.wrong.length);
      return { share: new Fraction(net, correct.size), detail: detail };
    },
    // Rule "hits": markers in the order given, each to the first region (in spec order) that
    // contains it and is not yet hit. The greedy assignment is part of the contract.
    hotspot: function (spec, markers) {
      var regions = spec.regions;
      var required = whole(get(spec, "required", 1));
      var hit = regions.map(function () { return false; });
      var markerRegions = markers.map(function (marker) {
        var p = [exactNumber(marker[0]), exactNumber(marker[1])];
        for (var index = 0; index < regions.length; index++) {
          if (!hit[index] && inRegion(p, regions[index])) {
            hit[index] = true;
            return index;
          }
        }
        return null;
      });
      var hits = hit.filter(Boolean).length;
      return {
        share: new Fraction(Math.min(hits, required), Math.max(required, markers.length)),
        detail: {
          hits: hits,
          required: required,
          markers: markers.length,
          marker_regions: markerRegions,
        },
      };
    },
    ordering: function (spec, order, rule) {
      var key = spec.correct, n = key.length;
      var position = new Map(order.map(function (item, index) { return [item, index]; }));
      var pairs = (n * (n - 1)) / 2, concordant = 0;
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          if (position.get(key[i]) < position.get(key[j])) concordant++;
        }
      }
      var detail = { concordant: concordant, pairs: pairs };
      if (rule === "all_or_nothing") {
        return { share: allOrNothing(concordant === pairs), detail: detail };
      }
      return { share: new Fraction(concordant, pairs), detail: detail };
    },
    matching: function (spec, pairs, rule) {
      var premises = spec.premises;
      var right = premises.filter(function (p) { return pairs[p] === spec.correct[p]; });
      var detail = {
        correct_pairs: right,
        wrong_pairs: premises.filter(function (p) { return right.indexOf(p) < 0; }),
      };
      if (rule === "all_or_nothing") {
        return { share: allOrNothing(right.length === premises.length), detail: detail };
      }
      return { share: new Fraction(right.length, premises.length), detail: detail };
    },
    text: function (spec, text) {
      var normalized = normalizeText(text);
      var matched = null;
      for (var i = 0; i < spec.accepted.length && matched === null; i++) {
        if (normalizeText(spec.accepted[i]) === normalized) matched = spec.accepted[i];
      }
      return {
        share: allOrNothing(matched !== null),
        detail: { normalized: normalized, matched: matched },
      };
    },
    numeric: function (spec, value) {
      var difference = exactNumber(value).sub(exactNumber(spec.target)).abs();
      var tolerance = exactNumber(get(spec, "tolerance", 0));
      return {
        share: allOrNothing(difference.compare(tolerance) <= 0),
        detail: { difference: fractionToString(difference) },
      };
    },
  };

  /** Grade response against spec: {earned, points, rule, ruleText, correct, partial, detail}.
   * Throws InvalidSpec or InvalidResponse when either cannot be graded. */
  function grade(spec, response) {
    checkResponse(spec, response);
    var qtype = spec.type;
    var points = whole(spec.points);
    var rule = ruleOf(spec);
    var graded = GRADERS[qtype](spec, response[RESPONSE_KEYS[qtype]], rule);
    var earned = graded.share.mul(points);
    return Object.freeze({
      earned: earned,
      points: points,
      rule: rule,
      ruleText: RULES[rule],
      correct: earned.equals(points),
      partial: earned.compare(0) > 0 && earned.compare(points) < 0,
      detail: graded.detail,
    });
  }

  // ------------------------------------------------------------------------------------------
  // Scores at the edge

  /** earned * 100 / possible rounded half up to an integer, exactly: floor(x + 1/2).
   * 12.5 -> 13, 2.5 -> 3, 0.5 -> 1 (never banker's rounding). possible == 0 gives 0. */
  function percent(earned, possible) {
    var e = toFraction(earned), p = toFraction(possible);
    if (p.compare(0) < 0) throw new RangeError("possible must not be negative");
    if (p.equals(0)) return 0;
    var x = e.mul(100).div(p).add(new Fraction(1, 2));
    return Number(floorDiv(x.n, x.d));
  }

  /** True when a percentage reaches the pass mark (inclusive). */
  function passed(percentValue, passMark) {
    return percentValue >= passMark;
  }

  /** Canonical text form of an exact score: "3/4", "1", "0", "-1/2" (always lowest terms). */
  function fractionToString(f) {
    if (typeof f === "bigint" || (typeof f === "number" && Number.isSafeInteger(f))) {
      f = new Fraction(f);
    }
    if (!(f instanceof Fraction)) {
      throw new TypeError("fractionToString needs a Fraction or an integer");
    }
    return f.d === ONE ? String(f.n) : f.n + "/" + f.d;
  }

  var FRACTION_RE = /^-?[0-9]+(?:\/[0-9]+)?$/;

  /** Inverse of fractionToString; accepts only "-?N" or "-?N/D" with ASCII digits, D > 0. */
  function parseFraction(s) {
    if (typeof s !== "string" || !FRACTION_RE.test(s)) {
      throw new RangeError("Not a fraction: " + JSON.stringify(s));
    }
    var parts = s.split("/");
    var denominator = parts.length > 1 ? BigInt(parts[1]) : ONE;
    if (denominator === ZERO) throw new RangeError("Zero denominator: " + JSON.stringify(s));
    return new Fraction(BigInt(parts[0]), denominator);
  }

  return Object.freeze({
    SPEC_VERSION: SPEC_VERSION,
    MAX_POINTS: MAX_POINTS,
    MAX_TEXT_LENGTH: MAX_TEXT_LENGTH,
    QUESTION_TYPES: QUESTION_TYPES,
    RULES: RULES,
    DEFAULT_RULES: DEFAULT_RULES,
    ALLOWED_RULES: ALLOWED_RULES,
    InvalidSpec: InvalidSpec,
    InvalidResponse: InvalidResponse,
    Fraction: Fraction,
    checkSpec: checkSpec,
    checkResponse: checkResponse,
    grade: grade,
    normalizeText: normalizeText,
    percent: percent,
    passed: passed,
    fractionToString: fractionToString,
    parseFraction: parseFraction,
  });
});
