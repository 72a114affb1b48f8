"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { currentUserId } from "@/server/auth";
import { ZOwnOrganizationFields } from "@/server/tenancy/organization-fields";
import { createOrganization } from "@/server/tenancy/signup";
import { echoValues, fromDomainError, fromZodError, type FormState } from "./form-state";

/** A signed-in person (e.g. new from a magic link) creates an organization they own, then opens it. */
export async function createOrganizationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const userId = await currentUserId();
  if (!userId) redirect(`/sign-in?callbackUrl=${encodeURIComponent("/create-organization")}`);
  const values = echoValues(formData);
  const parsed = ZOwnOrganizationFields.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return fromZodError(parsed.error, values);
  let orgSlug: string;
  try {
    ({ orgSlug } = await createOrganization(getDb(), userId, parsed.data, await getLocale()));
  } catch (error) {
    return fromDomainError(error, values);
  }
  redirect(`/o/${orgSlug}`);
}
