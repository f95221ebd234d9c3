/** Rendered on the server for every request: the chat server's host from the environment, the user from the address. */
import { env } from "$env/dynamic/private";

export function load({ url }) {
  const user = url.searchParams.get("user") ?? "sven";
  return { host: env.CONFAB_HOST ?? "127.0.0.1:8787", user, name: user[0].toUpperCase() + user.slice(1) };
}
