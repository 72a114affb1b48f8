"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signUpAction } from "@/server/auth/actions/sign-up";
import { FormAlert } from "./form-alert";
import { TextField } from "./form-fields";
import { OrganizationFields, type CurrencyOption } from "./organization-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

export function SignUpForm({ currencies }: { currencies: CurrencyOption[] }) {
  const t = useTranslations("auth.signUp");
  const [state, action] = useActionState(signUpAction, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <TextField id="sign-up-name" name="name" label={t("name")} autoComplete="name" required defaultValue={state.values?.name} error={messages.fieldError("name")} />
      <TextField
        id="sign-up-email"
        name="email"
        type="email"
        label={t("email")}
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={messages.fieldError("email")}
      />
      <TextField
        id="sign-up-password"
        name="password"
        type="password"
        label={t("password")}
        autoComplete="new-password"
        required
        minLength={8}
        hint={t("passwordHint")}
        error={messages.fieldError("password")}
      />
      <fieldset className="space-y-4 border-t border-gray-200 pt-4">
        <legend className="pr-2 text-sm font-semibold text-gray-900">{t("companySection")}</legend>
        <OrganizationFields currencies={currencies} values={state.values} fieldError={messages.fieldError} />
      </fieldset>
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
