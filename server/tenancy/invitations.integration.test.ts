import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devMailbox, invitations, memberships, organizations, users } from "@/db/schema";
import { hashToken } from "@/server/auth/tokens";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { acceptInvitation, findInvitation, INVITATION_TTL_MS, inviteMember, signUpWithInvitation } from "./invitations";

describe("invitations", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids = { acme: "", other: "", owner: "", viewer: "", outsider: "", existing: "" };
  const as = (userId: string) => createCaller({ db: testDb.db, userId, locale: "en" });
  const orgSlug = "acme";

  /** The token in the latest invitation mail to this address, as the invitee would click it. */
  async function tokenMailedTo(email: string) {
    const mails = await testDb.db.select().from(devMailbox).where(eq(devMailbox.to, email)).orderBy(devMailbox.id);
    return mails.at(-1)?.text.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
  }
  const membership = (userId: string) =>
    testDb.db.select().from(memberships).where(and(eq(memberships.orgId, ids.acme), eq(memberships.userId, userId)));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [acme, other] = await testDb.db
      .insert(organizations)
      .values([{ name: "Acme", slug: "acme" }, { name: "Other", slug: "other" }])
      .returning();
    const [owner, viewer, outsider, existing] = await testDb.db
      .insert(users)
      .values([
        { email: "owner@acme.test", name: "Olga Owner" },
        { email: "viewer@acme.test" },
        { email: "boss@other.test" },
        { email: "existing@example.test", name: "Existing" },
      ])
      .returning();
    Object.assign(ids, { acme: acme!.id, other: other!.id, owner: owner!.id, viewer: viewer!.id, outsider: outsider!.id, existing: existing!.id });
    await testDb.db.insert(memberships).values([
      { orgId: acme!.id, userId: owner!.id, role: "owner" },
      { orgId: acme!.id, userId: viewer!.id, role: "viewer" },
      { orgId: other!.id, userId: outsider!.id, role: "owner" },
    ]);
  });
  afterAll(() => testDb.drop());

  it("mails a link and stores only the token's hash, for 7 days", async () => {
    const before = Date.now();
    const invitation = await as(ids.owner).members.invite({ orgSlug, email: " New.Person@Example.test ", role: "manager" });
    expect(invitation).toMatchObject({ email: "new.person@example.test", role: "manager" });
    expect(invitation.expiresAt.getTime() - before).toBeGreaterThanOrEqual(INVITATION_TTL_MS - 1000);
    expect(invitation.expiresAt.getTime() - before).toBeLessThanOrEqual(INVITATION_TTL_MS + 5000);

    const token = await tokenMailedTo("new.person@example.test");
    expect(token).toBeDefined();
    const [mail] = await testDb.db.select().from(devMailbox).where(eq(devMailbox.to, "new.person@example.test"));
    expect(mail!.subject).toBe("Olga Owner invited you to Acme on SalesPulse");
    const [row] = await testDb.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row!.tokenHash).toBe(hashToken(token!));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("shows the invitation and, on accept, makes the person a member with the invited role", async () => {
    const token = (await tokenMailedTo("new.person@example.test"))!;
    expect(await findInvitation(testDb.db, token)).toEqual({ status: "pending", email: "new.person@example.test", role: "manager", orgName: "Acme", accountExists: false });

    const { email, orgSlug: slug } = await signUpWithInvitation(testDb.db, token, { name: "New Person", password: "long enough" }, "en");
    expect({ email, slug }).toEqual({ email: "new.person@example.test", slug: "acme" });
    const [user] = await testDb.db.select().from(users).where(eq(users.email, email));
    expect(await membership(user!.id)).toEqual([expect.objectContaining({ role: "manager" })]);
    // No organization of their own.
    expect(await testDb.db.select().from(memberships).where(eq(memberships.userId, user!.id))).toHaveLength(1);

    expect((await findInvitation(testDb.db, token))?.status).toBe("accepted");
    await expect(acceptInvitation(testDb.db, token, ids.existing)).rejects.toMatchObject({ messageKey: "org.invite.accepted" });
  });

  it("lets an existing account accept; an existing member keeps their role", async () => {
    await as(ids.owner).members.invite({ orgSlug, email: "existing@example.test", role: "sdr" });
    const token = (await tokenMailedTo("existing@example.test"))!;
    expect((await findInvitation(testDb.db, token))?.accountExists).toBe(true);
    expect(await acceptInvitation(testDb.db, token, ids.existing)).toEqual({ orgSlug: "acme" });
    expect(await membership(ids.existing)).toEqual([expect.objectContaining({ role: "sdr" })]);

    const sent = await inviteMember(testDb.db, ids.acme, { email: "someone@example.test", role: "admin", invitedBy: ids.owner }, { origin: "http://x", locale: "en" });
    await acceptInvitation(testDb.db, (await tokenMailedTo("someone@example.test"))!, ids.viewer);
    expect(sent.role).toBe("admin");
    expect(await membership(ids.viewer)).toEqual([expect.objectContaining({ role: "viewer" })]);
  });

  it("refuses an expired invitation", async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000);
    await inviteMember(testDb.db, ids.acme, { email: "late@example.test", role: "bdr", invitedBy: ids.owner }, { origin: "http://x", locale: "en" }, eightDaysAgo);
    const token = (await tokenMailedTo("late@example.test"))!;
    expect((await findInvitation(testDb.db, token))?.status).toBe("expired");
    await expect(signUpWithInvitation(testDb.db, token, { name: "Late", password: "long enough" }, "en")).rejects.toMatchObject({ messageKey: "org.invite.expired" });
    expect(await testDb.db.select().from(users).where(eq(users.email, "late@example.test"))).toEqual([]);
  });

  it("revokes: the link is refused and the invitation leaves the list", async () => {
    const { id } = await as(ids.owner).members.invite({ orgSlug, email: "gone@example.test", role: "marketer" });
    const token = (await tokenMailedTo("gone@example.test"))!;
    await as(ids.owner).members.revokeInvitation({ orgSlug, invitationId: id });
    expect((await findInvitation(testDb.db, token))?.status).toBe("revoked");
    await expect(acceptInvitation(testDb.db, token, ids.existing)).rejects.toMatchObject({ messageKey: "org.invite.revoked" });
    const list = await as(ids.owner).members.list({ orgSlug });
    expect(list.invitations?.map((i) => i.email)).not.toContain("gone@example.test");
  });

  it("re-inviting an e-mail replaces its pending invitation", async () => {
    await as(ids.owner).members.invite({ orgSlug, email: "twice@example.test", role: "bdr" });
    const first = (await tokenMailedTo("twice@example.test"))!;
    await as(ids.owner).members.invite({ orgSlug, email: "twice@example.test", role: "head_of_sales" });
    const second = (await tokenMailedTo("twice@example.test"))!;
    const list = await as(ids.owner).members.list({ orgSlug });
    expect(list.invitations?.filter((i) => i.email === "twice@example.test").map((i) => i.role)).toEqual(["head_of_sales"]);
    expect((await findInvitation(testDb.db, first))?.status).toBe("revoked");
    expect(await findInvitation(testDb.db, second)).toMatchObject({ status: "pending", role: "head_of_sales" });
  });

  it("never invites an owner, nor someone already in the org", async () => {
    const owner = await as(ids.owner).members.invite({ orgSlug, email: "x@example.test", role: "owner" as never }).catch((e: TRPCError) => e);
    expect(owner).toMatchObject({ code: "BAD_REQUEST" });
    const member = await as(ids.owner).members.invite({ orgSlug, email: "viewer@acme.test", role: "admin" }).catch((e: TRPCError) => e);
    expect(member).toMatchObject({ code: "CONFLICT", message: "This person is already a member." });
  });

  it("is refused to a viewer (FORBIDDEN) and to a member of another org (NOT_FOUND)", async () => {
    await expect(as(ids.viewer).members.invite({ orgSlug, email: "v@example.test", role: "sdr" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(ids.outsider).members.invite({ orgSlug, email: "o@example.test", role: "sdr" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await as(ids.viewer).members.list({ orgSlug })).invitations).toBeNull();
  });

  it("checks an invitation id against the org in the URL", async () => {
    const foreign = await inviteMember(testDb.db, ids.other, { email: "f@example.test", role: "sdr", invitedBy: ids.outsider }, { origin: "http://x", locale: "en" });
    await expect(as(ids.owner).members.revokeInvitation({ orgSlug, invitationId: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await findInvitation(testDb.db, (await tokenMailedTo("f@example.test"))!))?.status).toBe("pending");
  });
});
