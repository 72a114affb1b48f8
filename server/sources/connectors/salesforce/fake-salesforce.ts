import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson, startFakeServer } from "@/server/sources/testing/fake-server";
import { API_PATH, type SfEvent, type SfOpportunity, type SfOpportunityHistory, type SfOrganization, type SfStage, type SfTask, type SfUser } from "./salesforce-api";

type Row = Record<string, unknown> & { Id: string };

/** What the fake org holds; tests change it between syncs. Datetimes are in Salesforce's form (…000+0000). */
export type FakeSalesforceOrg = {
  organization: SfOrganization;
  stages: SfStage[];
  users: SfUser[];
  multiCurrency: boolean;
  opportunities: SfOpportunity[];
  history: SfOpportunityHistory[];
  tasks: (SfTask & { SystemModstamp: string })[];
  events: (SfEvent & { SystemModstamp: string })[];
  deleted: { id: string; deletedDate: string }[];
  /** The access token the org accepts now; any other gets INVALID_SESSION_ID. */
  accessToken: string;
  refreshToken: string;
  /** Paths answered once with a 429 and Retry-After (as an edge proxy may), then served. */
  throttleOnce: Set<string>;
  /** The org's daily API allocation is spent: every call gets REQUEST_LIMIT_EXCEEDED. */
  limitReached: boolean;
};

/** Records per query batch, so a handful of records spans several batches. */
const BATCH = 2;

/** A Salesforce datetime as the API writes it. */
export const sfTime = (at: Date | string | number) => new Date(at).toISOString().replace("Z", "+0000");

/** A local stand-in for an org's instance URL, answering the REST calls the connector makes with a small SOQL reader. */
export async function startFakeSalesforce(org: FakeSalesforceOrg) {
  const cursors = new Map<string, Row[]>();
  const server = await startFakeServer((req, res, body) => handle(org, cursors, server.url, req, res, body));
  return server;
}

function handle(org: FakeSalesforceOrg, cursors: Map<string, Row[]>, baseUrl: string, req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url ?? "/", "http://fake");
  const path = url.pathname;
  if (req.method === "POST" && path === "/services/oauth2/token") {
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== org.refreshToken) {
      return sendJson(res, 400, { error: "invalid_grant", error_description: "expired access/refresh token" });
    }
    org.accessToken = `fresh-${org.accessToken}`;
    return sendJson(res, 200, { access_token: org.accessToken, instance_url: baseUrl, id: `https://login.salesforce.com/id/${org.organization.Id}/005`, token_type: "Bearer", issued_at: String(Date.now()), signature: "sig" });
  }
  if (req.headers.authorization !== `Bearer ${org.accessToken}`) return sendJson(res, 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
  if (org.limitReached) return sendJson(res, 403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
  if (org.throttleOnce.delete(path)) return sendJson(res, 429, [{ message: "Too many requests", errorCode: "REQUEST_LIMIT_EXCEEDED" }], { "retry-after": "0.01" });

  if (path === `${API_PATH}/query`) return sendBatch(res, cursors, query(org, url.searchParams.get("q") ?? ""));
  const next = path.match(/^\/services\/data\/v[\d.]+\/query\/(01gFAKE\d+-\d+)$/);
  if (next) {
    const rows = cursors.get(next[1]!.split("-")[0]!);
    if (!rows) return sendJson(res, 400, [{ message: "invalid query locator", errorCode: "INVALID_QUERY_LOCATOR" }]);
    return sendBatch(res, cursors, rows, next[1]!);
  }
  if (path === `${API_PATH}/sobjects/Opportunity/describe`) {
    const fields = ["Id", "Name", "Amount", "StageName", "CloseDate", "CreatedDate", "OwnerId", "AccountId", "LeadSource", "IsWon", "IsClosed", "SystemModstamp"];
    return sendJson(res, 200, { name: "Opportunity", fields: (org.multiCurrency ? [...fields, "CurrencyIsoCode"] : fields).map((name) => ({ name })) });
  }
  if (path === `${API_PATH}/sobjects/Opportunity/deleted/`) {
    const [start, end] = ["start", "end"].map((p) => Date.parse(url.searchParams.get(p) ?? ""));
    const deletedRecords = org.deleted.filter((d) => time(d.deletedDate) >= start! && time(d.deletedDate) <= end!);
    return sendJson(res, 200, { deletedRecords, earliestDateAvailable: sfTime(new Date(Date.now() - 30 * 86_400_000)), latestDateCovered: sfTime(end!) });
  }
  return sendJson(res, 404, [{ message: `The requested resource does not exist: ${path}`, errorCode: "NOT_FOUND" }]);
}

function sendBatch(res: ServerResponse, cursors: Map<string, Row[]>, rows: Row[], locator?: string) {
  const [id, offset] = locator ? [locator.split("-")[0]!, Number(locator.split("-")[1])] : [`01gFAKE${cursors.size + 1}`, 0];
  cursors.set(id, rows);
  const done = offset + BATCH >= rows.length;
  return sendJson(res, 200, {
    totalSize: rows.length,
    done,
    ...(!done && { nextRecordsUrl: `${API_PATH}/query/${id}-${offset + BATCH}` }),
    records: rows.slice(offset, offset + BATCH),
  });
}

const time = (value: unknown) => Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));

/**
 * The SOQL the connector sends: SELECT fields FROM object [WHERE f >= datetime | WHERE OpportunityId IN (…) AND
 * CreatedDate < datetime] [ORDER BY f, …]. Relationship fields (Account.Name) come back nested, as Salesforce does.
 */
function query(org: FakeSalesforceOrg, soql: string): Row[] {
  const [, fieldList, object, where, order] = soql.match(/^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY (.+))?$/)!;
  const tables: Record<string, Row[]> = {
    Organization: [org.organization],
    OpportunityStage: org.stages.map((s) => ({ Id: s.ApiName, ...s })),
    User: org.users,
    Opportunity: org.opportunities,
    OpportunityHistory: org.history,
    Task: org.tasks,
    Event: org.events,
  };
  let rows = [...tables[object!]!];
  for (const condition of where?.split(" AND ") ?? []) {
    const compare = condition.match(/^(\w+) (>=|<) (\S+)$/);
    const within = condition.match(/^(\w+) IN \((.+)\)$/);
    if (compare) rows = rows.filter((r) => (compare[2] === ">=" ? time(r[compare[1]!]) >= Date.parse(compare[3]!) : time(r[compare[1]!]) < Date.parse(compare[3]!)));
    else if (within) {
      const ids = new Set(within[2]!.split(", ").map((id) => id.slice(1, -1)));
      rows = rows.filter((r) => ids.has(String(r[within[1]!])));
    } else throw new Error(`fake SOQL: ${condition}`);
  }
  for (const field of (order ?? "").split(", ").filter(Boolean).reverse()) {
    rows.sort((a, b) => (/^\d{4}-\d\d-\d\dT/.test(String(a[field])) ? time(a[field]) - time(b[field]) : String(a[field]).localeCompare(String(b[field]))));
  }
  const fields = fieldList!.split(", ");
  return rows.map((r) => {
    const projected: Row = { attributes: { type: object, url: `${API_PATH}/sobjects/${object}/${r.Id}` }, Id: r.Id };
    for (const field of fields) {
      const [head, tail] = field.split(".");
      if (tail) projected[head!] = { attributes: { type: head }, [tail]: (r[head!] as Record<string, unknown> | null | undefined)?.[tail] ?? null };
      else projected[field] = r[field] ?? null;
    }
    return projected;
  });
}
