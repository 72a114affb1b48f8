"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { FormAlert } from "@/components/auth/form-alert";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";

/** On a client's settings: which agency reaches the company and, for its own owner or admin, a way to revoke that. */
export function AgencyAccessCard({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("agency.access");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const access = useQuery(trpc.agency.access.queryOptions({ orgSlug }));
  const revoke = useMutation(
    trpc.agency.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.agency.access.queryFilter({ orgSlug }));
        router.refresh();
      },
    }),
  );
  const { formError } = useMutationErrors(revoke.error);
  if (!access.data) return null;
  const { agencyName, canRevoke } = access.data;

  return (
    <section aria-labelledby="agency-access-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h3 id="agency-access-title" className="text-base font-semibold text-gray-900">
        {t("title")}
      </h3>
      <p className="mt-1 text-sm text-gray-600">{t(canRevoke ? "granted" : "viaAgency", { agency: agencyName })}</p>
      {formError && (
        <div className="mt-3">
          <FormAlert kind="error">{formError}</FormAlert>
        </div>
      )}
      {canRevoke && (
        <button
          type="button"
          disabled={revoke.isPending}
          onClick={() => window.confirm(t("confirm", { agency: agencyName })) && revoke.mutate({ orgSlug })}
          className="mt-4 rounded-md border border-rose-300 px-4 py-2 text-sm font-semibold text-rose-700 hover:bg-rose-50 disabled:cursor-wait disabled:opacity-70"
        >
          {revoke.isPending ? t("pending") : t("revoke")}
        </button>
      )}
    </section>
  );
}
