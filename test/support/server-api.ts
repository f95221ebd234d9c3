/** The server API as a host's backend calls it, for server tests: JSON in, status and JSON out. */
import { TEST_VARS, type TestServer } from "./server-clients.js";

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

/** Calls `server`'s API with the test API key (`key` null: none, another string: that one). */
export function apiOf(server: () => TestServer) {
  return async function api<T = any>(method: string, path: string, body?: unknown, key: string | null = TEST_VARS.API_KEY!): Promise<ApiAnswer<T>> {
    const response = await fetch(`${server().server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
