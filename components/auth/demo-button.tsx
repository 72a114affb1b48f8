"use client";

import { useTranslations } from "next-intl";
import { exploreDemo } from "@/server/auth/actions/sign-in";
import { SubmitButton } from "./submit-button";

/** "Explore the demo": signs in as the shared demo viewer. Render it only when the demo account exists. */
export function DemoButton({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  const t = useTranslations("auth.demo");
  return (
    <form action={exploreDemo}>
      <SubmitButton variant={variant} pendingLabel={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
