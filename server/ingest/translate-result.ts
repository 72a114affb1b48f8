import { translateKey } from "@/server/i18n";
import type { IngestResult } from "./ingest-batch";

/** The batch result with each record problem's message key turned into text in `locale` (each distinct message translated once). */
export async function translateIngestResult(result: IngestResult, locale: string): Promise<IngestResult> {
  const texts = new Map<string, Promise<string>>();
  const translate = (message: string, params?: Record<string, string | number>) => {
    const cacheKey = JSON.stringify([message, params]);
    if (!texts.has(cacheKey)) texts.set(cacheKey, translateKey(locale, message, params));
    return texts.get(cacheKey)!;
  };
  const failed = await Promise.all(
    result.failed.map(async (failure) => ({
      ...failure,
      errors: await Promise.all(failure.errors.map(async ({ path, message, params }) => ({ path, message: await translate(message, params) }))),
    })),
  );
  return { ...result, failed };
}
