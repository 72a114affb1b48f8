import type { SourceMessage } from "@/server/sources/connector";

/** Salesforce's error body: `[{ message, errorCode }]`. */
function errorCodeOf(body: unknown): string | undefined {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: unknown } | undefined) : undefined;
  return typeof first?.errorCode === "string" ? first.errorCode : undefined;
}

/** A spent daily API allocation and a user without API access are told apart by the errorCode of the 403. */
export function describeSalesforceError(status: number, body: unknown): SourceMessage | undefined {
  const code = errorCodeOf(body);
  if (code === "REQUEST_LIMIT_EXCEEDED") return { key: "sources.crm.salesforce.apiLimit" };
  if (code === "API_DISABLED_FOR_ORG" || code === "API_CURRENTLY_DISABLED" || code === "INSUFFICIENT_ACCESS") return { key: "sources.crm.salesforce.noApiAccess", values: { code } };
  if (status === 403) return { key: "sources.crm.salesforce.refused" };
  return undefined;
}
