import { DomainError } from "@/server/errors";
import { SourceHttpError, type Connector, type ConnectorContext, type CrmKind, type Credentials } from "@/server/sources/connector";
import { createSourceHttp } from "@/server/sources/http";
import { secretField } from "./credential-forms";

/**
 * Runs a connector call while a person waits (identify, listPipelines): few quick retries, a short overall
 * timeout, and the CRM's refusals as readable errors on the form. Returns the credentials after any refresh.
 */
export async function callConnector<T>(
  connector: Connector,
  credentials: Credentials,
  call: (ctx: ConnectorContext) => Promise<T>,
): Promise<{ result: T; credentials: Credentials }> {
  let current = credentials;
  const signal = AbortSignal.timeout(30_000);
  const http = createSourceHttp({
    connector,
    credentials,
    saveCredentials: async (fresh) => void (current = fresh),
    signal,
    maxAttempts: 3,
    baseDelayMs: 300,
    maxDelayMs: 3000,
    maxRetryAfterMs: 10_000,
    timeoutMs: 20_000,
  });
  try {
    const result = await call({ http, credentials: () => current, cache: new Map(), signal });
    return { result, credentials: current };
  } catch (error) {
    throw crmRefusal(connector.kind, error);
  }
}

/** What the person is told when the CRM says no: a bad token next to the token field, anything else above the form. */
function crmRefusal(kind: CrmKind, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof SourceHttpError && (error.status === 401 || error.status === 403)) {
    return new DomainError("invalid", "sources.connect.errors.unauthorized", { [secretField[kind]]: "sources.connect.errors.unauthorizedField" });
  }
  if (error instanceof SourceHttpError && error.status === 404) return new DomainError("invalid", "sources.connect.errors.notFoundAtAddress");
  if (error instanceof SourceHttpError && error.status === 429) return new DomainError("invalid", "sources.connect.errors.rateLimited");
  return new DomainError("invalid", "sources.connect.errors.unreachable");
}
