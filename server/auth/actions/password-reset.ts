"use server";

import { getLocale } from "next-intl/server";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requestPasswordReset, resetPassword } from "@/server/auth/password-reset";
import { mailLinkOrigin } from "@/server/auth/request-origin";
import { ZAccountFields, ZEmail } from "@/server/tenancy/signup";
import { echoValues, fromDomainError, fromZodError, type FormState } from "./form-state";
import { signInAndOpen } from "./sign-in-and-open";

/**
 * Always answers the same. The mail goes out after the response, so a known e-mail does not answer
 * more slowly than an unknown one and the form cannot tell who has an account.
 */
export async function requestPasswordResetAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = z.object({ email: ZEmail }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, values);
  const request = { email: parsed.data.email, origin: await mailLinkOrigin(), locale: await getLocale() };
  after(() => requestPasswordReset(getDb(), request));
  return { notice: "auth.forgot.sent", values };
}

const ZReset = z.object({ token: z.string().min(1).max(200), password: ZAccountFields.shape.password });

/** Sets the new password and signs the person in with it. */
export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = ZReset.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, {});
  let email: string;
  try {
    ({ email } = await resetPassword(getDb(), parsed.data));
  } catch (error) {
    return fromDomainError(error, {});
  }
  return signInAndOpen(email, parsed.data.password, "/");
}
