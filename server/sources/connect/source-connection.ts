import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { crmKinds, type ConnectorContext, type CrmKind } from "@/server/sources/connector";
import { connectors, type ConnectorRegistry } from "@/server/sources/registry";
import { openCredentials, sealCredentials } from "@/server/sources/secrets";
import { connectorOf } from "./connect-source";
import { callConnector } from "./interactive-context";

/** The org's connected CRM source, loaded by (orgId, id); another org's source, a push API or file source is not found. */
export async function loadCrmSource(db: Db, orgId: string, sourceId: number) {
  const [source] = await db
    .select({ id: dataSources.id, kind: dataSources.kind, name: dataSources.name, credentials: dataSources.credentials, disconnectedAt: dataSources.disconnectedAt })
    .from(dataSources)
    .where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, sourceId)));
  if (!source || !(crmKinds as readonly string[]).includes(source.kind)) throw new DomainError("not_found", "sources.connect.errors.sourceNotFound");
  return { ...source, kind: source.kind as CrmKind };
}

/** Calls the source's connector while a person waits; refreshed credentials are stored sealed again. */
export async function withSourceConnector<T>(db: Db, orgId: string, sourceId: number, call: (ctx: ConnectorContext, kind: CrmKind) => Promise<T>, registry: ConnectorRegistry = connectors): Promise<T> {
  const source = await loadCrmSource(db, orgId, sourceId);
  if (!source.credentials || source.disconnectedAt) throw new DomainError("conflict", "sources.connect.errors.disconnected");
  const connector = connectorOf(source.kind, registry);
  const before = openCredentials(source.credentials);
  const { result, credentials } = await callConnector(connector, before, (ctx) => call(ctx, source.kind));
  if (credentials !== before) {
    await db.update(dataSources).set({ credentials: sealCredentials(credentials) }).where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, sourceId)));
  }
  return result;
}
