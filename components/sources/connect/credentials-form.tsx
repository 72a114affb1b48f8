"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { UpgradeLink } from "@/components/billing/upgrade-link";
import { TextField } from "@/components/auth/form-fields";
import { PendingButton } from "@/components/ui/pending-button";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { CrmKind } from "@/server/sources/connector";
import type { CredentialField } from "@/server/sources/connect/credential-forms";

/** Step 1: the CRM's token form; the server checks the token with the CRM before anything is stored. */
export function CredentialsForm({ orgSlug, kind, fields, initialError }: { orgSlug: string; kind: CrmKind; fields: CredentialField[]; initialError: string | null }) {
  const t = useTranslations("sources.connect");
  const trpc = useTRPC();
  const router = useRouter();
  const crm = t(`crm.${kind}`);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, ""])));
  const connect = useMutation(
    trpc.sourceConnect.connect.mutationOptions({
      onSuccess: ({ sourceId }) => router.push(`/o/${orgSlug}/settings/sources/connect/${kind}?source=${sourceId}`),
    }),
  );
  const { fieldError, formError } = useMutationErrors(connect.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    connect.mutate({ orgSlug, kind, form: values });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {(formError ?? initialError) && <FormAlert kind="error">{(formError ?? initialError)!}</FormAlert>}
      <UpgradeLink error={connect.error} />
      {fields.map((field) => (
        <TextField
          key={field.name}
          id={`connect-${field.name}`}
          name={field.name}
          type={field.secret ? "password" : "text"}
          label={t(`fields.${kind}.${field.name}`)}
          hint={t(`fields.${kind}.${field.name}Hint`)}
          placeholder={field.placeholder}
          autoComplete="off"
          required={field.required}
          value={values[field.name] ?? ""}
          onChange={(event) => setValues((all) => ({ ...all, [field.name]: event.target.value }))}
          error={fieldError(field.name)}
        />
      ))}
      <PendingButton pending={connect.isPending} pendingLabel={t("credentials.pending", { crm })}>
        {t("credentials.submit")}
      </PendingButton>
    </form>
  );
}
