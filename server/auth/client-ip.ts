/** The client's address for rate limiting: the first hop of X-Forwarded-For (set by our proxy), else "unknown". */
export function clientIp(headers: Headers): string {
  const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return first || "unknown";
}
