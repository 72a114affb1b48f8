/**
 * A same-site path to continue to after signing in. Anything else (another site, "//evil.test",
 * a backslash trick) becomes "/", so a crafted link cannot send someone elsewhere after they sign in.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  if (value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001f]/.test(value)) return "/";
  return value;
}
