import { describe, expect, it } from "vitest";
import { buildTemplate } from "./build-template";
import { importKindNames, importKinds } from "./import-fields";
import { previewImport } from "./preview-import";

describe("buildTemplate", () => {
  it.each(importKindNames.flatMap((kind) => [[kind, "csv"], [kind, "xlsx"]] as const))("%s %s has every field and maps onto itself", async (kind, format) => {
    const preview = await previewImport(kind, await buildTemplate(kind, format));
    const keys = importKinds[kind].fields.map((field) => field.key);
    expect(preview.header).toEqual(keys);
    expect(preview.rowCount).toBe(1);
    expect(Object.values(preview.mapping)).toEqual(keys.map((_, i) => i));
  });
});
