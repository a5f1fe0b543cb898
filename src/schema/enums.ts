import {
  AbDimension,
  CampaignStatus,
  Comparison,
  ContentStatus,
  Metric,
  Platform,
  PostStatus,
  VariantLabel,
  VersionKind,
} from "../generated/prisma/enums.js";
import { builder } from "./builder.js";

/** The contract's enums, registered from the Prisma enums so the two cannot drift apart. */
export const CampaignStatusEnum = builder.enumType(CampaignStatus, { name: "CampaignStatus" });
export const PostStatusEnum = builder.enumType(PostStatus, { name: "PostStatus" });
export const ContentStatusEnum = builder.enumType(ContentStatus, { name: "ContentStatus" });
export const VariantLabelEnum = builder.enumType(VariantLabel, { name: "VariantLabel" });
export const PlatformEnum = builder.enumType(Platform, { name: "Platform" });
export const VersionKindEnum = builder.enumType(VersionKind, { name: "VersionKind" });
export const MetricEnum = builder.enumType(Metric, { name: "Metric" });
export const ComparisonEnum = builder.enumType(Comparison, { name: "Comparison" });
export const AbDimensionEnum = builder.enumType(AbDimension, {
  name: "AbDimension",
  description: "What variants A and B of a post differ in on purpose, so that the A/B test measures one thing.",
});
