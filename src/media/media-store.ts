import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";

/** Where the HTTP server serves media from. */
export const MEDIA_PREFIX = "/media/";

/** Media files under one directory (MEDIA_DIR), addressed by a relative path such as `<campaign>/<post>/g1-A.svg`. */
export interface MediaStore {
  readonly dir: string;
  /** Writes the file whole (a reader never sees half of it); the same path again replaces it. */
  save(relativePath: string, bytes: Buffer): Promise<void>;
}

export function createMediaStore(dir: string): MediaStore {
  return {
    dir,
    async save(relativePath, bytes) {
      const target = normalize(join(dir, relativePath));
      if (!target.startsWith(dir + sep)) throw new Error(`media path escapes the media directory: ${relativePath}`);
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.${process.pid}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, target);
    },
  };
}

/** Where a variant's image lives, relative to the media directory. Ids are UUIDs: nothing to escape. */
export const variantMediaPath = (campaignId: string, postId: string, generation: number, label: string, extension: string) =>
  `${campaignId}/${postId}/g${generation}-${label}.${extension}`;

/** The URL a client loads a stored media path from. */
export const mediaUrl = (mediaPath: string | null) =>
  mediaPath ? `${MEDIA_PREFIX}${mediaPath.split("/").map(encodeURIComponent).join("/")}` : null;
