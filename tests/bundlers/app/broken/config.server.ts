"use server";

export const VERSION = "1";

export async function ping(): Promise<string> {
  return "pong";
}
