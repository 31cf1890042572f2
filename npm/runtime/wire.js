// The wire encoding of section 14, the same in both directions: values JSON
// cannot carry (undefined, NaN, -0, BigInt, Date, RegExp, Map, Set, URL,
// typed arrays, null-prototype objects, repeated and cyclic references) in
// devalue's format, SvelteKit's. Decoding is JSON.parse plus revival: no
// code from the wire is ever evaluated. Runs in browsers too.
import { DevalueError, stringify, unflatten } from "devalue";
import { describeValue } from "./protocol.js";

/** One encoded value (a result, an error envelope, a call). */
export const ENCODED_TYPE = "application/vnd.fnwire+json";
/** A stream of encoded frames, one per line. */
export const STREAM_TYPE = "application/vnd.fnwire-stream";
/** The header of a stream answer that says what the function returned, `readable` (a ReadableStream) or `iterator`: the Content-Type stays the bare media type. */
export const STREAM_KIND_HEADER = "X-Fnwire-Stream";
/** How deep an encoded value may nest before decoding refuses it (devalue's revival recurses). */
export const MAX_DEPTH = 1000;
/** The most digits a BigInt may have on the wire: parsing one takes time that grows faster than its length. */
export const MAX_BIGINT_DIGITS = 10_000;

/**
 * True when JSON carries `value` exactly, so that section 7's JSON wire
 * serves it: plain objects, dense arrays, strings, finite numbers (not -0),
 * booleans and null, with no object reached twice (JSON would copy it) and
 * no undefined member (JSON would drop it).
 */
export function isJsonValue(value) {
  return jsonValue(value, undefined, 0);
}

function jsonValue(value, seen, depth) {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth > MAX_DEPTH) return false;
  seen ??= new Set();
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (!(index in value) || !jsonValue(value[index], seen, depth + 1)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype || Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || !jsonValue(value[key], seen, depth + 1)) return false;
  }
  return true;
}

/**
 * The encoding of `value`. A value that cannot travel (a function, a class
 * instance, a symbol, a promise) throws a TypeError that starts with
 * `[fnwire] ${subject}` and names its path from `root` (`args[1].owner.save`).
 * `reducers` are devalue's, for the types a caller adds (fnwire/client's
 * FormData, File and Blob).
 */
export function encode(value, { root, subject, reducers }) {
  try {
    return stringify(value, { ...reducers, [BOXED]: refuseBoxed });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new TypeError(`[fnwire] ${subject}: ${root || "the value"} is nested too deeply to be encoded.`);
    }
    if (!(error instanceof DevalueError)) throw error;
    const path = `${root}${error.path.replace(/^\./, root === "" ? "" : ".")}`;
    const refused = error.value instanceof Boxed ? error.value.value : error.value;
    throw new TypeError(
      `[fnwire] ${subject}: ${path || "the value"} is ${describeValue(refused)}, which cannot travel to the other side. Send JSON values, or the types fnwire carries (Date, Map, Set, BigInt, URL, typed arrays, FormData, File…).`,
    );
  }
}

// Boxed primitives (new Number(1), new String("s"), new Boolean(false), Object(1n)) are no type section 14
// carries, and devalue would send them as such: refused as any other class instance. The reducer hands
// devalue a Boxed, which it refuses as a non-plain object, with the boxed value's path.
const BOXED = "fnwire:boxed";
class Boxed {
  constructor(value) {
    this.value = value;
  }
}
function refuseBoxed(value) {
  return (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt) && new Boxed(value);
}

/** Why a text is not an encoding fnwire reads. */
export class WireError extends Error {}

/** The value `text` encodes; a WireError for anything else (bad JSON, too deep, an unknown type, `__proto__`). */
export function decode(text, revivers) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WireError("not valid JSON");
  }
  return decodeParsed(parsed, revivers);
}

/** `decode` of a text already through JSON.parse (fnwire/server peeks at a call's fnId first). */
export function decodeParsed(parsed, revivers) {
  if (Array.isArray(parsed)) {
    if (revivalDepth(parsed) > MAX_DEPTH) throw new WireError(`nested more than ${MAX_DEPTH} levels deep`);
    if (parsed.some(isLongBigInt)) throw new WireError(`a BigInt has more than ${MAX_BIGINT_DIGITS} digits`);
  }
  try {
    return unflatten(parsed, { ...revivers, Object: refuseBoxedOnArrival });
  } catch (error) {
    throw new WireError(error instanceof Error ? error.message : "not an encoded value");
  }
}

function refuseBoxedOnArrival() {
  throw new WireError("a boxed primitive (new Number, new String, new Boolean) is no value fnwire carries");
}

/**
 * How deep devalue's revival of `values` would recurse: a walk in the same
 * order (children in order, each value entered once), kept on a stack of
 * its own so that the check itself cannot overflow.
 */
function revivalDepth(values) {
  const entered = new Uint8Array(values.length);
  // Frames of [children, position of the next child].
  const stack = [[childrenOf(values[0]), 0]];
  entered[0] = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame[1] === frame[0].length) {
      stack.pop();
      continue;
    }
    const next = frame[0][frame[1]++];
    if (!Number.isInteger(next) || next < 0 || next >= values.length || entered[next]) continue;
    entered[next] = 1;
    stack.push([childrenOf(values[next]), 0]);
    if (stack.length > MAX_DEPTH) return stack.length;
  }
  return 1;
}

function isLongBigInt(entry) {
  return Array.isArray(entry) && entry[0] === "BigInt" && typeof entry[1] === "string" && entry[1].length > MAX_BIGINT_DIGITS + 1;
}

// devalue's flat format: each entry is a primitive, an object of indexes, an
// array of indexes, or a tagged array ["Type", …] whose indexes depend on
// the type; negative numbers are constants (undefined, NaN, holes…).
const SPARSE = -7;
const LEAF_TYPES = new Set(["Date", "RegExp", "BigInt", "URL", "URLSearchParams", "ArrayBuffer"]);

function childrenOf(entry) {
  if (entry === null || typeof entry !== "object") return [];
  if (!Array.isArray(entry)) return Object.values(entry);
  const [tag] = entry;
  // [SPARSE, length, index, value, index, value…]
  if (tag === SPARSE) return entry.filter((_, position) => position >= 3 && position % 2 === 1);
  if (typeof tag !== "string") return entry;
  if (LEAF_TYPES.has(tag) || tag.startsWith("Temporal.")) return [];
  // ["Set", value…] and ["Map", key, value…] list indexes.
  if (tag === "Set" || tag === "Map") return entry.slice(1);
  // ["null", key, index, key, index…]: a null-prototype object.
  if (tag === "null") return entry.filter((_, position) => position >= 2 && position % 2 === 0);
  // A typed array or DataView (its buffer), a boxed primitive, a custom type (its payload): one index.
  return [entry[1]];
}
