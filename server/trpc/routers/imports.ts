import { z } from "zod";
import { buildTemplate } from "@/server/imports/build-template";
import { importKindNames, importKinds } from "@/server/imports/import-fields";
import { MAX_FILE_BYTES } from "@/server/imports/parse-file";
import { previewImport } from "@/server/imports/preview-import";
import { runImport } from "@/server/imports/run-import";
import { translateImportResult } from "@/server/imports/translate-import-result";
import { orgProcedure, router } from "../init";

/** The file as base64 (the browser reads it with FileReader); 10 MB of bytes is at most ~13.4 MB of base64. */
const ZFile = z
  .string()
  .max(Math.ceil(MAX_FILE_BYTES / 3) * 4 + 4, "imports.file.tooBigUpload")
  .transform((base64) => new Uint8Array(Buffer.from(base64, "base64")));
const ZKind = z.enum(importKindNames as [string, ...string[]]).transform((kind) => kind as (typeof importKindNames)[number]);

export const importsRouter = router({
  /** Each kind's fields, in template order, for the mapping screen. */
  fields: orgProcedure("data.manage").query(() =>
    importKindNames.map((kind) => ({ kind, fields: importKinds[kind].fields.map(({ key, required }) => ({ key, required: Boolean(required) })) })),
  ),

  /** The template file as base64; GET /api/imports/template/{kind} serves it as a download. */
  template: orgProcedure("data.manage")
    .input(z.object({ kind: ZKind, format: z.enum(["csv", "xlsx"]) }))
    .query(async ({ input }) => Buffer.from(await buildTemplate(input.kind, input.format)).toString("base64")),

  preview: orgProcedure("data.manage")
    .input(z.object({ kind: ZKind, file: ZFile }))
    .mutation(({ input }) => previewImport(input.kind, input.file)),

  run: orgProcedure("data.manage")
    .input(
      z.object({
        kind: ZKind,
        file: ZFile,
        mapping: z.record(z.string().max(100), z.number().int().min(0).max(1000).nullable()),
        skipInvalid: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }) => translateImportResult(await runImport(ctx.db, ctx.org.id, input), ctx.locale)),
});
