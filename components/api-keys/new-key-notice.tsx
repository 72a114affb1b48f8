"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** The freshly created key, with a copy button and the warning that it will not be shown again. */
export function NewKeyNotice({ name, secret }: { name: string; secret: string }) {
  const t = useTranslations();
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }

  return (
    <div role="status" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
      <p className="font-medium text-amber-900">{t("apiKeys.created.title", { name })}</p>
      <p className="mt-1 text-amber-800">{t("apiKeys.created.warning")}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code data-testid="new-api-key" className="break-all rounded bg-white px-2 py-1 font-mono text-gray-900 ring-1 ring-amber-200">
          {secret}
        </code>
        <button type="button" onClick={copy} className="rounded-md bg-white px-3 py-1 font-medium text-gray-900 ring-1 ring-gray-300 hover:bg-gray-50">
          {copied ? t("apiKeys.created.copied") : t("apiKeys.created.copy")}
        </button>
      </div>
    </div>
  );
}
