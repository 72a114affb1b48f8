"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { UpgradeLink } from "@/components/billing/upgrade-link";
import { SelectField, TextField } from "@/components/auth/form-fields";
import type { Role } from "@/db/schema";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import { PendingButton } from "@/components/ui/pending-button";

export type InvitableRole = Exclude<Role, "owner">;

/** E-mail and role (never owner); sends the invitation mail and refreshes the list. */
export function InviteForm({ orgSlug, roles }: { orgSlug: string; roles: { value: InvitableRole; label: string }[] }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<InvitableRole>("manager");
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: () => {
        setEmail("");
        router.refresh();
      },
    }),
  );
  const { fieldError, formError } = useMutationErrors(invite.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ orgSlug, email, role });
  }

  return (
    <section aria-labelledby="invite-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="invite-title" className="text-base font-semibold text-gray-900">
        {t("org.inviteForm.title")}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t("org.inviteForm.hint")}</p>
      <form onSubmit={submit} className="mt-4 space-y-4" noValidate>
        {formError && <FormAlert kind="error">{formError}</FormAlert>}
        <UpgradeLink error={invite.error} />
        {invite.isSuccess && <FormAlert kind="success">{t("org.inviteForm.sent", { email: invite.data.email })}</FormAlert>}
        <div className="grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-start">
          <TextField
            id="invite-email"
            name="email"
            type="email"
            label={t("org.inviteForm.email")}
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldError("email")}
          />
          <SelectField
            id="invite-role"
            label={t("org.inviteForm.role")}
            options={roles}
            value={role}
            onChange={(event) => setRole(event.target.value as InvitableRole)}
            error={fieldError("role")}
          />
          <PendingButton pending={invite.isPending} pendingLabel={t("org.inviteForm.pending")} className="sm:mt-6">
          {t("org.inviteForm.submit")}
        </PendingButton>
        </div>
      </form>
    </section>
  );
}
