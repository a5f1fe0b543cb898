/** Hash routes: `#/` the campaign list, `#/campaigns/<id>` a campaign's canvas. */
export type Route = { name: "list" } | { name: "campaign"; id: string };

function parse(hash: string): Route {
  const match = hash.match(/^#\/campaigns\/([^/?#]+)/);
  return match?.[1] ? { name: "campaign", id: decodeURIComponent(match[1]) } : { name: "list" };
}

export const router = $state({ route: parse(window.location.hash) });
window.addEventListener("hashchange", () => {
  router.route = parse(window.location.hash);
});

export const campaignHref = (id: string) => `#/campaigns/${encodeURIComponent(id)}`;
