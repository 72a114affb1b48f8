"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { TextField } from "@/components/auth/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import { NewKeyNotice } from "./new-key-notice";
import { PendingButton } from "@/components/ui/pending-button";

/** Names a new key and shows the secret once, right here, until the page is left. */
export function CreateApiKeyForm({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => {
        setName("");
        router.refresh();
      },
    }),
  );
  const { fieldError, formError } = useMutationErrors(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ orgSlug, name });
  }

  return (
    <section aria-labelledby="create-key-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="create-key-title" className="text-base font-semibold text-gray-900">
        {t("apiKeys.create.title")}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t("apiKeys.create.hint")}</p>
      <form onSubmit={submit} className="mt-4 space-y-4" noValidate>
        {formError && <FormAlert kind="error">{formError}</FormAlert>}
        <div className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start">
          <TextField
            id="api-key-name"
            name="name"
            label={t("apiKeys.create.name")}
            placeholder={t("apiKeys.create.namePlaceholder")}
            autoComplete="off"
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={fieldError("name")}
          />
          <PendingButton pending={create.isPending} pendingLabel={t("apiKeys.create.pending")} className="sm:mt-6">
          {t("apiKeys.create.submit")}
        </PendingButton>
        </div>
      </form>
      {create.data && <NewKeyNotice name={create.data.name} secret={create.data.key} />}
    </section>
  );
}
