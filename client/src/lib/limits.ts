// The server's own input limits (pure modules of src/domain), so that the canvas refuses before
// sending exactly what the API would refuse, and a changed limit changes both.
export { BRIEF_LIMITS } from "../../../src/domain/brief.js";
export { FOLLOW_UP_LIMITS } from "../../../src/domain/follow-up.js";
export { INPUT_LIMITS } from "../../../src/domain/limits.js";
export { PLAN_LIMITS } from "../../../src/domain/plan.js";
export { TRIGGER_LIMITS } from "../../../src/domain/trigger.js";
