"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentUserId } from "@/server/auth";
import { acceptInvitation, signUpWithInvitation } from "@/server/tenancy/invitations";
import { ZAccountFields } from "@/server/tenancy/signup";
import { echoValues, fromDomainError, fromZodError, type FormState } from "./form-state";
import { signInAndOpen } from "./sign-in-and-open";

const ZToken = z.string().min(1).max(200);

/** The signed-in person accepts and opens the organization. */
export async function acceptInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const token = ZToken.parse(formData.get("token"));
  const userId = await currentUserId();
  if (!userId) redirect(`/invite/${encodeURIComponent(token)}`);
  let orgSlug: string;
  try {
    ({ orgSlug } = await acceptInvitation(getDb(), token, userId));
  } catch (error) {
    return fromDomainError(error, {});
  }
  redirect(`/o/${orgSlug}`);
}

/** Someone new creates an account for the invited e-mail (no organization of their own) and joins. */
export async function signUpWithInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = ZAccountFields.extend({ token: ZToken }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, values);
  let joined: { email: string; orgSlug: string };
  try {
    joined = await signUpWithInvitation(getDb(), parsed.data.token, parsed.data, await getLocale());
  } catch (error) {
    return fromDomainError(error, values);
  }
  return signInAndOpen(joined.email, parsed.data.password, `/o/${joined.orgSlug}`);
}
