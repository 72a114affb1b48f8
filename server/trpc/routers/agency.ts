import { router } from "../init";

export const agencyRouter = router({});
