import { router } from "../init";

export const kpiRouter = router({});
