"use client";

import { useTranslations } from "next-intl";

export type ImportFieldInfo = { key: string; required: boolean };
export type Mapping = Record<string, number | null>;

/** A select per target field listing the file's columns (prefilled by the suggestion), and the file's first rows. */
export function ColumnMapping({
  fields,
  header,
  rows,
  rowCount,
  mapping,
  onChange,
}: {
  fields: ImportFieldInfo[];
  header: string[];
  rows: string[][];
  rowCount: number;
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
}) {
  const t = useTranslations("imports.page");
  return (
    <div className="space-y-4">
      <section aria-labelledby="mapping-title" className="space-y-2">
        <h3 id="mapping-title" className="text-base font-semibold text-gray-900">{t("mappingTitle")}</h3>
        <p className="text-sm text-gray-600">{t("mappingHelp")}</p>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {fields.map((field) => (
            <div key={field.key}>
              <label htmlFor={`map-${field.key}`} className="block text-sm font-medium text-gray-700">
                {field.key}
                {field.required && " *"}
              </label>
              <select
                id={`map-${field.key}`}
                value={mapping[field.key] ?? ""}
                onChange={(event) => onChange({ ...mapping, [field.key]: event.target.value === "" ? null : Number(event.target.value) })}
                className="mt-1 block w-full rounded-md border border-gray-300 px-2 py-1.5 text-sm"
              >
                <option value="">{t("notImported")}</option>
                {header.map((name, index) => (
                  <option key={index} value={index}>
                    {name || `#${index + 1}`}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="preview-title" className="space-y-2">
        <h3 id="preview-title" className="text-base font-semibold text-gray-900">{t("previewTitle", { count: rowCount })}</h3>
        <div className="overflow-x-auto rounded-md border border-gray-200">
          <table className="min-w-full text-left text-xs">
            <thead className="bg-gray-50">
              <tr>
                <th scope="col" className="px-2 py-1 text-gray-500">{t("row")}</th>
                {header.map((name, index) => (
                  <th key={index} scope="col" className="px-2 py-1 font-medium text-gray-700">{name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((cells, rowIndex) => (
                <tr key={rowIndex} className="border-t border-gray-100">
                  <td className="px-2 py-1 text-gray-500">{rowIndex + 2}</td>
                  {cells.map((cell, index) => (
                    <td key={index} className="whitespace-nowrap px-2 py-1">{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
