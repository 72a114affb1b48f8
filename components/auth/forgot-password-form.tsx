"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { requestPasswordResetAction } from "@/server/auth/actions/password-reset";
import { FormAlert } from "./form-alert";
import { TextField } from "./form-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

export function ForgotPasswordForm() {
  const t = useTranslations("auth.forgot");
  const [state, action] = useActionState(requestPasswordResetAction, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      {messages.notice && <FormAlert kind="success">{messages.notice}</FormAlert>}
      <TextField
        id="forgot-email"
        name="email"
        type="email"
        label={t("email")}
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={messages.fieldError("email")}
      />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
