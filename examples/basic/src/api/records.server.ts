"use server";
// Records held by the server in the example's store: the app lists, creates,
// renames and deletes them through these server functions.
import { createServerFn, ServerError } from "fnwire/server";
import { z } from "zod";
import { adminOnly, auth } from "../server/auth";
import { table } from "../server/store";

/** A file attached to a record: its bytes stay on the server, the list shows what it is. */
export interface Attachment {
  name: string;
  type: string;
  size: number;
}

export interface RecordItem {
  id: string;
  title: string;
  /** A Date on both sides: fnwire carries it as one (section 14), and the browser shows it in the user's locale. */
  createdAt: Date;
  attachment?: Attachment;
}

/** What renaming through the record's form answers, for useActionState: the new title, or why not. */
export interface RenameState {
  title?: string;
  error?: string;
}

const TITLE_MAX_LENGTH = 60;
/** Attachments' bytes, kept in the server's memory with the rest of the store. */
const attachments = table<{ recordId: string; bytes: Uint8Array }>("attachments");

const records = table<Omit<RecordItem, "id">>("records", [
  { title: "Water the office plants", createdAt: new Date("2025-01-06T09:00:00.000Z") },
  { title: "Book the quarterly review", createdAt: new Date("2025-01-07T14:30:00.000Z") },
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

/**
 * The form's action (`<form action={createRecord}>`): a title and, when one
 * was chosen, a file. It runs the same with JavaScript (a stub's call with
 * the FormData) and without (the browser posts the form, fnwire redirects
 * back). Only for a signed-in user (the `auth` middleware answers 401
 * first); a bad title answers 400 with the field in `data`.
 */
export const createRecord = createServerFn()
  .middleware([auth])
  .handler(async ({ data: form }: { data: FormData }): Promise<void> => {
    const title = checkTitle(form.get("title"));
    const file = form.get("attachment");
    // An empty file input still sends a part: no name, no bytes.
    const attached = file instanceof File && (file.name !== "" || file.size > 0) ? file : undefined;
    const record = records.insert({
      title,
      createdAt: new Date(),
      ...(attached && { attachment: { name: attached.name, type: attached.type, size: attached.size } }),
    });
    if (attached) attachments.insert({ recordId: record.id, bytes: new Uint8Array(await attached.arrayBuffer()) });
  });

/**
 * Called in the server's own process by each record's inline `rename` server
 * function (RecordItem.tsx), with the id the browser bound to it: both are
 * checked here, and its `auth` middleware runs for that call too.
 */
export const renameRecord = createServerFn()
  .middleware([auth])
  .handler(async ({ data: { id, title } }: { data: { id: string; title: string } }): Promise<RecordItem> => {
    const renamed = typeof id === "string" ? records.update(id, { title: checkTitle(title) }) : undefined;
    if (!renamed) throw new ServerError("There is no such record.", { status: 404, data: { id } });
    return renamed;
  });

/** renameRecord for a form with useActionState: a refused title comes back as the state, to show beside the field. */
export async function renameFromForm(id: string, form: FormData): Promise<RenameState> {
  try {
    return { title: (await renameRecord({ id, title: String(form.get("title") ?? "") })).title };
  } catch (error) {
    // A refused title, or no session: shown beside the field.
    if (error instanceof ServerError && (error.status === 400 || error.status === 401)) return { error: error.message };
    throw error;
  }
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

/** Deleting is for admins: `adminOnly` runs `auth` first, then checks the role. */
const removeRecord = createServerFn()
  .middleware([adminOnly])
  .handler(async ({ data: id }: { data: string }): Promise<boolean> => {
    for (const attachment of attachments.list()) if (attachment.recordId === id) attachments.delete(attachment.id);
    return records.delete(id);
  });

// One function under two names: an alias and a string-literal export name.
export { removeRecord as deleteRecord, removeRecord as "delete-record" };
