"use client";

import type { TRPCClientErrorLike } from "@trpc/client";
import { useTranslations } from "next-intl";
import type { AppRouter } from "@/server/trpc/root";
import { fieldErrorsOf } from "./field-errors";

/**
 * A failed mutation's problems, ready for a form: each field's message in the user's language (next to the
 * field), or else the whole error's message (already translated by the server) for an alert above the form.
 */
export function useMutationErrors(error: TRPCClientErrorLike<AppRouter> | null) {
  const t = useTranslations();
  const fieldErrors = fieldErrorsOf(error);
  return {
    fieldError: (field: string) => (fieldErrors[field] ? t(fieldErrors[field]) : undefined),
    formError: error && Object.keys(fieldErrors).length === 0 ? error.message : null,
  };
}
