import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deals, syncRuns } from "@/db/schema";
import { connectors, type ConnectorRegistry } from "@/server/sources/registry";
import { requestSync } from "@/server/sources/request-sync";
import { connectorOf } from "./connect-source";
import { loadCrmSource } from "./source-connection";

/** Queues the first sync of a just-connected source (or returns the run already queued or running). */
export async function startFirstSync(db: Db, orgId: string, sourceId: number) {
  const run = await requestSync(db, orgId, sourceId, "connect");
  return { runId: run.id };
}

export type SyncProgress = {
  status: "none" | "queued" | "running" | "succeeded" | "failed" | "cancelled";
  /** 0–1: streams done plus the share of the current one, when the CRM says how many records it has. */
  fraction: number;
  recordsDone: number;
  failed: number;
  deals: number;
  error: { key: string; values?: Record<string, string | number> } | null;
};

/** The source's latest run as the wizard's progress bar shows it. */
export async function syncProgress(db: Db, orgId: string, sourceId: number, registry: ConnectorRegistry = connectors): Promise<SyncProgress> {
  const source = await loadCrmSource(db, orgId, sourceId);
  const [[run], [dealCount]] = await Promise.all([
    db.select().from(syncRuns).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.sourceId, sourceId))).orderBy(desc(syncRuns.queuedAt)).limit(1),
    db.select({ n: count() }).from(deals).where(and(eq(deals.orgId, orgId), eq(deals.sourceId, sourceId))),
  ]);
  const base = { recordsDone: run?.recordsDone ?? 0, failed: run?.failed ?? 0, deals: dealCount?.n ?? 0, error: run?.error ?? null };
  if (!run) return { status: "none", fraction: 0, ...base };
  if (run.status === "succeeded") return { status: run.status, fraction: 1, ...base };
  const streams = connectorOf(source.kind, registry).streams;
  const index = Math.max(0, streams.findIndex((stream) => stream.name === run.currentStream));
  const within = run.recordsTotal ? Math.min(1, run.recordsDone / run.recordsTotal) : 0;
  return { status: run.status, fraction: run.status === "queued" ? 0 : (index + within) / streams.length, ...base };
}
