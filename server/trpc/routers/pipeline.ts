import { router } from "../init";

export const pipelineRouter = router({});
