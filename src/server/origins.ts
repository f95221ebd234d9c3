/**
 * Which pages may use this server: ALLOWED_ORIGINS is a comma-separated list of origins, or
 * `*` (the default) for any. Requests without an Origin header come from servers, not pages,
 * and are judged by their token alone.
 */
export function originAllowed(request: Request, env: Cloudflare.Env): boolean {
  const origin = request.headers.get("origin");
  const allowed = (env.ALLOWED_ORIGINS ?? "*").split(",").map((entry) => entry.trim());
  return origin === null || allowed.includes("*") || allowed.includes(origin);
}

/** CORS headers for an allowed page calling the HTTP endpoints. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "86400",
    vary: "origin",
  };
}
