import { importKinds, type ImportKind } from "./import-fields";

/** A header as compared: lower case, "ё" as "е", with spaces, dashes and underscores as single spaces. */
const normalize = (header: string) => header.toLowerCase().replace(/ё/g, "е").replace(/[\s_\-]+/g, " ").replace(/[*:]/g, "").trim();

/**
 * For each field of the kind, the index of the file column whose header names it (by key or a known synonym in
 * English, Russian or Ukrainian), or null. A column is suggested for one field at most.
 */
export function suggestMapping(kind: ImportKind, header: string[]): Record<string, number | null> {
  const normalized = header.map(normalize);
  const taken = new Set<number>();
  const mapping: Record<string, number | null> = {};
  for (const field of importKinds[kind].fields) {
    const names = [field.key, ...field.synonyms].map(normalize);
    const index = normalized.findIndex((name, i) => !taken.has(i) && names.includes(name));
    mapping[field.key] = index >= 0 ? index : null;
    if (index >= 0) taken.add(index);
  }
  return mapping;
}
