"use server";
// Records held by the server in the example's store: the app lists, creates,
// renames and deletes them through these server functions.
import { createServerFn, ServerError } from "fnwire/server";
import { z } from "zod";
import { table } from "../server/store";

export interface RecordItem {
  id: string;
  title: string;
  createdAt: string;
}

const TITLE_MAX_LENGTH = 60;

const records = table<Omit<RecordItem, "id">>("records", [
  { title: "Water the office plants", createdAt: "2025-01-06T09:00:00.000Z" },
  { title: "Book the quarterly review", createdAt: "2025-01-07T14:30:00.000Z" },
]);

const listInput = z.object({ order: z.enum(["oldest", "newest"]) });
export type ListInput = z.input<typeof listInput>;

/**
 * A read: the browser asks for it with GET (`method: "GET"`), and zod checks
 * its input here, on the server, before the handler runs (a bad one answers
 * 400 with zod's issues).
 */
export const listRecords = createServerFn({ method: "GET" })
  .validator(listInput)
  .handler(async ({ data }): Promise<RecordItem[]> => {
    const list = records.list(); // oldest first: the order they were added in
    return data.order === "newest" ? list.reverse() : list;
  });

/** Validates the title on the server: a bad one answers 400 with the field in `data`. */
export async function createRecord(title: string): Promise<RecordItem> {
  return records.insert({ title: checkTitle(title), createdAt: new Date().toISOString() });
}

/**
 * Called by each record's inline `rename` server function (RecordItem.tsx),
 * with the id the browser bound to it: both are checked here.
 */
export async function renameRecord(id: string, title: string): Promise<RecordItem> {
  const renamed = typeof id === "string" ? records.update(id, { title: checkTitle(title) }) : undefined;
  if (!renamed) throw new ServerError("There is no such record.", { status: 404, data: { id } });
  return renamed;
}

function checkTitle(title: unknown): string {
  const trimmed = typeof title === "string" ? title.trim() : "";
  if (trimmed === "") {
    throw new ServerError("Give the record a title.", { status: 400, data: { field: "title", problem: "missing" } });
  }
  if (trimmed.length > TITLE_MAX_LENGTH) {
    throw new ServerError(`A title has at most ${TITLE_MAX_LENGTH} characters.`, {
      status: 400,
      data: { field: "title", problem: "too-long", maxLength: TITLE_MAX_LENGTH },
    });
  }
  return trimmed;
}

async function removeRecord(id: string): Promise<boolean> {
  return records.delete(id);
}

// One function under two names: an alias and a string-literal export name.
export { removeRecord as deleteRecord, removeRecord as "delete-record" };
