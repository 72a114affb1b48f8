import { router } from "../init";

export const customMetricsRouter = router({});
