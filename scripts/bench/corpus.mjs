// The benchmark's corpus, generated (deterministically) rather than stored:
// server modules of a target size, and an app of ordinary TypeScript modules
// with a few server modules among them. Only exported async functions are
// exported from server modules, so every peer accepts every file.

const ENTITIES = ["order", "invoice", "customer", "product", "shipment", "review", "coupon", "refund", "payment", "ticket"];

const capital = (word) => word[0].toUpperCase() + word.slice(1);

/** A small deterministic random generator (mulberry32), so every run benchmarks the same text. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The row type, page size and helper of resource `group`, about 600 bytes. */
function resourceHead(group) {
  const entity = ENTITIES[group % ENTITIES.length];
  const Entity = `${capital(entity)}${group}`;
  return `
interface ${Entity}Row {
  id: string;
  ownerId: string;
  amount: number;
  status: "draft" | "open" | "closed";
  tags: string[];
  createdAt: Date;
}

const ${Entity.toUpperCase()}_PAGE_SIZE = ${10 + (group % 40)};

function to${Entity}Summary(row: ${Entity}Row) {
  return { id: row.id, amount: Math.round(row.amount * 100) / 100, status: row.status, tagCount: row.tags.length };
}
`;
}

/** Exported server function `kind` (0-3) of resource `group`, 350-600 bytes each. */
function resourceFunction(group, kind) {
  const entity = ENTITIES[group % ENTITIES.length];
  const Entity = `${capital(entity)}${group}`;
  const table = `${entity}s_${group}`;
  const PAGE = `${Entity.toUpperCase()}_PAGE_SIZE`;
  const functions = [
    `
export async function list${Entity}s(ownerId: string, page: number) {
  const rows = await db.query<${Entity}Row>(
    "select * from ${table} where owner_id = $1 order by created_at desc limit $2 offset $3",
    [ownerId, ${PAGE}, page * ${PAGE}],
  );
  return rows.map(to${Entity}Summary);
}
`,
    `
export const get${Entity} = async (id: string) => {
  const session = await requireSession();
  const [row] = await db.query<${Entity}Row>("select * from ${table} where id = $1 and owner_id = $2", [id, session.userId]);
  if (!row) throw new ServerError("${Entity} not found", { status: 404, data: { id } });
  return to${Entity}Summary(row);
};
`,
    `
export async function update${Entity}Status(id: string, status: ${Entity}Row["status"]): Promise<{ id: string; status: string }> {
  if (!["draft", "open", "closed"].includes(status)) {
    throw new ServerError(\`invalid status \${status}\`, { status: 400, data: { field: "status" } });
  }
  await db.execute("update ${table} set status = $1 where id = $2", [status, id]);
  return { id, status };
}
`,
    `
export async function search${Entity}s({ query, limit }: { query: string; limit: number }, tags?: string[]) {
  const pattern = \`%\${query.trim().toLowerCase()}%\`;
  const rows = await db.query<${Entity}Row>("select * from ${table} where lower(title) like $1 limit $2", [pattern, limit]);
  return rows.filter((row) => !tags || tags.every((tag) => row.tags.includes(tag))).map(to${Entity}Summary);
}
`,
  ];
  return functions[kind];
}

const SERVER_HEADER = `"use server";
import { db } from "../lib/db";
import { requireSession } from "../lib/auth";
import { ServerError } from "fnwire/server";
`;

/**
 * A server module of about `bytes` bytes (at least one function): resources
 * of four exported functions each, numbered from `first`.
 */
export function serverModule(bytes, first = 0) {
  let code = SERVER_HEADER;
  for (let unit = 0; ; unit += 1) {
    const group = first + (unit >> 2);
    const next = (unit % 4 === 0 ? resourceHead(group) : "") + resourceFunction(group, unit % 4);
    // Stop where the size is nearest to `bytes`.
    if (unit > 0 && Math.abs(code.length + next.length - bytes) >= Math.abs(code.length - bytes)) return code;
    code += next;
  }
}

/** An ordinary TypeScript module of about `bytes` bytes: types, a class, helpers, async code. */
export function ordinaryModule(bytes, index) {
  let code = `import { formatMoney } from "./util/money";
import type { Logger } from "./util/logger";

export type Currency = "EUR" | "USD" | "GBP";
`;
  for (let part = 0; code.length < bytes; part += 1) {
    const name = `${capital(ENTITIES[(index + part) % ENTITIES.length])}View${index}_${part}`;
    code += `
export interface ${name}Props {
  id: string;
  title: string;
  amount: number;
  currency: Currency;
  updatedAt?: Date;
}

export class ${name}Store {
  private readonly items = new Map<string, ${name}Props>();

  constructor(private readonly logger: Logger) {}

  upsert(item: ${name}Props): void {
    this.items.set(item.id, { ...item, updatedAt: item.updatedAt ?? new Date() });
    this.logger.debug(\`upserted \${item.id}\`);
  }

  total(currency: Currency): number {
    let sum = 0;
    for (const item of this.items.values()) if (item.currency === currency) sum += item.amount;
    return sum;
  }
}

export function describe${name}(props: ${name}Props): string {
  switch (props.currency) {
    case "EUR":
      return \`\${props.title}: \${formatMoney(props.amount, "EUR")}\`;
    case "USD":
      return \`\${props.title}: $\${props.amount.toFixed(2)}\`;
    default:
      return \`\${props.title}: \${props.amount} \${props.currency}\`;
  }
}

export async function load${name}(ids: readonly string[], fetcher: (id: string) => Promise<${name}Props>) {
  const results = await Promise.allSettled(ids.map((id) => fetcher(id)));
  return results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
}
`;
  }
  return code;
}

/**
 * The app: `count` modules of 2-5 KB, `serverShare` of them server modules,
 * spread through the list as a bundler would meet them.
 */
export function appModules(count = 2000, serverShare = 0.03) {
  const next = random(2024);
  const serverEvery = Math.round(1 / serverShare);
  return Array.from({ length: count }, (_, index) => {
    const bytes = 2048 + Math.floor(next() * 3072);
    if (index % serverEvery === serverEvery - 1) {
      return { filename: `/app/src/api/resource${index}.server.ts`, code: serverModule(bytes, index * 10), server: true };
    }
    return { filename: `/app/src/views/view${index}.ts`, code: ordinaryModule(bytes, index), server: false };
  });
}
