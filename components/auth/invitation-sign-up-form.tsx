"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signUpWithInvitationAction } from "@/server/auth/actions/invitation";
import { FormAlert } from "./form-alert";
import { TextField } from "./form-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

/** Sign-up for someone invited: the e-mail is the invitation's and cannot be changed. */
export function InvitationSignUpForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations();
  const [state, action] = useActionState(signUpWithInvitationAction, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <TextField id="invite-email" type="email" label={t("auth.signUp.email")} value={email} readOnly error={messages.fieldError("email")} />
      <TextField
        id="invite-name"
        name="name"
        label={t("auth.signUp.name")}
        autoComplete="name"
        required
        defaultValue={state.values?.name}
        error={messages.fieldError("name")}
      />
      <TextField
        id="invite-password"
        name="password"
        type="password"
        label={t("auth.signUp.password")}
        autoComplete="new-password"
        required
        minLength={8}
        hint={t("auth.signUp.passwordHint")}
        error={messages.fieldError("password")}
      />
      <SubmitButton pendingLabel={t("org.invite.signUpPending")}>{t("org.invite.signUpSubmit")}</SubmitButton>
    </form>
  );
}
