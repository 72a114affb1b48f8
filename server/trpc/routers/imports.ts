import { router } from "../init";

export const importsRouter = router({});
