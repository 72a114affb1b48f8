"use client";

import { useTranslations } from "next-intl";
import { FormAlert } from "@/components/auth/form-alert";

type Result = {
  created: number;
  updated: number;
  unchanged: number;
  written: boolean;
  failed: { row: number; errors: { field: string; message: string }[] }[];
};

/** The counts of an import and the rows it refused, each with its spreadsheet row number and the reasons. */
export function ImportResult({ result }: { result: Result }) {
  const t = useTranslations("imports.page");
  return (
    <section aria-labelledby="result-title" className="space-y-3">
      <h3 id="result-title" className="text-base font-semibold text-gray-900">{t("resultTitle")}</h3>
      {result.written ? (
        <FormAlert kind="success">{t("imported", { created: result.created, updated: result.updated, unchanged: result.unchanged })}</FormAlert>
      ) : (
        <FormAlert kind="error">{t("nothingWritten", { failed: result.failed.length })}</FormAlert>
      )}
      {result.failed.length > 0 && (
        <table className="min-w-full text-left text-sm">
          <caption className="mb-1 text-left font-medium text-gray-700">{t("errorsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col" className="w-20 py-1 text-gray-500">{t("row")}</th>
              <th scope="col" className="py-1 text-gray-500">{t("reason")}</th>
            </tr>
          </thead>
          <tbody>
            {result.failed.slice(0, 500).map(({ row, errors }) => (
              <tr key={row} className="border-t border-gray-100 align-top">
                <td className="py-1">{row}</td>
                <td className="py-1">{errors.map(({ field, message }) => (field ? `${field}: ${message}` : message)).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
