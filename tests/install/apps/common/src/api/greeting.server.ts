"use server";
// The app's server module: its code stays on the server; the client gets stubs.
import { ServerError } from "fnwire/server";

const SERVER_ONLY_GREETING = "Hello from the server";

export async function greet(name: string, punctuation?: string): Promise<string> {
  if (name.trim() === "") throw new ServerError("name is empty", { status: 400, data: { field: "name" } });
  return `${SERVER_ONLY_GREETING}, ${name}${punctuation ?? "!"}`;
}

export async function add(a: number, b: number): Promise<number> {
  return a + b;
}
