import { useTranslations } from "next-intl";
import { TextField } from "@/components/auth/form-fields";

export type HolidayRow = { key: number; day: string; name: string };

/** The holiday list: a date and a name per row, rows added and removed; errors sit next to their row. */
export function HolidaysEditor({
  rows,
  onChange,
  onAdd,
  fieldError,
}: {
  rows: HolidayRow[];
  onChange: (rows: HolidayRow[]) => void;
  onAdd: () => void;
  fieldError: (field: string) => string | undefined;
}) {
  const t = useTranslations("settings.holidays");
  const update = (key: number, patch: Partial<HolidayRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-gray-700">{t("title")}</legend>
      <p className="text-xs text-gray-500">{t("hint")}</p>
      {fieldError("holidays") && <p className="text-sm text-red-600">{fieldError("holidays")}</p>}
      {rows.length === 0 && <p className="text-sm text-gray-500">{t("empty")}</p>}
      <ul className="space-y-2">
        {rows.map((row, index) => (
          <li key={row.key} className="grid gap-3 sm:grid-cols-[11rem_1fr_auto] sm:items-start">
            <TextField
              id={`holiday-${row.key}-day`}
              type="date"
              label={t("day")}
              required
              value={row.day}
              onChange={(event) => update(row.key, { day: event.target.value })}
              error={fieldError(`holidays.${index}.day`)}
            />
            <TextField
              id={`holiday-${row.key}-name`}
              label={t("name")}
              value={row.name}
              maxLength={100}
              onChange={(event) => update(row.key, { name: event.target.value })}
              error={fieldError(`holidays.${index}.name`)}
            />
            <button
              type="button"
              aria-label={t("remove", { number: index + 1 })}
              onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
              className="rounded-md px-3 py-2 text-sm text-red-700 hover:bg-red-50 sm:mt-6"
            >
              {t("removeShort")}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onAdd} className="rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-50">
        {t("add")}
      </button>
    </fieldset>
  );
}
