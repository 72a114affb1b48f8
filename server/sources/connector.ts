import type { funnelSteps } from "@/db/schema";

/** The CRMs we connect to (data_sources.kind values that have a connector). */
export const crmKinds = ["amocrm", "bitrix24", "hubspot", "pipedrive", "salesforce"] as const;
export type CrmKind = (typeof crmKinds)[number];

/**
 * A connection's secrets and addresses as the connector keeps them (sealed at rest by server/sources/secrets.ts).
 * Every connector stores its API base in `baseUrl` (amoCRM `https://{sub}.amocrm.ru`, a Bitrix24 webhook URL,
 * Salesforce's `instance_url`, Pipedrive's `api_domain`, HubSpot `https://api.hubapi.com`), so tests point a
 * connection at a local server the same way production points it at the CRM.
 */
export type Credentials = { baseUrl: string } & Record<string, string | undefined>;

/** A readable problem: a message key (messages/<locale>/sources.json) and its values. */
export type SourceMessage = { key: string; values?: Record<string, string | number> };

export type HttpRequest = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Absolute, or a path joined to the credentials' baseUrl. */
  url: string;
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  /** JSON body (sent as application/json) or form fields (`form`). */
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
};
export type HttpResponse<T = unknown> = { status: number; headers: Headers; body: T };

/**
 * HTTP to the CRM with the connector's auth applied. Retries 429 and 5xx with exponential backoff and honours
 * Retry-After; on 401 it asks the connector to refresh the credentials once (saving the new ones before
 * retrying, since amoCRM refresh tokens are single-use) and repeats the request. Gives up with SourceHttpError.
 * A 204 or empty body is returned as `body: null`.
 */
export type SourceHttp = { request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> };

export type ConnectorContext = {
  http: SourceHttp;
  /** The current credentials (after any refresh). */
  credentials(): Credentials;
  /** Per-run memo (users, stage lists…) so each is fetched once per run, not once per page. */
  cache: Map<string, unknown>;
  signal: AbortSignal;
};

/** Canonical record kinds a stream yields; records are validated and written by server/ingest's schemas and writers. */
export type StreamKind = "deals" | "stage-events" | "activities";

export type PageResult = {
  /** Canonical records of the stream's kind (DealRecord, StageEventRecord, ActivityRecord from server/ingest/schemas). */
  records: unknown[];
  /** CRM records that could not be mapped: reported in the run's errors and skipped. */
  failures?: { externalId?: string; message: SourceMessage }[];
  /** External ids of deals the CRM reports deleted (deals streams only). */
  deletedExternalIds?: string[];
  /** Cursor of the next page in this pass (JSON-serialisable); null when the pass is complete. */
  next: unknown;
  /** Records this pass will read in all, when the CRM says (for the progress bar). */
  total?: number;
};

export type Stream = {
  /** Unique within the connector: the checkpoint key ("deals", "deal-history", "calls"…). */
  name: string;
  kind: StreamKind;
  /**
   * Reads one page. `cursor` is null on a pass's first page; `since` is null on the first full read, otherwise the
   * start of the last complete pass (read records updated at or after it: overlap is fine, writes are idempotent).
   */
  readPage(ctx: ConnectorContext, args: { cursor: unknown; since: Date | null }): Promise<PageResult>;
};

export type FunnelStep = (typeof funnelSteps)[number];

/** A CRM pipeline with its stages, for the connect wizard's mapping step. */
export type CrmPipeline = {
  externalId: string;
  name: string;
  stages: {
    /** Must equal the stage externalId the streams put on deals and stage events. */
    externalId: string;
    name: string;
    position: number;
    /** Win probability 0–100 when the CRM has one. */
    probability?: number;
    /** What the CRM itself says the stage means, used before name matching when suggesting a step. */
    outcome?: "open" | "won" | "lost";
  }[];
};

export type OAuthSpec = {
  /** The CRM page a person is sent to; `state` comes back unchanged on the callback. */
  authorizeUrl(args: { clientId: string; redirectUri: string; state: string; accountHint?: string }): string;
  /** Exchanges the callback's code for credentials (including baseUrl). */
  exchangeCode(args: { clientId: string; clientSecret: string; redirectUri: string; code: string; callbackQuery: Record<string, string> }): Promise<Credentials>;
};

export type Connector = {
  kind: CrmKind;
  /** Adds the connection's auth to a request: headers, or query parameters (Bitrix24 OAuth `auth`). */
  authorize(credentials: Credentials): { headers?: Record<string, string>; query?: Record<string, string> };
  /**
   * Gets fresh credentials after a 401 (OAuth refresh); absent for tokens that cannot be refreshed. The `http` given
   * here sends without the connection's (expired) auth and never refreshes again; relative URLs join `baseUrl`.
   */
  refresh?(credentials: Credentials, http: SourceHttp): Promise<Credentials>;
  /** Checks the credentials work and names the account (shown in the sources list; stored as data_sources.account_id). */
  identify(ctx: ConnectorContext): Promise<{ accountId: string; name: string }>;
  listPipelines(ctx: ConnectorContext): Promise<CrmPipeline[]>;
  /**
   * Names a refused request (4xx other than 401/429) from the CRM's error body, e.g. Salesforce's errorCode or
   * Bitrix24's `error`; without it (or when it returns undefined) the run shows a generic HTTP message.
   */
  describeError?(status: number, body: unknown): SourceMessage | undefined;
  /** Read in this order: deals first, so stage events and activities find their deals. */
  streams: Stream[];
  oauth?: OAuthSpec;
};

/** A failed HTTP exchange with a CRM, after retries; `message` is what the run history shows. */
export class SourceHttpError extends Error {
  constructor(
    readonly status: number,
    readonly sourceMessage: SourceMessage,
    readonly retryable: boolean,
  ) {
    super(`${sourceMessage.key} (HTTP ${status})`);
  }
}
