import { router } from "../init";

export const sourceConnectRouter = router({});
