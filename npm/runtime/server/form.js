// Reading the form endpoint (section 13): a multipart or urlencoded body,
// parsed as it streams in and counted against the limit while it is read.
// It is either a stub's call (`$fnwire:call`, the encoded call whose files
// are further parts) or a form the browser submitted without JavaScript
// (`$fnwire:action`, the function to call with the submitted FormData).
import {
  MaxFileSizeExceededError,
  MaxHeaderSizeExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  MultipartParser,
} from "@remix-run/multipart-parser";
import { FORM_FIELDS, isValidFnId } from "../protocol.js";
import { decodeParsed, WireError } from "../wire.js";
import { TOO_LARGE, UNREADABLE } from "./body.js";
import { bodySizeLimitOf, registeredFunction } from "./registry.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A form the endpoint refuses: its status and message (the answer, an envelope or a page, is the caller's to make). */
export class FormRefusal {
  constructor(status, message, fnId = null) {
    this.status = status;
    this.message = message;
    this.fnId = fnId;
  }

  /** The form names a function no one registered: 409 for a page of another build (section 16), else this 404. */
  get unknownFunction() {
    return this.status === 404 && this.fnId !== null;
  }
}

/**
 * The call a form body makes: `{ kind: "call" | "action", fnId, registered,
 * args }`, or a FormRefusal. `limit` is the form size limit, narrowed by a
 * function's own bodySizeLimit as soon as its id is read.
 */
export async function readFormCall(exchange, limit) {
  const mediaType = (exchange.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const budget = { limit, size: 0 };
  const form = new FormFields(budget);
  let outcome;
  try {
    if (mediaType === "multipart/form-data") {
      outcome = await readMultipart(exchange, budget, form);
    } else if (mediaType === "application/x-www-form-urlencoded") {
      outcome = await readUrlencoded(exchange, budget, form);
    } else {
      return new FormRefusal(415, "The form endpoint takes multipart/form-data or application/x-www-form-urlencoded.");
    }
  } catch (error) {
    if (error instanceof FormRefusal) return error;
    if (
      error instanceof MaxFileSizeExceededError ||
      error instanceof MaxTotalSizeExceededError ||
      error instanceof MaxHeaderSizeExceededError
    ) {
      return tooLarge(budget, form.fnId);
    }
    // A TypeError: a text field that is not UTF-8.
    if (error instanceof MultipartParseError || error instanceof TypeError) {
      return new FormRefusal(400, `The form body is malformed: ${error.message}`, form.fnId);
    }
    throw error;
  }
  if (outcome === TOO_LARGE || budget.size > budget.limit) return tooLarge(budget, form.fnId);
  if (outcome === UNREADABLE) return new FormRefusal(400, "The form body could not be read.", form.fnId);
  return form.call();
}

/** 413, naming the function once the body has said which (section 7's envelope carries the id once it is read). */
function tooLarge(budget, fnId) {
  return new FormRefusal(413, `The form body is larger than ${budget.limit} bytes.`, fnId);
}

async function readMultipart(exchange, budget, form) {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(exchange.header("content-type"));
  if (boundary === null) throw new FormRefusal(400, "The multipart body has no boundary in its Content-Type.");
  // The parser's own limits are the form's: no part, no part's headers and no sum of parts may pass it. The
  // bytes bound the work; a count of parts would refuse a form well within them, which the contract does not.
  const parser = new MultipartParser(boundary[1] ?? boundary[2], {
    maxHeaderSize: budget.limit,
    maxFileSize: budget.limit,
    maxTotalSize: budget.limit,
    maxParts: Infinity,
  });
  const outcome = await exchange.streamBody(budget, (chunk) => {
    try {
      for (const part of parser.write(chunk)) {
        if (part.name === undefined) throw new FormRefusal(400, "A part of the form body has no name.");
        form.add(part.name, part.isFile ? new File(part.content, part.filename, { type: part.mediaType ?? "" }) : utf8.decode(part.bytes));
      }
    } catch (error) {
      // Bytes after the closing boundary are an epilogue, which multipart allows and a reader ignores;
      // the parser refuses a chunk that starts after its end.
      if (!(error instanceof MultipartParseError && isFinished(parser))) throw error;
    }
  });
  if (outcome === null) parser.finish();
  return outcome;
}

function isFinished(parser) {
  try {
    parser.finish();
    return true;
  } catch {
    return false;
  }
}

async function readUrlencoded(exchange, budget, form) {
  const body = await exchange.readBody(budget.limit);
  if (typeof body === "symbol") return body;
  budget.size = body.byteLength;
  for (const [name, value] of new URLSearchParams(utf8.decode(body))) form.add(name, value);
  return null;
}

/** The fields of one form body, in order, and what fnwire's own fields among them say. */
class FormFields {
  #budget;
  #entries = [];
  #call;
  // The actions of the form, each `{ fnId, bound }`: one per `$fnwire:action`, in the order they came.
  #actions = [];
  #clicked;

  constructor(budget) {
    this.#budget = budget;
  }

  /** The function the body names, once read (its call's, else its first action's); null before. */
  get fnId() {
    return this.#call?.fnId ?? this.#actions[0]?.fnId ?? null;
  }

  add(name, value) {
    if (name === FORM_FIELDS.call) {
      if (this.#call !== undefined) throw new FormRefusal(400, `The form body has ${FORM_FIELDS.call} twice.`, this.fnId);
      this.#call = readCallField(value);
      this.#narrow(this.#call.fnId);
    } else if (name === FORM_FIELDS.action) {
      if (typeof value !== "string" || !isValidFnId(value))
        throw new FormRefusal(400, `${FORM_FIELDS.action} must hold a server function id.`, this.fnId);
      this.#actions.push({ fnId: value, bound: undefined });
      this.#narrow(value);
    } else if (name === FORM_FIELDS.bound) {
      const action = this.#actions.at(-1);
      if (action === undefined || action.bound !== undefined || typeof value !== "string") {
        throw new FormRefusal(400, `${FORM_FIELDS.bound} must follow its ${FORM_FIELDS.action}.`, this.fnId);
      }
      action.bound = value;
    } else if (name.startsWith(FORM_FIELDS.clicked)) {
      this.#clicked = name.slice(FORM_FIELDS.clicked.length);
    }
    this.#entries.push([name, value]);
  }

  /** A function's own bodySizeLimit narrows the budget once its id is known; an unknown id ends the reading with 404. */
  #narrow(fnId) {
    const registered = registeredFunction(fnId);
    if (registered === undefined) throw new FormRefusal(404, `Unknown server function ${fnId}.`, fnId);
    const own = bodySizeLimitOf(registered.fn);
    if (own !== undefined && own < this.#budget.limit) this.#budget.limit = own;
    if (this.#budget.size > this.#budget.limit)
      throw new FormRefusal(413, `The form body is larger than ${this.#budget.limit} bytes.`, fnId);
  }

  call() {
    if (this.#call !== undefined) return this.#stubCall();
    if (this.#actions.length > 0) return this.#formAction();
    return new FormRefusal(400, `The form body has neither ${FORM_FIELDS.call} nor ${FORM_FIELDS.action}: it was not sent by fnwire.`);
  }

  /** A stub's call: the encoded `{ fnId, args }`, its FormData, File and Blob values rebuilt from the parts they reference. */
  #stubCall() {
    const { fnId, flat } = this.#call;
    const parts = new Map(this.#entries.filter(([name]) => /^\$fnwire:\d+$/.test(name)));
    const used = new Set();
    const part = (index) => {
      const name = `${FORM_FIELDS.prefix}${index}`;
      const value = parts.get(name);
      if (!(value instanceof Blob)) throw new WireError(`it references a part ${name} that the body does not have`);
      if (used.has(name)) throw new WireError(`it references the part ${name} twice`);
      used.add(name);
      return value;
    };
    let call;
    try {
      call = decodeParsed(flat, {
        File: ([index, name, type, lastModified]) =>
          new File([part(index)], String(name), { type: String(type), lastModified: Number(lastModified) }),
        Blob: ([index, type]) => new Blob([part(index)], { type: String(type) }),
        FormData: (entries) => formData(entries),
      });
    } catch (error) {
      return new FormRefusal(400, `${FORM_FIELDS.call} is not a call fnwire can read: ${error.message}.`, fnId);
    }
    if (call === null || typeof call !== "object" || call.fnId !== fnId || !Array.isArray(call.args)) {
      return new FormRefusal(400, `${FORM_FIELDS.call} must encode { fnId, args } with args an array.`, fnId);
    }
    return { kind: "call", fnId, registered: registeredFunction(fnId), args: call.args };
  }

  /** A browser's form: the clicked action's function, called with its bound values and the fields that are not fnwire's. */
  #formAction() {
    const action = this.#actions.length === 1 ? this.#actions[0] : this.#actions.find(({ fnId }) => fnId === this.#clicked);
    if (action === undefined) {
      return new FormRefusal(400, "The form has several server actions and does not say which one was clicked.", this.fnId);
    }
    let bound = [];
    if (action.bound !== undefined) {
      // A bound value that cannot be read is refused: the function never runs without the arguments it was bound to.
      try {
        bound = decodeParsed(JSON.parse(action.bound));
      } catch (error) {
        return new FormRefusal(400, `${FORM_FIELDS.bound} is not a value fnwire can read: ${error.message}.`, action.fnId);
      }
      if (!Array.isArray(bound)) return new FormRefusal(400, `${FORM_FIELDS.bound} must encode an array.`, action.fnId);
    }
    const data = new FormData();
    for (const [name, value] of this.#entries) if (!name.startsWith(FORM_FIELDS.prefix)) data.append(name, value);
    return { kind: "action", fnId: action.fnId, registered: registeredFunction(action.fnId), args: [...bound, data] };
  }
}

/** `$fnwire:call`'s text, parsed as far as its fnId: the rest is decoded once the parts it references have arrived. */
function readCallField(value) {
  let flat;
  try {
    flat = typeof value === "string" ? JSON.parse(value) : undefined;
  } catch {}
  // devalue's flat form of { fnId, args }: [{ fnId: i, args: j }, …], the id a string at i.
  const root = Array.isArray(flat) ? flat[0] : undefined;
  const fnId = root !== null && typeof root === "object" && Number.isInteger(root.fnId) ? flat[root.fnId] : undefined;
  if (typeof fnId !== "string" || !isValidFnId(fnId)) {
    throw new FormRefusal(400, `${FORM_FIELDS.call} must encode { fnId, args } with fnId a server function id.`);
  }
  return { fnId, flat };
}

function formData(entries) {
  if (!Array.isArray(entries)) throw new WireError("a FormData must be a list of entries");
  const data = new FormData();
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || !(typeof entry[1] === "string" || entry[1] instanceof Blob)) {
      throw new WireError("a FormData entry must be [name, string or File]");
    }
    data.append(entry[0], entry[1]);
  }
  return data;
}
