import { router } from "../init";

export const apiKeysRouter = router({});
