import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources } from "@/db/schema";
import { assertWithinLimit } from "@/server/billing/limits";
import { DomainError, invalid } from "@/server/errors";
import type { CrmKind, Credentials } from "@/server/sources/connector";
import { connectorFor, connectors, type ConnectorRegistry } from "@/server/sources/registry";
import { sealCredentials } from "@/server/sources/secrets";
import { isAllowedBaseUrl } from "./allowed-hosts";
import { addressField, parseCredentialForm } from "./credential-forms";
import { callConnector } from "./interactive-context";

export type ConnectedSource = { sourceId: number; name: string };

export function connectorOf(kind: CrmKind, registry: ConnectorRegistry = connectors) {
  const connector = connectorFor(registry, kind);
  if (!connector) throw new DomainError("not_found", "sources.connect.errors.noConnector");
  return connector;
}

/** Connects a CRM from its token form: checks the address and the token with the CRM, then stores the source. */
export async function connectSource(db: Db, orgId: string, kind: CrmKind, form: Record<string, string>, registry: ConnectorRegistry = connectors): Promise<ConnectedSource> {
  const parsed = parseCredentialForm(kind, form);
  if (!parsed.ok) throw invalid(parsed.fieldErrors);
  return connectWithCredentials(db, orgId, kind, parsed.credentials, registry);
}

/**
 * Creates the data source for credentials from a form or an OAuth callback: the base URL must be the CRM's own,
 * identify() must succeed (a bad token is refused here, before anything is stored), and one CRM account is
 * connected once per organization. A previously disconnected connection of the same account is reconnected, so
 * its history continues.
 */
export async function connectWithCredentials(db: Db, orgId: string, kind: CrmKind, credentials: Credentials, registry: ConnectorRegistry = connectors): Promise<ConnectedSource> {
  if (!isAllowedBaseUrl(kind, credentials.baseUrl)) {
    throw invalid({ [addressField[kind]]: "sources.connect.errors.hostNotAllowed" }, "sources.connect.errors.hostNotAllowed");
  }
  const connector = connectorOf(kind, registry);
  const { result: account, credentials: checked } = await callConnector(connector, credentials, (ctx) => connector.identify(ctx));
  const sealed = sealCredentials(checked);

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`connect:${orgId}`}, 0))`);
    const [existing] = await tx
      .select({ id: dataSources.id, disconnectedAt: dataSources.disconnectedAt })
      .from(dataSources)
      .where(and(eq(dataSources.orgId, orgId), eq(dataSources.kind, kind), eq(dataSources.accountId, account.accountId)));
    if (existing && !existing.disconnectedAt) throw new DomainError("conflict", "sources.connect.errors.alreadyConnected", undefined, { name: account.name });
    // Inside the lock, so two connections started together cannot both pass the plan's limit.
    await assertWithinLimit(tx, orgId, "sources");
    if (existing) {
      await tx
        .update(dataSources)
        .set({ credentials: sealed, name: account.name, disconnectedAt: null })
        .where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, existing.id)));
      return { sourceId: existing.id, name: account.name };
    }
    const [created] = await tx
      .insert(dataSources)
      .values({ orgId, kind, name: account.name, accountId: account.accountId, credentials: sealed })
      .returning({ id: dataSources.id });
    return { sourceId: created!.id, name: account.name };
  });
}
