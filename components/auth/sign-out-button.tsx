"use client";

import { useTranslations } from "next-intl";
import { useFormStatus } from "react-dom";
import { signOutAction } from "@/server/auth/actions/sign-out";

function Button() {
  const t = useTranslations("common.nav");
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded-md px-3 py-1.5 text-sm font-medium text-gray-600 hover:bg-gray-100 hover:text-gray-900 disabled:opacity-60"
    >
      {t("signOut")}
    </button>
  );
}

/** Signs out and goes to the sign-in page, or back to `returnTo` (a path on this site); fits in the header. */
export function SignOutButton({ returnTo }: { returnTo?: string }) {
  return (
    <form action={signOutAction}>
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
      <Button />
    </form>
  );
}
