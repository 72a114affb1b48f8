import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/api-keys/api-keys";
import { orgProcedure, router } from "../init";

const ZKeyName = z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong");

export const apiKeysRouter = router({
  list: orgProcedure("data.manage").query(({ ctx }) => listApiKeys(ctx.db, ctx.org.id)),

  /** The returned `key` is the only time the secret is ever shown. */
  create: orgProcedure("data.manage")
    .input(z.object({ name: ZKeyName }))
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.org.id, { name: input.name, createdBy: ctx.userId })),

  revoke: orgProcedure("data.manage")
    .input(z.object({ keyId: z.uuid("errors.field.invalid") }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.org.id, input.keyId)),
});
