import "server-only";
import { headers } from "next/headers";
import { linkOrigin } from "@/server/mail/link-origin";

/** The origin for links in mails sent while handling the current request (see linkOrigin for the rules). */
export async function mailLinkOrigin(): Promise<string> {
  return linkOrigin(await currentRequestOrigin());
}

async function currentRequestOrigin(): Promise<string | null> {
  let requestHeaders: Headers;
  try {
    requestHeaders = await headers();
  } catch {
    return null; // Outside a request: tests and scripts calling procedures directly.
  }
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host");
  if (!host) return null;
  const protocol = requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${protocol}://${host}`;
}
