"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signInWithPassword } from "@/server/auth/actions/sign-in";
import { FormAlert } from "./form-alert";
import { TextField } from "./form-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

/** E-mail and password; `fixedEmail` when the address is already known (an invitation). */
export function SignInForm({ callbackUrl, fixedEmail }: { callbackUrl: string; fixedEmail?: string }) {
  const t = useTranslations("auth.signIn");
  const [state, action] = useActionState(signInWithPassword, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="sign-in-email"
        name="email"
        type="email"
        label={t("email")}
        autoComplete="email"
        required
        readOnly={Boolean(fixedEmail)}
        defaultValue={fixedEmail ?? state.values?.email}
        error={messages.fieldError("email")}
      />
      <TextField
        id="sign-in-password"
        name="password"
        type="password"
        label={t("password")}
        autoComplete="current-password"
        required
        error={messages.fieldError("password")}
      />
      <div className="flex justify-end">
        <Link href="/forgot-password" className="text-sm font-medium text-blue-600 hover:text-blue-700">
          {t("forgotPassword")}
        </Link>
      </div>
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
