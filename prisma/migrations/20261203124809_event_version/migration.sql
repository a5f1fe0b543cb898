-- AlterTable: every event carries the campaign's version when it was committed.
ALTER TABLE "EventLog" ADD COLUMN     "version" INTEGER;

-- Events logged before this column: versions only go up, and every change of version logged a
-- StrategyRegenerated event (and every PostCreated its version), so an event's version is the
-- highest one logged up to it, or 1.
UPDATE "EventLog" AS e SET "version" = COALESCE(
  (SELECT MAX((p."payload"->>'version')::int) FROM "EventLog" AS p
    WHERE p."campaignId" = e."campaignId" AND p."sequence" <= e."sequence" AND p."payload" ? 'version'),
  1);

ALTER TABLE "EventLog" ALTER COLUMN "version" SET NOT NULL;
