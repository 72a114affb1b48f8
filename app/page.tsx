import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DemoButton } from "@/components/auth/demo-button";
import { LanguageSwitcher } from "@/components/shell/language-switcher";
import { getDb } from "@/db/client";
import { currentUserId } from "@/server/auth";
import { findDemoUser } from "@/server/auth/demo-user";
import { landingOrgSlug } from "@/server/tenancy/landing";

const features = ["roles", "funnel", "agencies"] as const;

/** Signed in: straight to their first organization (or to create one). Signed out: what the product is. */
export default async function HomePage() {
  const userId = await currentUserId();
  if (userId) {
    const slug = await landingOrgSlug(getDb(), userId);
    redirect(slug ? `/o/${slug}` : "/create-organization");
  }
  const [t, demoUser] = await Promise.all([getTranslations(), findDemoUser(getDb())]);

  return (
    <div className="flex min-h-screen flex-col bg-gray-50">
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between gap-4 px-4 py-4 sm:px-6">
        <span className="text-lg font-semibold text-blue-700">{t("common.appName")}</span>
        <div className="flex items-center gap-3">
          <LanguageSwitcher />
          <Link href="/sign-in" className="rounded-md px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-100">
            {t("marketing.signIn")}
          </Link>
        </div>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 pb-16 sm:px-6">
        <section className="py-12 text-center sm:py-20">
          <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight text-gray-900 sm:text-5xl">{t("marketing.headline")}</h1>
          <p className="mx-auto mt-6 max-w-2xl text-lg text-gray-600">{t("marketing.lead")}</p>
          <div className="mx-auto mt-10 flex max-w-md flex-col gap-3 sm:flex-row sm:justify-center">
            <Link
              href="/sign-up"
              className="rounded-md bg-blue-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              {t("marketing.signUp")}
            </Link>
            <Link
              href="/sign-in"
              className="rounded-md border border-gray-300 bg-white px-5 py-2.5 text-sm font-semibold text-gray-800 shadow-sm hover:bg-gray-50"
            >
              {t("marketing.signIn")}
            </Link>
            {demoUser && (
              <div className="sm:w-48">
                <DemoButton />
              </div>
            )}
          </div>
          {demoUser && <p className="mt-3 text-sm text-gray-500">{t("marketing.demoHint")}</p>}
        </section>
        <section aria-labelledby="features" className="grid gap-4 sm:grid-cols-3">
          <h2 id="features" className="sr-only">
            {t("marketing.featuresTitle")}
          </h2>
          {features.map((feature) => (
            <article key={feature} className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
              <h3 className="text-base font-semibold text-gray-900">{t(`marketing.features.${feature}.title`)}</h3>
              <p className="mt-2 text-sm text-gray-600">{t(`marketing.features.${feature}.text`)}</p>
            </article>
          ))}
        </section>
      </main>
      <footer className="py-6 text-center text-xs text-gray-500">{t("marketing.footer")}</footer>
    </div>
  );
}
