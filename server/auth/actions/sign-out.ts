"use server";

import { signOut } from "@/server/auth";
import { safeCallbackPath } from "@/server/auth/callback-path";

/** Signs out; the form may name a page on this site to return to (else the sign-in page). */
export async function signOutAction(formData: FormData): Promise<void> {
  const returnTo = formData.get("returnTo");
  await signOut({ redirectTo: returnTo ? safeCallbackPath(returnTo) : "/sign-in" });
}
