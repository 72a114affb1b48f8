"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { FormAlert } from "@/components/auth/form-alert";
import type { Role } from "@/db/schema";
import { useTRPC } from "@/lib/trpc/client";

export type PendingInvitationRow = { id: string; email: string; role: Role; expiresAt: Date; expired: boolean };

/** Invitations not yet accepted, with their expiry in the org's time zone; each can be revoked. */
export function InvitationsList({ orgSlug, invitations, timeZone }: { orgSlug: string; invitations: PendingInvitationRow[]; timeZone: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: () => router.refresh() }));

  return (
    <section aria-labelledby="invitations-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="invitations-title" className="text-base font-semibold text-gray-900">
        {t("org.invitations.title")}
      </h2>
      <div className="mt-3 space-y-2">
        {revoke.error && <FormAlert kind="error">{revoke.error.message}</FormAlert>}
        {revoke.isSuccess && <FormAlert kind="success">{t("org.invitations.revoked")}</FormAlert>}
      </div>
      {invitations.length === 0 ? (
        <p className="mt-3 text-sm text-gray-500">{t("org.invitations.empty")}</p>
      ) : (
        <ul className="mt-3 divide-y divide-gray-100">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-3 text-sm">
              <span className="font-medium text-gray-900">{invitation.email}</span>
              <span className="text-gray-600">{t(`common.roles.${invitation.role}`)}</span>
              <span className={invitation.expired ? "text-amber-700" : "text-gray-500"}>
                {invitation.expired
                  ? t("org.invitations.expired")
                  : t("org.invitations.expires", { date: format.dateTime(invitation.expiresAt, { dateStyle: "medium", timeZone }) })}
              </span>
              <button
                type="button"
                disabled={revoke.isPending}
                aria-label={t("org.invitations.revokeLabel", { email: invitation.email })}
                onClick={() => revoke.mutate({ orgSlug, invitationId: invitation.id })}
                className="ml-auto rounded-md px-2 py-1 text-sm font-medium text-red-600 hover:bg-red-50 disabled:opacity-70"
              >
                {t("org.invitations.revoke")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
