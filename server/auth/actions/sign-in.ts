"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/server/auth";
import { safeCallbackPath } from "@/server/auth/callback-path";
import { DEMO_ORG_SLUG } from "@/server/auth/demo-user";
import { ZEmail } from "@/server/tenancy/signup";
import { echoValues, fromZodError, type FormState } from "./form-state";

const ZPasswordForm = z.object({ email: ZEmail, password: z.string().min(1, "errors.field.required").max(200, "errors.field.tooLong") });

/** Sign-in with e-mail and password. A successful signIn throws Next's redirect, which must propagate. */
export async function signInWithPassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = ZPasswordForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, values);
  try {
    await signIn("password", { ...parsed.data, redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const locked = error instanceof CredentialsSignin && error.code === "locked";
    return { formError: locked ? "auth.signIn.locked" : "auth.signIn.invalid", values };
  }
  return {};
}

/**
 * Mails a magic link, then shows "check your e-mail". Auth.js would redirect to its own /api/auth/verify-request,
 * which the client router cannot render after an action, so this redirects to the page itself.
 */
export async function sendSignInLink(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = z.object({ email: ZEmail }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, values);
  try {
    await signIn("email", { email: parsed.data.email, redirectTo: safeCallbackPath(formData.get("callbackUrl")), redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return { formError: "errors.internal", values };
  }
  redirect("/sign-in/check-email");
}

/** Signs in as the shared demo viewer and opens the demo company. */
export async function exploreDemo(): Promise<void> {
  try {
    await signIn("demo", { redirectTo: `/o/${DEMO_ORG_SLUG}` });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    redirect("/sign-in");
  }
}
