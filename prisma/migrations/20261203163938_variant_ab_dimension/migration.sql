-- CreateEnum
CREATE TYPE "AbDimension" AS ENUM ('HOOK', 'ANGLE', 'CTA', 'LENGTH', 'TONE');

-- AlterTable
ALTER TABLE "ContentVariant" ADD COLUMN     "abDimension" "AbDimension",
ADD COLUMN     "approach" TEXT;
