"use client";

import { useTranslations } from "next-intl";
import type { SourceMessage } from "@/server/sources/connector";

/**
 * A sync's message in the user's language. Keys are relative to the sources namespace ("errors.http.unauthorized"),
 * or full keys of sources and the ingest record checks ("sources.crm.…", "apiKeys.record.…").
 */
export function useSourceMessage() {
  const t = useTranslations();
  return (message: SourceMessage) => {
    const key = /^(sources|apiKeys)\./.test(message.key) ? message.key : `sources.${message.key}`;
    return t.has(key) ? t(key, message.values) : message.key;
  };
}
