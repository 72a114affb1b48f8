"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { sendSignInLink } from "@/server/auth/actions/sign-in";
import { FormAlert } from "./form-alert";
import { TextField } from "./form-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

export function MagicLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth.magicLink");
  const [state, action] = useActionState(sendSignInLink, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      <div>
        <h2 className="text-sm font-semibold text-gray-900">{t("title")}</h2>
        <p className="mt-1 text-sm text-gray-600">{t("hint")}</p>
      </div>
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="magic-link-email"
        name="email"
        type="email"
        label={t("email")}
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={messages.fieldError("email")}
      />
      <SubmitButton variant="secondary" pendingLabel={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
