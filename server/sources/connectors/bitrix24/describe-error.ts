import type { SourceMessage } from "@/server/sources/connector";

/** Bitrix24's error body: `{ error, error_description }`; its code names the cause (ACCESS_DENIED, insufficient_scope…). */
export function describeBitrix24Error(_status: number, body: unknown): SourceMessage | undefined {
  const { error, error_description: description } = (body ?? {}) as { error?: unknown; error_description?: unknown };
  if (typeof error !== "string") return undefined;
  if (error === "ACCESS_DENIED" || error === "insufficient_scope" || error === "INVALID_CREDENTIALS") return { key: "sources.crm.bitrix24.accessDenied", values: { error } };
  return { key: "sources.crm.bitrix24.refusedWith", values: { error, description: typeof description === "string" ? description : "" } };
}
