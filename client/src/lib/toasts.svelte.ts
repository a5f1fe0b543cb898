export interface Toast {
  id: number;
  text: string;
  kind: "info" | "error";
}

/** Short messages at the corner of the screen ("Version 2: 6 posts archived, 7 new"). */
export const toasts = $state<Toast[]>([]);
let next = 1;

export function toast(text: string, kind: Toast["kind"] = "info", ms = 6000) {
  const id = next++;
  toasts.push({ id, text, kind });
  setTimeout(() => {
    const at = toasts.findIndex((t) => t.id === id);
    if (at >= 0) toasts.splice(at, 1);
  }, ms);
}
