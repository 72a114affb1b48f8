"use client";

import { useTranslations } from "next-intl";
import type { FormState } from "@/server/auth/actions/form-state";

/** Translates the message keys in a form action's answer: per field, and the form-wide error or notice. */
export function useFormMessages(state: FormState) {
  const t = useTranslations();
  const translate = (key: string | undefined) => (key ? t(key) : undefined);
  return {
    fieldError: (field: string) => translate(state.fieldErrors?.[field]),
    formError: translate(state.formError),
    notice: translate(state.notice),
  };
}
