import { builder } from "./builder.js";
import "./enums.js";
import "./campaign.js";
import "./post.js";
import "./strategy.js";
import "./regeneration.js";
import "./events.js";

export const schema = builder.toSchema();
