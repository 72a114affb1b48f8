"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { UpgradeLink } from "@/components/billing/upgrade-link";
import { OrganizationFields, type CurrencyOption } from "@/components/auth/organization-fields";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { OrganizationFields as OrganizationFieldValues } from "@/server/tenancy/organization-fields";
import { PendingButton } from "@/components/ui/pending-button";

/** Name, currency and time zone of a new client; on success the consultant lands in the client's workspace. */
export function CreateClientForm({ agencySlug, currencies }: { agencySlug: string; currencies: CurrencyOption[] }) {
  const t = useTranslations("org.clients");
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.clients.create.mutationOptions({ onSuccess: (client) => router.push(`/o/${client.slug}`) }));
  const { fieldError, formError } = useMutationErrors(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      orgSlug: agencySlug,
      organizationName: String(form.get("organizationName") ?? ""),
      currency: String(form.get("currency") ?? "") as OrganizationFieldValues["currency"],
      timeZone: String(form.get("timeZone") ?? ""),
    });
  }

  return (
    <section aria-labelledby="create-client-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="create-client-title" className="text-base font-semibold text-gray-900">
        {t("createTitle")}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t("createHint")}</p>
      <form onSubmit={submit} className="mt-4 max-w-md space-y-4" noValidate>
        {formError && <FormAlert kind="error">{formError}</FormAlert>}
        <UpgradeLink error={create.error} />
        <OrganizationFields currencies={currencies} fieldError={fieldError} withKind={false} />
        <PendingButton pending={create.isPending || create.isSuccess} pendingLabel={t("pending")}>
          {t("submit")}
        </PendingButton>
      </form>
    </section>
  );
}
