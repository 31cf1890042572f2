"use server";
// A second server module: its ids come from its own path.

export async function greet(name: string, punctuation?: string): Promise<string> {
  return `Hello, ${name}${punctuation ?? "!"}`;
}
