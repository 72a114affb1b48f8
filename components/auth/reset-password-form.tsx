"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { resetPasswordAction } from "@/server/auth/actions/password-reset";
import { FormAlert } from "./form-alert";
import { TextField } from "./form-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("auth.reset");
  const [state, action] = useActionState(resetPasswordAction, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <TextField
        id="reset-password"
        name="password"
        type="password"
        label={t("password")}
        autoComplete="new-password"
        required
        minLength={8}
        hint={t("passwordHint")}
        error={messages.fieldError("password")}
      />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
