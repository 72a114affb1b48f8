import { router } from "../init";

export const sourcesRouter = router({});
