/**
 * The origin for links in mails. A configured APP_URL wins: a request's Host header is chosen by the
 * client, and trusting it would let anyone have a password-reset mail point at their own site.
 * Without APP_URL (development) the request's origin keeps links on the port the app really runs on.
 */
export function linkOrigin(requestOrigin: string | null | undefined, env: Record<string, string | undefined> = process.env): string {
  const configured = env.APP_URL?.trim();
  const origin = configured || requestOrigin || "http://localhost:3000";
  return origin.replace(/\/+$/, "");
}
