// The calls the runtime benchmark makes: each a request the load client sends
// over and over, and the answer every one of them must get.
export const IDS = { add: "add0000000000000", read: "read000000000000", hold: "hold000000000000" };

const json = (value) => Buffer.from(JSON.stringify(value));

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
};

/** The request of a call to hold(), which answers only once the server releases it. */
export const holdCall = {
  method: "POST",
  path: "/__fnwire/fn",
  headers: { "Content-Type": "application/json" },
  body: json({ fnId: IDS.hold, args: [] }),
};
