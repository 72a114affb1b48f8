import { getTranslations } from "next-intl/server";

export default async function HomePage() {
  const t = await getTranslations("common");
  return (
    <main className="mx-auto max-w-2xl p-10">
      <h1 className="text-3xl font-semibold">{t("appName")}</h1>
      <p className="mt-2 text-gray-600">{t("tagline")}</p>
    </main>
  );
}
