"use server";
// A streamed result (section 14): an async generator server function
// (`generators: "stream"` in vite.config.ts) whose yields reach the page as
// they are produced, as an AI-style summary would.
import { request } from "fnwire/server";
import { setTimeout as sleep } from "node:timers/promises";
import { table } from "../server/store";

/** The time between two parts: long enough for the page to show each. */
const PART_DELAY_MS = 150;

/** A summary of the records, a part at a time; stops when the page stops reading. */
export async function* summarizeRecords(): AsyncGenerator<string> {
  const titles = table<{ title: string }>("records")
    .list()
    .map((record) => record.title);
  yield `${titles.length} records.`;
  for (const title of titles) {
    await sleep(PART_DELAY_MS, undefined, { signal: request().signal });
    yield ` ${title}.`;
  }
}
