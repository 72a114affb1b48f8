"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { acceptInvitationAction } from "@/server/auth/actions/invitation";
import { FormAlert } from "./form-alert";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

export function AcceptInvitationForm({ token }: { token: string }) {
  const t = useTranslations("org.invite");
  const [state, action] = useActionState(acceptInvitationAction, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4">
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel={t("accepting")}>{t("accept")}</SubmitButton>
    </form>
  );
}
