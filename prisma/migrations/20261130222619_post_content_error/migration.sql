-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "contentError" TEXT;
