import type { z } from "zod";
import { DomainError } from "@/server/errors";

/**
 * What a form's server action answers (useActionState): message keys next to fields or above the form,
 * and the values to put back, since React resets a form after its action runs. Passwords are never echoed.
 */
export type FormState = {
  fieldErrors?: Record<string, string>;
  formError?: string;
  notice?: string;
  values?: Record<string, string>;
};

/** The submitted text fields, without secrets, to refill the form. */
export function echoValues(formData: FormData, omit: string[] = ["password"]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string" && !omit.includes(key) && !key.startsWith("$")) values[key] = value;
  return values;
}

export function fromZodError(error: z.ZodError, values: Record<string, string>): FormState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
  return { fieldErrors, values };
}

/** A domain error as form state; anything else (including Next's redirect) is not ours to swallow. */
export function fromDomainError(error: unknown, values: Record<string, string>): FormState {
  if (!(error instanceof DomainError)) throw error;
  const hasFieldErrors = error.fieldErrors && Object.keys(error.fieldErrors).length > 0;
  return { fieldErrors: error.fieldErrors, formError: hasFieldErrors ? undefined : error.messageKey, values };
}
