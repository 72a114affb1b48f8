import { translateKey } from "@/server/i18n";
import type { ImportResult } from "./run-import";

/** The result with each row problem's message key as text in `locale` (each distinct message translated once). */
export async function translateImportResult(result: ImportResult, locale: string) {
  const texts = new Map<string, Promise<string>>();
  const translate = (message: string, params?: Record<string, string | number>) => {
    const cacheKey = JSON.stringify([message, params]);
    if (!texts.has(cacheKey)) texts.set(cacheKey, translateKey(locale, message, params));
    return texts.get(cacheKey)!;
  };
  const failed = await Promise.all(
    result.failed.map(async ({ row, errors }) => ({
      row,
      errors: await Promise.all(errors.map(async ({ path, message, params }) => ({ field: path, message: await translate(message, params) }))),
    })),
  );
  return { ...result, failed };
}
