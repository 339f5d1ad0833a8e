// Tests for static/caseapp/grader.js: the shared vectors.json contract (the same cases pytest runs
// against caseapp/grading.py) plus direct behaviour tests. Run: node --test tests/grading/
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it, test } from "node:test";

const require = createRequire(import.meta.url);
const grader = require("../../static/caseapp/grader.js");
const {
  ALLOWED_RULES,
  DEFAULT_RULES,
  Fraction,
  InvalidResponse,
  InvalidSpec,
  QUESTION_TYPES,
  RULES,
  SPEC_VERSION,
  checkResponse,
  checkSpec,
  fractionToString,
  grade,
  normalizeText,
  parseFraction,
  passed,
  percent,
} = grader;

const VECTORS = JSON.parse(readFileSync(new URL("./vectors.json", import.meta.url), "utf8"));
const GRADING_PY = readFileSync(new URL("../../caseapp/grading.py", import.meta.url), "utf8");

const SPECS = {
  single: { v: 1, type: "single", points: 1, options: ["a", "b"], correct: "b" },
  multiple: { v: 1, type: "multiple", points: 2, options: ["a", "b", "c"], correct: ["a", "c"] },
  hotspot: {
    v: 1,
    type: "hotspot",
    points: 1,
    regions: [
      { shape: "rect", x: 0.1, y: 0.1, w: 0.2, h: 0.2 },
      { shape: "ellipse", cx: 0.5, cy: 0.5, rx: 0.1, ry: 0.2 },
    ],
  },
  ordering: { v: 1, type: "ordering", points: 3, correct: ["x", "y", "z"] },
  matching: {
    v: 1,
    type: "matching",
    points: 2,
    premises: ["p1", "p2"],
    responses: ["r1", "r2"],
    correct: { p1: "r1", p2: "r2" },
    one_to_one: true,
  },
  text: { v: 1, type: "text", points: 1, accepted: ["tumoral calcinosis"] },
  numeric: { v: 1, type: "numeric", points: 1, target: 5, tolerance: 0.5 },
};

// ---------------------------------------------------------------------------------------------
// The shared vectors

test("vectors file is version 1 and names are unique", () => {
  assert.equal(VECTORS.version, SPEC_VERSION);
  for (const section of ["grade", "percent", "normalize"]) {
    const names = VECTORS[section].map((vector) => vector.name);
    assert.equal(new Set(names).size, names.length, section);
  }
});

describe("grade vectors", () => {
  for (const vector of VECTORS.grade) {
    it(vector.name, () => {
      const { spec, response, expected } = vector;
      if (expected.invalid_spec) {
        assert.ok(!("response" in vector));
        assert.throws(() => checkSpec(spec), InvalidSpec);
        return;
      }
      checkSpec(spec);
      if (expected.invalid_response) {
        assert.throws(() => checkResponse(spec, response), InvalidResponse);
        assert.throws(() => grade(spec, response), InvalidResponse);
        return;
      }
      const result = grade(spec, response);
      assert.ok(result.earned.equals(parseFraction(expected.earned)));
      assert.equal(fractionToString(result.earned), expected.earned);
      assert.equal(result.points, expected.points);
      assert.equal(result.correct, expected.correct);
      assert.equal(result.rule, expected.rule);
      if ("detail" in expected) assert.deepEqual(result.detail, expected.detail);
    });
  }
});

describe("percent vectors", () => {
  for (const vector of VECTORS.percent) {
    it(vector.name, () => {
      assert.equal(percent(parseFraction(vector.earned), vector.possible), vector.expected);
    });
  }
});

describe("normalize vectors", () => {
  for (const vector of VECTORS.normalize) {
    it(vector.name, () => {
      assert.equal(normalizeText(vector.input), vector.expected);
    });
  }
});

test("vectors cover every type and every rule", () => {
  const graded = VECTORS.grade.filter((vector) => "earned" in vector.expected);
  assert.deepEqual(new Set(graded.map((v) => v.spec.type)), new Set(QUESTION_TYPES));
  const covered = new Set(graded.map((v) => `${v.spec.type} ${v.expected.rule}`));
  const allowed = Object.entries(ALLOWED_RULES).flatMap(([qtype, rules]) =>
    rules.map((rule) => `${qtype} ${rule}`),
  );
  assert.deepEqual(covered, new Set(allowed));
});

// ---------------------------------------------------------------------------------------------
// The same tables as the rulebook, read from grading.py's source

function pythonDict(name, asList = false) {
  const start = GRADING_PY.indexOf(`\n${name}: dict[`);
  assert.ok(start >= 0, name);
  const end = GRADING_PY.indexOf("\n}\n", start);
  const body = GRADING_PY.slice(GRADING_PY.indexOf("{", start) + 1, end);
  const entries = {};
  for (const chunk of body.split(/\n(?= {4}")/)) {
    const [key, ...values] = [...chunk.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    if (key !== undefined) entries[key] = asList ? values : values.join("");
  }
  return entries;
}

test("rule sentences, default and allowed rules are grading.py's", () => {
  const rules = pythonDict("RULES");
  assert.deepEqual(Object.keys(rules).sort(), Object.keys(RULES).sort());
  for (const [rule, sentence] of Object.entries(rules)) assert.equal(RULES[rule], sentence, rule);
  assert.deepEqual(pythonDict("DEFAULT_RULES"), { ...DEFAULT_RULES });
  const allowed = pythonDict("ALLOWED_RULES", true);
  for (const qtype of QUESTION_TYPES) {
    assert.deepEqual(allowed[qtype], [...ALLOWED_RULES[qtype]], qtype);
    assert.equal(ALLOWED_RULES[qtype][0], DEFAULT_RULES[qtype], qtype);
  }
  const types = QUESTION_TYPES.map((qtype) => `"${qtype}"`).join(", ");
  assert.ok(GRADING_PY.includes(`\nQUESTION_TYPES = (${types})\n`));
});

// ---------------------------------------------------------------------------------------------
// Behaviour

test("wrong choice scores zero", () => {
  const result = grade(SPECS.single, { choice: "a" });
  assert.equal(fractionToString(result.earned), "0");
  assert.equal(result.correct, false);
  assert.equal(result.partial, false);
});

test("result is an exact fraction and explains its rule", () => {
  const third = grade({ ...SPECS.ordering, points: 1 }, { order: ["y", "x", "z"] });
  assert.ok(third.earned instanceof Fraction);
  assert.equal(third.earned.n, 2n);
  assert.equal(third.earned.d, 3n);
  assert.equal(third.partial, true);
  assert.equal(third.ruleText, RULES.concordant_pairs);
});

test("percent rounds half up exactly, where floats and Math.round go wrong", () => {
  assert.equal(percent(new Fraction(1, 2), 4), 13); // 12.5
  assert.equal(percent(parseFraction("5/2"), 4), 63); // 62.5, banker's rounding gives 62
  assert.equal(percent(new Fraction(1, 200), 1), 1); // 0.5
  // 1.005 points of 1 is exactly 100.5%, but 1.005 * 100 is 100.49999999999999 in floats.
  assert.equal(Math.round(1.005 * 100), 100);
  assert.equal(percent(1.005, 1), 101);
  // 0.29 of 1: 0.29 * 100 is 28.999999999999996 in floats; floor would say 28.
  assert.equal(percent(0.29, 1), 29);
  assert.equal(percent(parseFraction("-1/200"), 1), 0); // floor(-0.5 + 0.5), not -1
  assert.equal(percent(parseFraction("-3/200"), 1), -1); // -1.5 rounds half up to -1
  assert.equal(percent(new Fraction(0), 0), 0);
  assert.equal(percent(3, 4), 75);
  assert.throws(() => percent(1, -1), RangeError);
});

test("passed is inclusive", () => {
  assert.equal(passed(60, 60), true);
  assert.equal(passed(61, 60), true);
  assert.equal(passed(59, 60), false);
});

test("numeric tolerance is decimal, not binary", () => {
  const spec = { v: 1, type: "numeric", points: 1, target: 1.1, tolerance: 0.1 };
  assert.ok(Math.abs(1.0 - 1.1) > 0.1); // binary floats would mark this wrong ...
  assert.equal(grade(spec, { value: 1.0 }).correct, true); // ... but it is exactly 0.1 away
  assert.equal(grade(spec, { value: 1.2 }).correct, true);
  assert.equal(grade(spec, { value: 1.2000000000000002 }).correct, false);
  const zero = { v: 1, type: "numeric", points: 1, target: 0.3 };
  const sum = grade(zero, { value: 0.1 + 0.2 });
  assert.equal(sum.correct, false);
  assert.equal(sum.detail.difference, "1/25000000000000000");
});

test("numbers in exponent form are read exactly", () => {
  const spec = { v: 1, type: "numeric", points: 1, target: 0, tolerance: 1e-7 };
  assert.equal(String(1e-7), "1e-7");
  assert.deepEqual(grade(spec, { value: -1e-7 }).detail, { difference: "1/10000000" });
  assert.equal(grade(spec, { value: 1.5e-7 }).detail.difference, "3/20000000");
  assert.equal(grade(spec, { value: 1.5e-7 }).correct, false);
  assert.equal(grade({ ...spec, target: 1e21 }, { value: 1e21 }).detail.difference, "0");
  const big = grade({ ...spec, target: 2.5e21 }, { value: 0 });
  assert.equal(big.detail.difference, "2500000000000000000000");
});

test("hotspot edges are exact: x + w is 0.6, not 0.6000000000000001", () => {
  const rect = { shape: "rect", x: 0.2, y: 0.3, w: 0.4, h: 0.2 };
  const spec = { v: 1, type: "hotspot", points: 1, regions: [rect] };
  assert.ok(0.2 + 0.4 !== 0.6);
  assert.equal(grade(spec, { points: [[0.6, 0.5]] }).correct, true);
  const circle = { shape: "ellipse", cx: 0.3, cy: 0.3, rx: 0.1, ry: 0.1 };
  const ellipse = { v: 1, type: "hotspot", points: 1, regions: [circle] };
  assert.ok((0.4 - 0.3) / 0.1 !== 1);
  assert.equal(grade(ellipse, { points: [[0.4, 0.3]] }).correct, true); // exactly on the edge
});

test("extra hotspot markers cost points", () => {
  assert.equal(grade(SPECS.hotspot, { points: [[0.2, 0.2]] }).correct, true);
  const two = grade(SPECS.hotspot, { points: [[0.2, 0.2], [0.9, 0.9]] });
  assert.equal(fractionToString(two.earned), "1/2");
  assert.deepEqual(two.detail.marker_regions, [0, null]);
});

test("casefold is full Unicode case folding, not toLowerCase", () => {
  assert.equal("ß".toLowerCase(), "ß");
  assert.equal(normalizeText("Straße"), "strasse");
  assert.equal(normalizeText("STRAẞE"), "strasse");
  assert.equal("ΣΑΣ".toLowerCase(), "σας"); // final sigma, which casefold does not use
  assert.equal(normalizeText("ΣΑΣ"), "σασ");
  assert.equal(normalizeText("ὈΔΥΣΣΕΎΣ"), "ὀδυσσεύσ");
  assert.equal(normalizeText("ᾈ"), "ἀι");
  assert.equal(normalizeText("\u01f0"), "j\u030c"); // NFKC keeps it composed, casefold splits it
  assert.equal(normalizeText("ᏸ Ꭰ ꭰ"), "Ᏸ Ꭰ Ꭰ"); // Cherokee folds to capitals
  assert.equal(normalizeText("\u0130"), "i\u0307");
});

test("normalize treats punctuation, Z* and Python's whitespace as spaces, keeps symbols", () => {
  const spaces = "a\u2028b\u2029c\u00a0d\u3000e\u001cf\u0085g\u000bh";
  assert.equal(normalizeText(spaces), "a b c d e f g h");
  assert.equal(normalizeText("¿Qué?—«sí»"), "qué sí");
  assert.equal(normalizeText("x+y=z ±5 °C"), "x+y=z ±5 °c");
  assert.equal(normalizeText("\u200b"), "\u200b"); // a format character (Cf), not a space in Python
  assert.throws(() => normalizeText(5), TypeError);
});

test("text answers are limited to 500 code points, not UTF-16 units", () => {
  const spec = { v: 1, type: "text", points: 1, accepted: ["tumoral calcinosis"] };
  const emoji = "😀".repeat(500); // 1000 UTF-16 units, 500 characters for Python
  assert.equal(grade(spec, { text: emoji }).correct, false);
  assert.throws(() => grade(spec, { text: emoji + "😀" }), InvalidResponse);
});

test("check response checks the spec first", () => {
  assert.throws(() => checkResponse({ v: 1, type: "single" }, { choice: "a" }), InvalidSpec);
  assert.throws(() => grade({ v: 99 }, { choice: "a" }), InvalidSpec);
});

test("error messages are plain English, as in grading.py", () => {
  const cases = [
    [SPECS.single, { choice: "zzz" }, "Choose one of the listed options."],
    [SPECS.hotspot, { points: [[1.5, 0.5]] }, "Your click must be inside the image."],
    [SPECS.ordering, { order: ["x", "x", "z"] }, "Rank every item exactly once."],
    [SPECS.matching, { pairs: { p1: "r1", p2: "r1" } }, "Use each answer at most once."],
    [SPECS.hotspot, { points: [[0, 0], [0, 0], [0, 0]] }, "Place at most 2 markers."],
  ];
  for (const [spec, response, message] of cases) {
    assert.throws(() => grade(spec, response), { name: "InvalidResponse", message });
  }
  assert.throws(() => checkSpec({ ...SPECS.numeric, tolerence: 1 }), {
    name: "InvalidSpec",
    message: 'A "numeric" spec has unknown keys: tolerence.',
  });
  assert.throws(() => checkSpec({ ...SPECS.single, points: 1001 }), {
    message: '"points" must be a whole number from 1 to 1000.',
  });
});

test("errors are Error subclasses with their own names", () => {
  assert.ok(new InvalidSpec("x") instanceof Error);
  assert.ok(new InvalidResponse("x") instanceof Error);
  assert.equal(new InvalidSpec("x").name, "InvalidSpec");
  assert.equal(new InvalidResponse("x").name, "InvalidResponse");
});

test("fraction round trip", () => {
  for (const text of ["3/4", "1", "0", "-1/2", "8/3"]) {
    assert.equal(fractionToString(parseFraction(text)), text);
  }
  assert.equal(fractionToString(new Fraction(6, 8)), "3/4");
  assert.equal(fractionToString(new Fraction(3, -6)), "-1/2");
  assert.equal(fractionToString(0), "0");
  assert.equal(fractionToString(parseFraction("2/4")), "1/2");
  assert.equal(fractionToString(parseFraction("-0")), "0");
  assert.throws(() => fractionToString(0.5), TypeError);
  assert.throws(() => fractionToString(true), TypeError);
});

test("parse fraction rejects anything else", () => {
  const bad = ["", "1.5", "1/0", " 1/2", "1/2/3", "a", "1e3", "\u0663", "+1", "1/2\n", 3, null];
  for (const text of bad) {
    assert.throws(() => parseFraction(text), RangeError, JSON.stringify(text));
  }
});

test("own keys only: inherited properties are not a response or a spec key", () => {
  assert.throws(() => grade(SPECS.single, Object.create({ choice: "b" })), InvalidResponse);
  assert.throws(() => grade(SPECS.single, { choice: "toString" }), InvalidResponse);
  const pairs = { p1: "r1", p2: "constructor" };
  assert.throws(() => grade(SPECS.matching, { pairs }), InvalidResponse);
  assert.throws(() => checkSpec({ ...SPECS.single, type: "constructor" }), InvalidSpec);
  assert.throws(() => checkSpec({ ...SPECS.single, rule: null }), InvalidSpec);
  assert.throws(() => checkSpec({ ...SPECS.hotspot, required: null }), InvalidSpec);
  const proto = JSON.parse(`{${JSON.stringify(SPECS.single).slice(1, -1)}, "__proto__": 1}`);
  const message = 'A "single" spec has unknown keys: __proto__.';
  assert.throws(() => checkSpec(proto), { name: "InvalidSpec", message });
});

function deep(levels) {
  let value = [];
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const JUNK = [
  null, true, 0, 1.5, "x", "", [], [[]], {}, { "": null }, { 1: "a" },
  { choice: 3 }, { choice: ["b"] }, { choice: { b: 1 } },
  { choices: null }, { choices: [null] }, { choices: [["a"]] }, { choices: [{ a: 1 }] },
  { choices: "ab" },
  { points: [[2, 0]] }, { points: [[0.5]] }, { points: [[null, null]] }, { points: [["a", "b"]] },
  { points: [[[0.5], [0.5]]] }, { points: [[NaN, 0.5]] }, { points: [[Infinity, 0.5]] },
  { points: [[0.5, 10n]] }, { points: "0.5,0.5" }, { points: { x: 0.5 } },
  { order: null }, { order: [["x"], ["y"], ["z"]] }, { order: [{ x: 1 }, "y", "z"] },
  { order: [1, 2, 3] },
  { pairs: null }, { pairs: { p1: ["r1"], p2: "r2" } }, { pairs: { p1: { r1: 1 }, p2: "r2" } },
  { pairs: { 1: "r1", 2: "r2" } }, { pairs: [["p1", "r1"]] },
  { text: null }, { text: ["tumoral calcinosis"] }, { text: "x".repeat(10000) },
  { value: null }, { value: NaN }, { value: Infinity }, { value: -Infinity }, { value: "5" },
  { value: false }, { value: { n: 5 } }, { value: [5] }, { value: 5n },
  deep(500), { choice: deep(500), choices: deep(500), points: deep(500) }, { order: deep(500) },
  { pairs: { p1: deep(500), p2: "r2" } },
];

test("junk responses raise only InvalidResponse", () => {
  for (const qtype of QUESTION_TYPES) {
    for (const junk of JUNK) {
      assert.throws(
        () => grade(SPECS[qtype], junk),
        (error) => error instanceof InvalidResponse && error.message.length > 0,
        `${qtype} accepted junk`,
      );
    }
  }
});

test("the file defines CaseappGrader on window in a browser", async () => {
  const { runInNewContext } = await import("node:vm");
  const source = readFileSync(new URL("../../static/caseapp/grader.js", import.meta.url), "utf8");
  const window = {};
  runInNewContext(source, { window });
  assert.equal(typeof window.CaseappGrader.grade, "function");
  assert.equal(window.CaseappGrader.percent(window.CaseappGrader.parseFraction("5/2"), 4), 63);
});
