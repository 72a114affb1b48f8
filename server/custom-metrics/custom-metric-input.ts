import { z } from "zod";
import { customMetricAggregation, customMetricGranularity, customMetricUnit, metricDirection } from "@/db/schema";

const ZName = z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong");

export const ZCustomMetricFields = z.object({
  name: ZName,
  unit: z.enum(customMetricUnit.enumValues, "errors.field.invalid"),
  direction: z.enum(metricDirection.enumValues, "errors.field.invalid"),
  aggregation: z.enum(customMetricAggregation.enumValues, "errors.field.invalid"),
  granularity: z.enum(customMetricGranularity.enumValues, "errors.field.invalid"),
});
export type CustomMetricFields = z.output<typeof ZCustomMetricFields>;

export const ZCustomMetricId = z.number().int().positive();

/** The id a custom metric has in dashboards, plans and the API: `custom.` and a slug of its name. */
export const customMetricKeyPattern = /^custom\.[a-z0-9_]{1,60}$/;

export function customMetricKey(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[а-яёіїєґ]/g, (letter) => cyrillicToLatin[letter] ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 50);
  return `custom.${slug || "metric"}`;
}

const cyrillicToLatin: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", є: "ye", ё: "yo", ж: "zh", з: "z", и: "i", і: "i", ї: "yi",
  й: "y", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts",
  ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};

/** One entered value; null clears it. repId null: the org-wide value. */
export const ZCustomMetricValue = z.object({
  repId: z.number().int().positive().nullable(),
  periodStart: z.iso.date("errors.field.invalid"),
  value: z.number("customMetrics.errors.notANumber").min(-1e14, "customMetrics.errors.tooLarge").max(1e14, "customMetrics.errors.tooLarge").nullable(),
});
export type CustomMetricValueInput = z.output<typeof ZCustomMetricValue>;

/** Which stretch of time the value grid shows: a year of months, a quarter of weeks or a month of days. */
export const ZValueGridQuery = z.object({
  metricId: ZCustomMetricId,
  /** Any day inside the stretch; the grid starts at its year (months), quarter (weeks) or month (days). */
  anchor: z.iso.date("errors.field.invalid"),
});
