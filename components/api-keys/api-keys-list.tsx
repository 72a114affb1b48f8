"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { FormAlert } from "@/components/auth/form-alert";
import { useTRPC } from "@/lib/trpc/client";

export type ApiKeyRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** The org's keys by name and display prefix, with when they were created and last used; live ones can be revoked. */
export function ApiKeysList({ orgSlug, keys }: { orgSlug: string; keys: ApiKeyRow[] }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => router.refresh() }));
  const when = (date: Date | null) => (date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }) : t("apiKeys.list.never"));

  return (
    <section aria-labelledby="api-keys-title" className="rounded-xl border border-gray-200 bg-white shadow-sm">
      <h2 id="api-keys-title" className="px-6 pt-5 text-base font-semibold text-gray-900">
        {t("apiKeys.list.title")}
      </h2>
      <div className="space-y-2 px-6 pt-3">
        {revoke.error && <FormAlert kind="error">{revoke.error.message}</FormAlert>}
        {revoke.isSuccess && <FormAlert kind="success">{t("apiKeys.list.revoked")}</FormAlert>}
      </div>
      {keys.length === 0 ? (
        <p className="px-6 py-4 text-sm text-gray-500">{t("apiKeys.list.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-3 min-w-full divide-y divide-gray-200 text-sm">
            <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
              <tr>
                <th scope="col" className="px-6 py-3">{t("apiKeys.list.name")}</th>
                <th scope="col" className="px-6 py-3">{t("apiKeys.list.key")}</th>
                <th scope="col" className="px-6 py-3">{t("apiKeys.list.created")}</th>
                <th scope="col" className="px-6 py-3">{t("apiKeys.list.lastUsed")}</th>
                <th scope="col" className="px-6 py-3"><span className="sr-only">{t("apiKeys.list.actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "text-gray-400" : "text-gray-700"}>
                  <td className="px-6 py-3 font-medium">{key.name}</td>
                  <td className="px-6 py-3 font-mono">sp_live_{key.prefix}…</td>
                  <td className="px-6 py-3">{when(key.createdAt)}</td>
                  <td className="px-6 py-3">{when(key.lastUsedAt)}</td>
                  <td className="px-6 py-3 text-right">
                    {key.revokedAt ? (
                      <span>{t("apiKeys.list.revokedOn", { date: when(key.revokedAt) })}</span>
                    ) : (
                      <button
                        type="button"
                        disabled={revoke.isPending}
                        aria-label={t("apiKeys.list.revokeLabel", { name: key.name })}
                        onClick={() => revoke.mutate({ orgSlug, keyId: key.id })}
                        className="rounded-md px-2 py-1 font-medium text-red-600 hover:bg-red-50 disabled:opacity-70"
                      >
                        {t("apiKeys.list.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
