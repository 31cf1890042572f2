// The calls the runtime benchmark makes: each a request the load client sends
// over and over, and the answer every one of them must get.
export const IDS = { add: "add0000000000000", read: "read000000000000", hold: "hold000000000000", upload: "upload0000000000" };

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
  // The form endpoint (section 13): runtimes without it, and the bare server, sit these out.
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
};

/** The request of a call to hold(), which answers only once the server releases it. */
export const holdCall = {
  method: "POST",
  path: "/__fnwire/fn",
  headers: { "Content-Type": "application/json" },
  body: json({ fnId: IDS.hold, args: [] }),
};
