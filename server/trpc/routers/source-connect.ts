import { z } from "zod";
import { funnelSteps } from "@/db/schema";
import { crmKinds } from "@/server/sources/connector";
import { connectSource } from "@/server/sources/connect/connect-source";
import { completeOAuth, oauthAvailable, oauthStartUrl } from "@/server/sources/connect/connect-oauth";
import { credentialForms } from "@/server/sources/connect/credential-forms";
import { crmPipelinesForMapping } from "@/server/sources/connect/crm-pipelines";
import { startFirstSync, syncProgress } from "@/server/sources/connect/first-sync";
import { saveSourceMapping } from "@/server/sources/connect/save-mapping";
import { orgProcedure, router } from "../init";

const ZKind = z.enum(crmKinds, "errors.field.invalid");
const ZSourceId = z.number().int().positive();
const ZText = z.string().trim().min(1, "errors.field.required").max(500, "errors.field.tooLong");
const ZMapping = z.object({
  pipelines: z
    .array(
      z.object({
        externalId: ZText,
        name: ZText,
        stages: z
          .array(z.object({ externalId: ZText, name: ZText, step: z.enum(funnelSteps).nullable(), probability: z.number().min(0).max(100).nullable() }))
          .max(500),
      }),
    )
    .max(200),
});

/** The connect wizard: credentials (token form or OAuth), the CRM's pipelines to map, the first sync's progress. */
export const sourceConnectRouter = router({
  /** The token form's fields for a CRM, and whether "Connect with <CRM>" (OAuth) is offered. */
  form: orgProcedure("data.manage")
    .input(z.object({ kind: ZKind }))
    .query(({ input }) => ({ fields: credentialForms[input.kind].fields, oauth: oauthAvailable(input.kind) })),

  connect: orgProcedure("data.manage")
    .input(z.object({ kind: ZKind, form: z.record(z.string().max(50), z.string().max(2000)) }))
    .mutation(({ ctx, input }) => connectSource(ctx.db, ctx.org.id, input.kind, input.form)),

  /** The CRM's consent page to send the person to (GET /api/sources/oauth/{kind}/start redirects there). */
  oauthStart: orgProcedure("data.manage")
    .input(z.object({ kind: ZKind, accountHint: z.string().trim().max(200).optional() }))
    .mutation(({ ctx, input }) => ({ url: oauthStartUrl(ctx.org.slug, input.kind, { accountHint: input.accountHint }) })),

  /** Called by the OAuth callback route after it verified the signed state names this org. */
  completeOAuth: orgProcedure("data.manage")
    .input(z.object({ kind: ZKind, query: z.record(z.string().max(100), z.string().max(4000)) }))
    .mutation(({ ctx, input }) => completeOAuth(ctx.db, ctx.org.id, input.kind, input.query)),

  pipelines: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZSourceId }))
    .query(({ ctx, input }) => crmPipelinesForMapping(ctx.db, ctx.org.id, input.sourceId)),

  saveMapping: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZSourceId, mapping: ZMapping }))
    .mutation(({ ctx, input }) => saveSourceMapping(ctx.db, ctx.org.id, input.sourceId, input.mapping)),

  startSync: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZSourceId }))
    .mutation(({ ctx, input }) => startFirstSync(ctx.db, ctx.org.id, input.sourceId)),

  progress: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZSourceId }))
    .query(({ ctx, input }) => syncProgress(ctx.db, ctx.org.id, input.sourceId)),
});
