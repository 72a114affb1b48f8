import type { ImportKind } from "./import-fields";
import { parseFile } from "./parse-file";
import { suggestMapping } from "./suggest-mapping";

export const PREVIEW_ROWS = 20;

/** What the mapping screen shows: the file's header, the suggested mapping, the first rows as text and the row count. */
export async function previewImport(kind: ImportKind, file: Uint8Array) {
  const { header, rows } = await parseFile(file);
  const asText = (cell: unknown) => (cell === null ? "" : cell instanceof Date ? cell.toISOString().replace(".000Z", "Z") : String(cell));
  return {
    header,
    mapping: suggestMapping(kind, header),
    rows: rows.slice(0, PREVIEW_ROWS).map((cells) => header.map((_, i) => asText(cells[i] ?? null))),
    rowCount: rows.length,
  };
}
