import type { Db } from "@/db/client";
import { DomainError } from "@/server/errors";
import type { CrmKind } from "@/server/sources/connector";
import { connectors, type ConnectorRegistry } from "@/server/sources/registry";
import { connectorOf, connectWithCredentials, type ConnectedSource } from "./connect-source";
import { createOAuthState, readOAuthState } from "./oauth-state";

type Env = Record<string, string | undefined>;

/** The CRM app's client id and secret from <KIND>_CLIENT_ID / <KIND>_CLIENT_SECRET; null when OAuth is not set up. */
export function oauthClient(kind: CrmKind, env: Env = process.env): { clientId: string; clientSecret: string } | null {
  const prefix = kind.toUpperCase();
  const clientId = env[`${prefix}_CLIENT_ID`];
  const clientSecret = env[`${prefix}_CLIENT_SECRET`];
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

/** Whether the wizard offers "Connect with <CRM>": the connector speaks OAuth and the app is registered. */
export function oauthAvailable(kind: CrmKind, registry: ConnectorRegistry = connectors, env: Env = process.env): boolean {
  return Boolean(registry[kind]?.oauth && oauthClient(kind, env));
}

/** Where the CRM sends the person back; must be registered in the CRM's app settings exactly like this. */
export function oauthRedirectUri(kind: CrmKind, env: Env = process.env): string {
  return `${(env.APP_URL ?? "http://localhost:3000").replace(/\/$/, "")}/api/sources/oauth/${kind}/callback`;
}

function authSecret(env: Env): string {
  const secret = env.AUTH_SECRET;
  if (!secret) throw new DomainError("invalid", "sources.connect.errors.oauthNotConfigured");
  return secret;
}

function configured(kind: CrmKind, registry: ConnectorRegistry, env: Env) {
  const connector = connectorOf(kind, registry);
  const client = oauthClient(kind, env);
  if (!connector.oauth || !client) throw new DomainError("not_found", "sources.connect.errors.oauthNotConfigured");
  return { oauth: connector.oauth, client };
}

/** The CRM's consent page for this org, with a signed state naming the org and the CRM. */
export function oauthStartUrl(orgSlug: string, kind: CrmKind, options: { accountHint?: string; registry?: ConnectorRegistry; env?: Env } = {}): string {
  const env = options.env ?? process.env;
  const { oauth, client } = configured(kind, options.registry ?? connectors, env);
  return oauth.authorizeUrl({
    clientId: client.clientId,
    redirectUri: oauthRedirectUri(kind, env),
    state: createOAuthState(orgSlug, kind, authSecret(env)),
    accountHint: options.accountHint,
  });
}

/** The org slug and kind a callback's state names; a forged, expired or foreign-kind state is refused. */
export function verifyOAuthCallback(kind: CrmKind, state: string, env: Env = process.env): { orgSlug: string } {
  const read = readOAuthState(state, authSecret(env));
  if (!read || read.kind !== kind) throw new DomainError("invalid", "sources.connect.errors.oauthState");
  return { orgSlug: read.orgSlug };
}

/** Exchanges the callback's code for credentials and connects the source (the same checks as the token form). */
export async function completeOAuth(
  db: Db,
  orgId: string,
  kind: CrmKind,
  callbackQuery: Record<string, string>,
  options: { registry?: ConnectorRegistry; env?: Env } = {},
): Promise<ConnectedSource> {
  const env = options.env ?? process.env;
  const registry = options.registry ?? connectors;
  const { oauth, client } = configured(kind, registry, env);
  if (!callbackQuery.code) throw new DomainError("invalid", "sources.connect.errors.oauthDenied");
  let credentials;
  try {
    credentials = await oauth.exchangeCode({ ...client, redirectUri: oauthRedirectUri(kind, env), code: callbackQuery.code, callbackQuery });
  } catch {
    throw new DomainError("invalid", "sources.connect.errors.oauthExchange");
  }
  return connectWithCredentials(db, orgId, kind, credentials, registry);
}
