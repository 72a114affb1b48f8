import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** For people who reach a client through its agency: show or hide the other clients' quartiles on the tiles. */
export async function BenchmarkToggle({ href, shown }: { href: string; shown: boolean }) {
  const t = await getTranslations("agency.benchmark");
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-indigo-100 bg-indigo-50 px-4 py-2 text-sm text-indigo-900">
      <span>{t(shown ? "shownHint" : "hiddenHint")}</span>
      <Link href={href} className="font-medium text-indigo-700 hover:underline" data-testid="benchmark-toggle">
        {t(shown ? "hide" : "show")}
      </Link>
    </div>
  );
}
