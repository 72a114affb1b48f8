import { SourceHttpError, type Connector, type Credentials, type HttpRequest, type HttpResponse, type SourceHttp } from "./connector";

export type SourceHttpOptions = {
  connector: Pick<Connector, "authorize" | "refresh" | "describeError">;
  credentials: Credentials;
  /** Stores refreshed credentials; awaited before the request is repeated (amoCRM refresh tokens are single-use). */
  saveCredentials: (credentials: Credentials) => Promise<void>;
  signal?: AbortSignal;
  /** Tries per request for 429, 5xx and network errors (default 5). */
  maxAttempts?: number;
  /** First backoff delay (default 1 s), doubled each try, with jitter, capped at maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out: the run stops and a later sync continues (default 5 min). */
  maxRetryAfterMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
};

export type SourceHttpClient = SourceHttp & { credentials(): Credentials };

const message = (key: string, values?: Record<string, string | number>) => ({ key: `errors.http.${key}`, values });

/**
 * The SourceHttp a connector uses during a run: applies the connection's auth, retries 429/5xx/network errors with
 * exponential backoff and jitter (honouring Retry-After in seconds or as an HTTP date), and on a 401 refreshes the
 * credentials (once per request, one refresh at a time), saving them before the request is repeated.
 */
export function createSourceHttp(options: SourceHttpOptions): SourceHttpClient {
  let credentials = options.credentials;
  // One refresh at a time: requests that hit 401 together wait for the same new credentials.
  let refreshing: Promise<void> | null = null;
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 5 * 60_000;
  const timeoutMs = options.timeoutMs ?? 60_000;

  const backoff = (attempt: number) => Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.5 + random() / 2);

  async function refresh(refreshToken: (c: Credentials, http: SourceHttp) => Promise<Credentials>) {
    let fresh: Credentials;
    try {
      fresh = await refreshToken(credentials, plain);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // A connector's own reason (amoCRM: token revoked; Bitrix24: webhook deleted) says more than "unauthorized".
      if (error instanceof SourceHttpError && !error.sourceMessage.key.startsWith("errors.http.")) throw error;
      throw new SourceHttpError(401, message("unauthorized"), false);
    }
    await options.saveCredentials(fresh);
    credentials = fresh;
  }

  async function send<T>(request: HttpRequest, withAuth: boolean): Promise<HttpResponse<T>> {
    let refreshedForThis = false;
    for (let attempt = 1; ; attempt++) {
      const sentWith = credentials;
      const auth = withAuth ? options.connector.authorize(credentials) : {};
      const { url, init } = buildRequest(request, credentials.baseUrl, auth);
      const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
      let response: Response;
      try {
        response = await fetchImpl(url, { ...init, signal: AbortSignal.any(signals) });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (attempt >= maxAttempts) throw new SourceHttpError(0, message("network", { tries: attempt }), true);
        await sleep(backoff(attempt), options.signal);
        continue;
      }
      const { status } = response;
      if (status === 401 && withAuth) {
        await response.body?.cancel();
        // Each request refreshes at most once (a token that expires again later in a long run is refreshed again).
        if (refreshedForThis || !options.connector.refresh) throw new SourceHttpError(401, message("unauthorized"), false);
        refreshedForThis = true;
        if (credentials === sentWith) {
          refreshing ??= refresh(options.connector.refresh).finally(() => (refreshing = null));
          await refreshing;
        }
        attempt--;
        continue;
      }
      if (status === 429 || status >= 500) {
        await response.body?.cancel();
        const giveUp = status === 429 ? message("rateLimited", { tries: attempt }) : message("serverError", { status, tries: attempt });
        if (attempt >= maxAttempts) throw new SourceHttpError(status, giveUp, true);
        const retryAfter = retryAfterMs(response.headers.get("retry-after"), now());
        if (retryAfter !== null && retryAfter > maxRetryAfter) {
          throw new SourceHttpError(status, message("rateLimitedFor", { minutes: Math.ceil(retryAfter / 60_000) }), true);
        }
        await sleep(retryAfter ?? backoff(attempt), options.signal);
        continue;
      }
      if (status >= 400) {
        const described = options.connector.describeError?.(status, await readErrorBody(response));
        const key = status === 401 ? "unauthorized" : status === 402 || status === 403 ? "forbidden" : status === 404 ? "notFound" : "clientError";
        throw new SourceHttpError(status, described ?? message(key, { status }), false);
      }
      return { status, headers: response.headers, body: await parseBody<T>(response) };
    }
  }

  /** For refresh calls: the same retries, without the connection's (expired) auth and without refreshing again. */
  const plain: SourceHttp = { request: (request) => send(request, false) };
  return { request: (request) => send(request, true), credentials: () => credentials };
}

function buildRequest(request: HttpRequest, baseUrl: string, auth: ReturnType<Connector["authorize"]>) {
  const url = /^https?:\/\//.test(request.url) ? new URL(request.url) : new URL(request.url.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [name, value] of Object.entries({ ...request.query, ...auth.query })) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
    else url.searchParams.set(name, String(value));
  }
  const headers: Record<string, string> = { accept: "application/json", ...auth.headers, ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(request.json);
  } else if (request.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(request.form).toString();
  }
  return { url, init: { method: request.method ?? (body === undefined ? "GET" : "POST"), headers, body } satisfies RequestInit };
}

async function parseBody<T>(response: Response): Promise<T> {
  const text = response.status === 204 ? "" : await response.text();
  if (!text.trim()) return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SourceHttpError(response.status, message("badResponse", { status: response.status }), false);
  }
}

/** A refusal's body for describeError: JSON when it parses, else its text (at most 4 KB); null when empty. */
async function readErrorBody(response: Response): Promise<unknown> {
  const text = (await response.text().catch(() => "")).slice(0, 4096);
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Retry-After as milliseconds from now: delta seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
