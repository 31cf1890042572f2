// The calls the runtime benchmark makes: each a request the load client sends
// over and over, and the answer every one of them must get.
import * as devalue from "devalue";

export const IDS = {
  add: "add0000000000000",
  read: "read000000000000",
  hold: "hold000000000000",
  upload: "upload0000000000",
  echo: "echo000000000000",
  words: "words00000000000",
};
// A value JSON cannot carry (section 14), as an app sends one: dates, a map, a set, a bigint.
export const RICH_VALUE = {
  id: 7n,
  createdAt: new Date("2025-01-06T09:00:00.000Z"),
  tags: new Set(["a", "b"]),
  scores: new Map([
    ["x", 1.5],
    ["y", -0],
  ]),
  note: undefined,
};
export const STREAM_CHUNKS = 1_000;
const ACCEPT = "application/json, application/vnd.fnwire+json";

const json = (value) => Buffer.from(JSON.stringify(value));
const BOUNDARY = "----fnwirebench";

/** A multipart body as a browser sends a form: `fields` as [name, text] or [name, { filename, bytes }]. */
function multipart(fields) {
  const parts = fields.map(([name, value]) =>
    typeof value === "string"
      ? Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      : Buffer.concat([
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          value.bytes,
          Buffer.from("\r\n"),
        ]),
  );
  return Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}
const FORM_HEADERS = { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` };

export const scenarios = {
  "POST /fn add(1, 2)": {
    method: "POST",
    path: "/__fnwire/fn",
    headers: { "Content-Type": "application/json" },
    body: json({ fnId: IDS.add, args: [1, 2] }),
    expect: { status: 200, body: JSON.stringify({ result: 3 }) },
  },
  "GET /fn read({ id })": {
    method: "GET",
    path: `/__fnwire/fn?fnId=${IDS.read}&args=${encodeURIComponent(JSON.stringify([{ id: "7" }]))}`,
    headers: {},
    body: undefined,
    expect: { status: 200, body: JSON.stringify({ result: { id: "7", name: "User 7" } }) },
  },
  // The form endpoint (section 13) and the encoding (section 14): runtimes without them, and the bare server, sit these out.
  "POST /form, a small text form": {
    form: true,
    method: "POST",
    path: "/__fnwire/form",
    headers: FORM_HEADERS,
    body: multipart([
      ["$fnwire:action", IDS.upload],
      ["title", "Quarterly report"],
      ["notes", "Bring the figures."],
    ]),
    expect: { status: 303 },
  },
  "POST /form, a 1 MB file": {
    form: true,
    // Each call moves a megabyte: fewer of them.
    calls: 2_000,
    warmup: 200,
    method: "POST",
    path: "/__fnwire/form",
    headers: FORM_HEADERS,
    body: multipart([
      ["$fnwire:action", IDS.upload],
      ["file", { filename: "scan.pdf", bytes: Buffer.alloc(1_000_000, 0x61) }],
    ]),
    expect: { status: 303 },
  },
  "POST /form, a call with a Date, a Map, a Set and a BigInt (encoded both ways)": {
    form: true,
    method: "POST",
    path: "/__fnwire/form",
    headers: { ...FORM_HEADERS, Accept: ACCEPT },
    body: multipart([["$fnwire:call", devalue.stringify({ fnId: IDS.echo, args: [RICH_VALUE] })]]),
    expect: { status: 200, body: devalue.stringify({ result: [RICH_VALUE] }) },
  },
  [`POST /fn, a stream of ${STREAM_CHUNKS} chunks`]: {
    form: true,
    calls: 2_000,
    warmup: 200,
    method: "POST",
    path: "/__fnwire/fn",
    headers: { "Content-Type": "application/json", Accept: ACCEPT },
    body: json({ fnId: IDS.words, args: [STREAM_CHUNKS] }),
    expect: {
      status: 200,
      body: `${Array.from({ length: STREAM_CHUNKS }, (_, i) => devalue.stringify({ value: `word ${i}` })).join("\n")}\n${devalue.stringify({ done: true })}\n`,
    },
  },
};

/** The request of a call to hold(), which answers only once the server releases it. */
export const holdCall = {
  method: "POST",
  path: "/__fnwire/fn",
  headers: { "Content-Type": "application/json" },
  body: json({ fnId: IDS.hold, args: [] }),
};
