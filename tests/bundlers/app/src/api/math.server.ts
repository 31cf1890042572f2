"use server";
// A server module of the test app. The client bundle must hold none of it:
// the bundler tests look for the names and strings that only appear here.
import { ServerError } from "fnwire/server";

interface LineItem {
  price: number;
  quantity: number;
}

const SERVER_ONLY_TAX_RATE = 0.2;
const SERVER_ONLY_NOTE = "computed with the server-only tax table";

function serverOnlySubtotal(items: LineItem[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export async function add(a: number, b: number): Promise<number> {
  return a + b;
}

export async function orderTotal(items: LineItem[]): Promise<{ total: number; note: string }> {
  const subtotal = serverOnlySubtotal(items);
  return { total: Math.round(subtotal * (1 + SERVER_ONLY_TAX_RATE) * 100) / 100, note: SERVER_ONLY_NOTE };
}

export const validateName = async (name: string): Promise<string> => {
  if (name.trim() === "") throw new ServerError("bad", { status: 400, data: { field: "x" } });
  return name.trim();
};
