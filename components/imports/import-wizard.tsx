"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type ChangeEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { useTRPC } from "@/lib/trpc/client";
import { ColumnMapping, type ImportFieldInfo, type Mapping } from "./column-mapping";
import { ImportResult } from "./import-result";

type KindFields = { kind: string; fields: ImportFieldInfo[] };
type ImportKind = "deals" | "stage-events" | "activities" | "spend" | "quotas";

/** The file's bytes as base64, as the import procedures take them. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

const button = "rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 disabled:cursor-wait disabled:opacity-70";
const link = "rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-50";

/** Choose a kind → download its template → upload a file → map columns with a preview → import → counts and row errors. */
export function ImportWizard({ orgSlug, kinds }: { orgSlug: string; kinds: KindFields[] }) {
  const t = useTranslations("imports");
  const trpc = useTRPC();
  const [kind, setKind] = useState<ImportKind>("deals");
  const [file, setFile] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const preview = useMutation(trpc.imports.preview.mutationOptions({ onSuccess: (data) => setMapping(data.mapping) }));
  const run = useMutation(trpc.imports.run.mutationOptions());
  const fields = kinds.find((k) => k.kind === kind)?.fields ?? [];

  const reset = () => {
    preview.reset();
    run.reset();
  };
  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    reset();
    const chosen = event.target.files?.[0];
    if (!chosen) return setFile(null);
    const base64 = await readAsBase64(chosen);
    setFile(base64);
    preview.mutate({ orgSlug, kind, file: base64 });
  }
  function chooseKind(next: ImportKind) {
    setKind(next);
    reset();
    if (file) preview.mutate({ orgSlug, kind: next, file });
  }
  const template = (format: "csv" | "xlsx") => `/api/imports/template/${kind}?format=${format}&org=${encodeURIComponent(orgSlug)}`;
  const error = preview.error?.message ?? run.error?.message;

  return (
    <div className="space-y-6 rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="import-kind" className="block text-sm font-medium text-gray-700">{t("page.kind")}</label>
          <select
            id="import-kind"
            value={kind}
            onChange={(event) => chooseKind(event.target.value as ImportKind)}
            className="mt-1 block rounded-md border border-gray-300 px-2 py-1.5 text-sm"
          >
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>{t(`kinds.${k.kind as ImportKind}`)}</option>
            ))}
          </select>
        </div>
        <div className="flex gap-2" role="group" aria-label={t("page.template")}>
          <a href={template("csv")} download className={link}>{t("page.templateCsv")}</a>
          <a href={template("xlsx")} download className={link}>{t("page.templateXlsx")}</a>
        </div>
        <div>
          <label htmlFor="import-file" className="block text-sm font-medium text-gray-700">{t("page.file")}</label>
          <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={chooseFile} className="mt-1 block text-sm" />
        </div>
      </div>
      {preview.isPending && <p className="text-sm text-gray-600">{t("page.reading")}</p>}
      {error && <FormAlert kind="error">{error}</FormAlert>}
      {preview.data && file && (
        <>
          <ColumnMapping fields={fields} header={preview.data.header} rows={preview.data.rows} rowCount={preview.data.rowCount} mapping={mapping} onChange={setMapping} />
          <div className="flex flex-wrap items-center gap-4">
            <label className="flex items-center gap-2 text-sm text-gray-700">
              <input type="checkbox" checked={skipInvalid} onChange={(event) => setSkipInvalid(event.target.checked)} />
              {t("page.skipInvalid")}
            </label>
            <button type="button" disabled={run.isPending} className={button} onClick={() => run.mutate({ orgSlug, kind, file, mapping, skipInvalid })}>
              {run.isPending ? t("page.importing") : t("page.import")}
            </button>
          </div>
        </>
      )}
      {run.data && <ImportResult result={run.data} />}
    </div>
  );
}
