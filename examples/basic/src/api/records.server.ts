"use server";
// Records held by the server in memory: the example app lists, creates and
// deletes them through server functions.

export interface RecordItem {
  id: string;
  title: string;
  createdAt: string;
}

const records = new Map<string, RecordItem>();
let nextId = 1;

export async function listRecords(): Promise<RecordItem[]> {
  return [...records.values()];
}

export async function createRecord(title: string): Promise<RecordItem> {
  const record = { id: String(nextId++), title, createdAt: new Date().toISOString() };
  records.set(record.id, record);
  return record;
}

async function removeRecord(id: string): Promise<boolean> {
  return records.delete(id);
}

export { removeRecord as deleteRecord, removeRecord as "delete-record" };
