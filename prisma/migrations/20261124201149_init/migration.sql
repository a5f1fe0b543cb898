-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('PLANNING', 'GENERATING_CONTENT', 'READY', 'ACTIVE', 'FAILED');

-- CreateEnum
CREATE TYPE "PostStatus" AS ENUM ('DRAFT', 'APPROVED', 'PUBLISHED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ContentStatus" AS ENUM ('PENDING', 'GENERATING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "VariantLabel" AS ENUM ('A', 'B');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('X', 'LINKEDIN', 'INSTAGRAM', 'PRODUCT_HUNT', 'BLOG');

-- CreateEnum
CREATE TYPE "VersionKind" AS ENUM ('INITIAL', 'REGENERATION', 'RESTORE');

-- CreateEnum
CREATE TYPE "Metric" AS ENUM ('LIKES', 'RETWEETS', 'IMPRESSIONS', 'COMMENTS');

-- CreateEnum
CREATE TYPE "Comparison" AS ENUM ('LESS_THAN', 'EQUAL', 'GREATER_THAN');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "productDescription" TEXT NOT NULL,
    "gtmGoals" TEXT NOT NULL,
    "phaseCount" INTEGER NOT NULL DEFAULT 3,
    "status" "CampaignStatus" NOT NULL DEFAULT 'PLANNING',
    "statusReason" TEXT,
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "plannerModel" TEXT NOT NULL DEFAULT 'offline',
    "lastEventSequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StrategyVersion" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "VersionKind" NOT NULL,
    "fromPhase" INTEGER,
    "direction" TEXT,
    "restoredFrom" INTEGER,
    "archivedPostCount" INTEGER NOT NULL DEFAULT 0,
    "createdPostCount" INTEGER NOT NULL DEFAULT 0,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StrategyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StrategyPhase" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdInVersion" INTEGER NOT NULL,
    "archivedInVersion" INTEGER,

    CONSTRAINT "StrategyPhase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "phase" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "status" "PostStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "archivedInVersion" INTEGER,
    "copiedFromId" TEXT,
    "contentStatus" "ContentStatus" NOT NULL DEFAULT 'PENDING',
    "selectedVariant" "VariantLabel",
    "feedback" TEXT,
    "publishedAt" TIMESTAMP(3),
    "triggerText" TEXT,
    "triggerMetric" "Metric",
    "triggerComparison" "Comparison",
    "triggerValue" INTEGER,
    "triggerDurationSeconds" INTEGER,
    "triggerAction" TEXT,
    "triggerFiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostLink" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "fromId" TEXT NOT NULL,
    "toId" TEXT NOT NULL,
    "createdInVersion" INTEGER NOT NULL,
    "archivedInVersion" INTEGER,

    CONSTRAINT "PostLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentVariant" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "label" "VariantLabel" NOT NULL,
    "generation" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "mediaPath" TEXT,
    "mediaCaption" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContentVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VariantMetrics" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "label" "VariantLabel" NOT NULL,
    "likes" INTEGER NOT NULL DEFAULT 0,
    "retweets" INTEGER NOT NULL DEFAULT 0,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantMetrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventLog" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Campaign_createdAt_idx" ON "Campaign"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StrategyVersion_campaignId_number_key" ON "StrategyVersion"("campaignId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "StrategyVersion_campaignId_idempotencyKey_key" ON "StrategyVersion"("campaignId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "StrategyPhase_campaignId_archivedInVersion_idx" ON "StrategyPhase"("campaignId", "archivedInVersion");

-- CreateIndex
CREATE INDEX "Post_campaignId_isActive_phase_position_idx" ON "Post"("campaignId", "isActive", "phase", "position");

-- CreateIndex
CREATE INDEX "Post_campaignId_version_idx" ON "Post"("campaignId", "version");

-- CreateIndex
CREATE INDEX "PostLink_campaignId_archivedInVersion_idx" ON "PostLink"("campaignId", "archivedInVersion");

-- CreateIndex
CREATE INDEX "PostLink_fromId_archivedInVersion_idx" ON "PostLink"("fromId", "archivedInVersion");

-- CreateIndex
CREATE INDEX "PostLink_toId_archivedInVersion_idx" ON "PostLink"("toId", "archivedInVersion");

-- CreateIndex
CREATE UNIQUE INDEX "ContentVariant_postId_label_generation_key" ON "ContentVariant"("postId", "label", "generation");

-- CreateIndex
CREATE UNIQUE INDEX "VariantMetrics_postId_label_key" ON "VariantMetrics"("postId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "EventLog_campaignId_sequence_key" ON "EventLog"("campaignId", "sequence");

-- AddForeignKey
ALTER TABLE "StrategyVersion" ADD CONSTRAINT "StrategyVersion_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyPhase" ADD CONSTRAINT "StrategyPhase_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostLink" ADD CONSTRAINT "PostLink_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostLink" ADD CONSTRAINT "PostLink_fromId_fkey" FOREIGN KEY ("fromId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostLink" ADD CONSTRAINT "PostLink_toId_fkey" FOREIGN KEY ("toId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentVariant" ADD CONSTRAINT "ContentVariant_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VariantMetrics" ADD CONSTRAINT "VariantMetrics_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventLog" ADD CONSTRAINT "EventLog_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
