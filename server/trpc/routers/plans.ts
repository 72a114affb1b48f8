import { router } from "../init";

export const plansRouter = router({});
