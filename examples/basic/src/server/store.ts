// The example's embedded default store: in-memory tables, some with a few
// rows to start from. Server modules import it; the browser never does.

export interface Table<Row> {
  list(): (Row & { id: string })[];
  insert(row: Row): Row & { id: string };
  /** The row with `changes` applied, or undefined when there is no row `id`. */
  update(id: string, changes: Partial<Row>): (Row & { id: string }) | undefined;
  delete(id: string): boolean;
}

interface TableData<Row> {
  rows: Map<string, Row & { id: string }>;
  nextId: number;
}

const TABLES = Symbol.for("fnwire-example.tables");
// On globalThis so that the rows survive an edit in dev: Vite then executes
// the server modules, and this one, again.
const shared = globalThis as { [TABLES]?: Map<string, TableData<unknown>> };
const tables = (shared[TABLES] ??= new Map());

/** The table called `name`, holding `defaults` when it is first used. */
export function table<Row>(name: string, defaults: Row[] = []): Table<Row> {
  let data = tables.get(name) as TableData<Row> | undefined;
  if (!data) {
    data = { rows: new Map(), nextId: 1 };
    tables.set(name, data as TableData<unknown>);
    for (const row of defaults) insert(data, row);
  }
  const current = data;
  return {
    list: () => [...current.rows.values()],
    insert: (row) => insert(current, row),
    update: (id, changes) => {
      const row = current.rows.get(id);
      if (!row) return undefined;
      const updated = { ...row, ...changes, id };
      current.rows.set(id, updated);
      return updated;
    },
    delete: (id) => current.rows.delete(id),
  };
}

function insert<Row>(data: TableData<Row>, row: Row): Row & { id: string } {
  const stored = { ...row, id: String(data.nextId++) };
  data.rows.set(stored.id, stored);
  return stored;
}
