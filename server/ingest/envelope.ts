import { z } from "zod";

/** A push API request body: `{ "records": [ … ] }`; each record is checked by its kind's schema later, one by one. */
export const ZIngestEnvelope = z.object({ records: z.array(z.unknown()) });
