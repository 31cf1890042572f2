"use server";
// Reads the request: a cookie counts this browser's visits, and the
// User-Agent header says which browser it is.
import { getCookie, headers, setCookie } from "fnwire/server";

const VISITS_COOKIE = "fnwire_example_visits";

export interface Visit {
  greeting: string;
  visits: number;
  browser: string;
}

export async function getVisit(): Promise<Visit> {
  const visits = (Number.parseInt(getCookie(VISITS_COOKIE) ?? "", 10) || 0) + 1;
  setCookie(VISITS_COOKIE, String(visits), { httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
  return { greeting: "Welcome", visits, browser: browserName(headers().get("User-Agent") ?? "") };
}

function browserName(userAgent: string): string {
  if (/HeadlessChrome/.test(userAgent)) return "headless Chrome";
  if (/Edg\//.test(userAgent)) return "Edge";
  if (/Firefox\//.test(userAgent)) return "Firefox";
  if (/Chrome\//.test(userAgent)) return "Chrome";
  if (/Safari\//.test(userAgent)) return "Safari";
  return "an unknown browser";
}
