import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// The canvas: built into client/dist, which the server serves at /. `npm run dev` serves it with
// hot reload and forwards the API (HTTP and WebSocket) and media to `npm start` on port 4000.
const api = process.env.PHASEWISE_API ?? "http://127.0.0.1:4000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [svelte({ compilerOptions: { runes: true } })],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    port: 5173,
    proxy: { "/graphql": { target: api, ws: true }, "/media": api },
  },
});
