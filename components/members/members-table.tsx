"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import type { Role } from "@/db/schema";
import { useTRPC } from "@/lib/trpc/client";

export type MemberRow = { userId: string; name: string | null; email: string; role: Role };

/**
 * Everyone in the organization. Managers change roles and remove people in place; a row they may not touch
 * (an owner, unless they are one) shows its role as text. Removal asks for a second click.
 */
export function MembersTable({
  orgSlug,
  members,
  viewer,
  canManage,
  assignableRoles,
}: {
  orgSlug: string;
  members: MemberRow[];
  viewer: { userId: string; role: Role };
  canManage: boolean;
  assignableRoles: { value: Role; label: string }[];
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const onSuccess = (message: string) => () => {
    setNotice(message);
    setConfirming(null);
    router.refresh();
  };
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: onSuccess(t("org.members.roleChanged")) }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: onSuccess(t("org.members.removed")) }));
  const error = changeRole.error ?? remove.error;
  const busy = changeRole.isPending || remove.isPending;
  const editable = (member: MemberRow) => canManage && (viewer.role === "owner" || member.role !== "owner");

  return (
    <section aria-labelledby="members-title" className="rounded-xl border border-gray-200 bg-white shadow-sm">
      <h2 id="members-title" className="px-6 pt-5 text-base font-semibold text-gray-900">
        {t("org.members.title")} <span className="font-normal text-gray-500">· {members.length}</span>
      </h2>
      <div className="space-y-2 px-6 pt-3">
        {error && <FormAlert kind="error">{error.message}</FormAlert>}
        {!error && notice && <FormAlert kind="success">{notice}</FormAlert>}
      </div>
      <div className="overflow-x-auto">
        <table className="mt-3 min-w-full divide-y divide-gray-200 text-sm">
          <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
            <tr>
              <th scope="col" className="px-6 py-3">{t("org.members.name")}</th>
              <th scope="col" className="px-6 py-3">{t("org.members.email")}</th>
              <th scope="col" className="px-6 py-3">{t("org.members.role")}</th>
              {canManage && <th scope="col" className="px-6 py-3 text-right">{t("org.members.actions")}</th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {members.map((member) => {
              const displayName = member.name || member.email;
              const isViewer = member.userId === viewer.userId;
              return (
                <tr key={member.userId}>
                  <td className="whitespace-nowrap px-6 py-3 font-medium text-gray-900">
                    {displayName}
                    {isViewer && <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs font-normal text-gray-600">{t("org.members.you")}</span>}
                  </td>
                  <td className="whitespace-nowrap px-6 py-3 text-gray-600">{member.email}</td>
                  <td className="whitespace-nowrap px-6 py-3">
                    {editable(member) ? (
                      <select
                        aria-label={t("org.members.roleOf", { name: displayName })}
                        value={member.role}
                        disabled={busy}
                        onChange={(event) => changeRole.mutate({ orgSlug, userId: member.userId, role: event.target.value as Role })}
                        className="rounded-md border-gray-300 py-1 pl-2 pr-8 text-sm focus:border-blue-500 focus:ring-blue-500"
                      >
                        {assignableRoles.map((role) => (
                          <option key={role.value} value={role.value}>
                            {role.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="text-gray-700">{t(`common.roles.${member.role}`)}</span>
                    )}
                  </td>
                  {canManage && (
                    <td className="whitespace-nowrap px-6 py-3 text-right">
                      {editable(member) && !isViewer && confirming !== member.userId && (
                        <button
                          type="button"
                          aria-label={t("org.members.removeLabel", { name: displayName })}
                          onClick={() => setConfirming(member.userId)}
                          className="rounded-md px-2 py-1 text-sm font-medium text-red-600 hover:bg-red-50"
                        >
                          {t("org.members.remove")}
                        </button>
                      )}
                      {confirming === member.userId && (
                        <span className="inline-flex items-center gap-2">
                          <span className="text-gray-700">{t("org.members.removeConfirm", { name: displayName })}</span>
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() => remove.mutate({ orgSlug, userId: member.userId })}
                            className="rounded-md bg-red-600 px-2.5 py-1 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-70"
                          >
                            {t("org.members.remove")}
                          </button>
                          <button type="button" onClick={() => setConfirming(null)} className="rounded-md px-2 py-1 text-sm text-gray-600 hover:bg-gray-100">
                            {t("common.cancel")}
                          </button>
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
