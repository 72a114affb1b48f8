import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { invitations, memberships, organizations, users, type Invitation, type Role } from "@/db/schema";
import { DEMO_USER_EMAIL } from "@/server/auth/demo-user";
import { hashPassword } from "@/server/auth/password";
import { hashToken, newSecretToken } from "@/server/auth/tokens";
import { assertWithinLimit } from "@/server/billing/limits";
import { syncSubscriptionQuantity } from "@/server/billing/quantity";
import { conflict, forbidden, invalid, notFound } from "@/server/errors";
import { translateKey } from "@/server/i18n";
import { composeActionMail } from "@/server/mail/compose-action-mail";
import { sendMail } from "@/server/mail/send-mail";
import { emailTaken } from "./signup";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";
export type PendingInvitation = { id: string; email: string; role: Role; expiresAt: Date; expired: boolean };

function statusOf(invitation: Pick<Invitation, "acceptedAt" | "revokedAt" | "expiresAt">, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt <= now ? "expired" : "pending";
}

const pending = (orgId: string) => and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

/**
 * Invites an e-mail to the organization with any role but owner and mails the link. Re-inviting an e-mail
 * replaces its pending invitation (the old link stops working). Only the token's hash is stored.
 */
export async function inviteMember(
  db: Db,
  orgId: string,
  invite: { email: string; role: Role; invitedBy: string },
  mail: { origin: string; locale: string },
  now: Date = new Date(),
): Promise<PendingInvitation> {
  if (invite.role === "owner") throw forbidden("org.members.onlyOwnerManagesOwners");
  const { token, tokenHash } = newSecretToken();
  const { invitation, orgName, inviterName } = await db.transaction(async (tx) => {
    // One invitation at a time per org, so two concurrent re-invites cannot both stay pending.
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId)).for("update");
    if (!org) throw notFound();
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(users.email, invite.email)))
      .limit(1);
    if (member) throw conflict("org.members.alreadyMember", { email: "org.members.alreadyMember" });
    await tx.update(invitations).set({ revokedAt: now }).where(and(pending(orgId), eq(invitations.email, invite.email)));
    await assertWithinLimit(tx, orgId, "seats", 1, now);
    const [created] = await tx
      .insert(invitations)
      .values({ orgId, email: invite.email, role: invite.role, tokenHash, invitedBy: invite.invitedBy, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) })
      .returning();
    const [inviter] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, invite.invitedBy));
    return { invitation: created!, orgName: org.name, inviterName: inviter?.name || inviter?.email || org.name };
  });

  const message = await composeActionMail({
    to: invite.email,
    locale: mail.locale,
    kind: "invitation",
    url: `${mail.origin}/invite/${token}`,
    params: { inviter: inviterName, org: orgName, role: await translateKey(mail.locale, `common.roles.${invite.role}`) },
  });
  await sendMail(db, message);
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, expired: false };
}

/** Invitations neither accepted nor revoked, newest first; expired ones stay listed so they can be sent again. */
export async function listPendingInvitations(db: Db, orgId: string, now: Date = new Date()): Promise<PendingInvitation[]> {
  const rows = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(pending(orgId))
    .orderBy(asc(invitations.email));
  return rows.map((row) => ({ ...row, expired: row.expiresAt <= now }));
}

export async function revokeInvitation(db: Db, orgId: string, invitationId: string, now: Date = new Date()): Promise<void> {
  const revoked = await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(pending(orgId), eq(invitations.id, invitationId)))
    .returning({ id: invitations.id });
  if (revoked.length === 0) throw notFound("org.invite.notFound");
}

export type InvitationView = {
  status: InvitationStatus;
  email: string;
  role: Role;
  orgName: string;
  /** Whether someone already has an account with the invited e-mail (sign in to accept, rather than sign up). */
  accountExists: boolean;
};

/** What the invitation page shows for a token from a mail; null for a token that was never issued. */
export async function findInvitation(db: Db, token: string, now: Date = new Date()): Promise<InvitationView | null> {
  const [row] = await db
    .select({ invitation: invitations, orgName: organizations.name, userId: users.id })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(users, eq(users.email, invitations.email))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return null;
  const { invitation } = row;
  return { status: statusOf(invitation, now), email: invitation.email, role: invitation.role, orgName: row.orgName, accountExists: Boolean(row.userId) };
}

const statusError: Record<Exclude<InvitationStatus, "pending">, string> = {
  expired: "org.invite.expired",
  accepted: "org.invite.accepted",
  revoked: "org.invite.revoked",
};

/** The pending invitation behind a token, locked until the transaction ends so it is accepted at most once. */
async function lockPendingInvitation(tx: Tx, token: string, now: Date) {
  const [row] = await tx
    .select({ invitation: invitations, slug: organizations.slug })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .for("update", { of: invitations });
  if (!row) throw notFound("org.invite.notFound");
  const status = statusOf(row.invitation, now);
  if (status !== "pending") throw invalid({}, statusError[status]);
  return row;
}

async function joinWithInvitation(tx: Tx, invitation: Invitation, userId: string, now: Date) {
  // Someone who is already a member keeps their role.
  await tx.insert(memberships).values({ orgId: invitation.orgId, userId, role: invitation.role }).onConflictDoNothing();
  await tx
    .update(invitations)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(and(eq(invitations.orgId, invitation.orgId), eq(invitations.id, invitation.id)));
}

/** A signed-in person accepts: they become a member with the invited role. */
export async function acceptInvitation(db: Db, token: string, userId: string, now: Date = new Date()): Promise<{ orgSlug: string }> {
  const joined = await db.transaction(async (tx) => {
    const { invitation, slug } = await lockPendingInvitation(tx, token, now);
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    // The demo account is shared by every visitor; a membership of it would open the org to all of them.
    if (!user || user.email === DEMO_USER_EMAIL) throw forbidden("org.invite.demoAccount");
    await joinWithInvitation(tx, invitation, userId, now);
    return { orgId: invitation.orgId, orgSlug: slug };
  });
  await syncSubscriptionQuantity(db, joined.orgId);
  return { orgSlug: joined.orgSlug };
}

/**
 * Someone without an account accepts: the account is made for the invited e-mail (proven by the mailed link),
 * with no organization of its own, and joins the inviting one.
 */
export async function signUpWithInvitation(
  db: Db,
  token: string,
  account: { name: string; password: string },
  locale: string,
  now: Date = new Date(),
): Promise<{ email: string; orgSlug: string }> {
  const passwordHash = await hashPassword(account.password);
  const joined = await db.transaction(async (tx) => {
    const { invitation, slug } = await lockPendingInvitation(tx, token, now);
    const [user] = await tx
      .insert(users)
      .values({ name: account.name, email: invitation.email, passwordHash, locale, emailVerified: now })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!user) throw emailTaken();
    await joinWithInvitation(tx, invitation, user.id, now);
    return { orgId: invitation.orgId, email: invitation.email, orgSlug: slug };
  });
  await syncSubscriptionQuantity(db, joined.orgId);
  return { email: joined.email, orgSlug: joined.orgSlug };
}
