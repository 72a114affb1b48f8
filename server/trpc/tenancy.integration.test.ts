import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { appRouter, createCaller } from "./root";
import type { Meta } from "./init";

/**
 * Procedures that are not scoped to an organization, each with the reason it is safe.
 * Any other procedure must be an orgProcedure, and then it is called below as an outsider.
 */
const notOrgScoped: Record<string, string> = {
  "orgs.listMine": "lists only the caller's own memberships, their agencies' clients and the demo",
};

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>);

function call(caller: ReturnType<typeof createCaller>, path: string, input: unknown) {
  const fn = path.split(".").reduce<any>((node, key) => node[key], caller);
  return fn(input) as Promise<unknown>;
}

describe("cross-tenant access", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let outsider: ReturnType<typeof createCaller>;
  let anonymous: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const [victim, other] = await db
      .insert(organizations)
      .values([
        { name: "Victim Co", slug: "victim" },
        { name: "Other Co", slug: "other" },
      ])
      .returning();
    const [owner, stranger] = await db
      .insert(users)
      .values([{ email: "owner@victim.test" }, { email: "owner@other.test" }])
      .returning();
    await db.insert(memberships).values([
      { orgId: victim!.id, userId: owner!.id, role: "owner" },
      { orgId: other!.id, userId: stranger!.id, role: "owner" },
    ]);
    outsider = createCaller({ db, userId: stranger!.id, locale: "en" });
    anonymous = createCaller({ db, userId: null, locale: "en" });
  });
  afterAll(() => testDb.drop());

  it("has a scope on every procedure, and only listed ones are not org-scoped", () => {
    const unscoped = procedures.filter(([path, p]) => p._def.meta?.scope !== "org" && !(path in notOrgScoped)).map(([path]) => path);
    expect(unscoped).toEqual([]);
  });

  const orgScoped = procedures.filter(([, p]) => p._def.meta?.scope === "org").map(([path]) => path);

  it.each(orgScoped)("%s refuses an owner of another organization", async (path) => {
    const error = await call(outsider, path, { orgSlug: "victim" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect(["NOT_FOUND", "FORBIDDEN"]).toContain((error as TRPCError).code);
  });

  it.each(orgScoped)("%s refuses a signed-out caller", async (path) => {
    await expect(call(anonymous, path, { orgSlug: "victim" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
