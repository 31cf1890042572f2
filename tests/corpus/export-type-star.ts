// expect: functions ping()
"use server";
export type * from "./types";
export type * as Shapes from "./shapes";
export type { Row } from "./rows";
export async function ping() {
  return "pong";
}
