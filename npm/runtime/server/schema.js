// Input validation with a Standard Schema (zod, valibot, arktype…) or a
// parse function: a refused input is a ServerError 400 with `data: { issues }`.
import { describeValue } from "../protocol.js";
import { ServerError } from "./errors.js";

// A registered symbol: a dev server's second copy of fnwire/server may trace what the first refused.
const INVALID_INPUT = Symbol.for("fnwire.invalidInput");

/** Throws a TypeError naming `caller` unless `schema` is a Standard Schema v1 or a function; checked by `~standard` first (arktype's types are callable). */
export function checkSchema(schema, caller) {
  const standard = schema?.["~standard"];
  if (standard !== undefined) {
    if (standard?.version !== 1 || typeof standard.validate !== "function") {
      throw new TypeError(`[fnwire] ${caller}: .validator() takes a Standard Schema v1, whose ~standard has version 1 and validate().`);
    }
    return;
  }
  if (typeof schema !== "function") {
    throw new TypeError(
      `[fnwire] ${caller}: .validator() takes a Standard Schema (zod, valibot, arktype…) or a function that returns the parsed input or throws; received ${describeValue(schema)}.`,
    );
  }
}

/** The validated input, or a ServerError 400 with `data: { issues }`. */
export async function validateInput(schema, input) {
  const standard = schema["~standard"];
  if (standard === undefined) {
    try {
      return await schema(input);
    } catch (error) {
      throw invalidInput([{ message: messageOf(error) }]);
    }
  }
  const result = await standard.validate(input);
  if (result.issues) throw invalidInput(Array.from(result.issues, plainIssue));
  return result.value;
}

/**
 * Standard Schema's issue shape, `{ message, path? }` with the path as plain
 * keys: library-specific members (valibot's `input` echoes the value, zod's
 * codes differ per version) stay on the server, and the data is always JSON.
 */
function plainIssue(issue) {
  const message = typeof issue?.message === "string" ? issue.message : "Invalid value";
  if (!Array.isArray(issue?.path)) return { message };
  const path = issue.path.map((segment) => {
    const key = segment !== null && typeof segment === "object" ? segment.key : segment;
    return typeof key === "number" ? key : String(key);
  });
  return { message, path };
}

function invalidInput(issues) {
  const [first = { message: "the schema refused it" }] = issues;
  const where = first.path?.length ? `${first.path.join(".")}: ` : "";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  const error = new ServerError(`Invalid input: ${where}${first.message}${more}`, { status: 400, data: { issues } });
  return Object.defineProperty(error, INVALID_INPUT, { value: true });
}

/** Whether `error` is a schema's refusal, whose message quotes the input (a trace records it without). */
export function isInvalidInput(error) {
  return error?.[INVALID_INPUT] === true;
}

function messageOf(error) {
  try {
    if (error instanceof Error) return error.message;
    return String(error);
  } catch {
    return "Invalid input";
  }
}
