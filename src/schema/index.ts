import { builder } from "./builder.js";
import "./enums.js";
import "./campaign.js";
import "./post.js";
import "./strategy.js";
import "./regeneration.js";
import "./events.js";
import "./follow-up.js";
import "./review.js";
import "./metrics.js";
import "./triggers.js";

export const schema = builder.toSchema();
