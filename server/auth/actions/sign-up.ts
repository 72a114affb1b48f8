"use server";

import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { signUp, ZSignUp } from "@/server/tenancy/signup";
import { echoValues, fromDomainError, fromZodError, type FormState } from "./form-state";
import { signInAndOpen } from "./sign-in-and-open";

/** Creates the account with its organization, signs the person in and opens the organization. */
export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = ZSignUp.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, values);
  let orgSlug: string;
  try {
    ({ orgSlug } = await signUp(getDb(), parsed.data, await getLocale()));
  } catch (error) {
    return fromDomainError(error, values);
  }
  return signInAndOpen(parsed.data.email, parsed.data.password, `/o/${orgSlug}`);
}
