"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createOrganizationAction } from "@/server/auth/actions/create-organization";
import { FormAlert } from "./form-alert";
import { OrganizationFields, type CurrencyOption } from "./organization-fields";
import { SubmitButton } from "./submit-button";
import { useFormMessages } from "./use-form-messages";

export function CreateOrganizationForm({ currencies }: { currencies: CurrencyOption[] }) {
  const t = useTranslations("org.create");
  const [state, action] = useActionState(createOrganizationAction, {});
  const messages = useFormMessages(state);
  return (
    <form action={action} className="space-y-4" noValidate>
      {messages.formError && <FormAlert kind="error">{messages.formError}</FormAlert>}
      <OrganizationFields currencies={currencies} values={state.values} fieldError={messages.fieldError} />
      <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
