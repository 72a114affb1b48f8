import { readFileSync } from "node:fs";
import path from "node:path";

/** A real response from a CRM's documentation or client libraries (test/crm-samples/SOURCES.md says where each is from). */
export function crmSample<T = unknown>(crm: "amocrm" | "bitrix24" | "hubspot" | "pipedrive" | "salesforce", file: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, "crm-samples", crm, file), "utf8")) as T;
}
