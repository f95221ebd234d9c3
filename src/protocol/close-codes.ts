/** Close codes a server uses when it refuses or ends a socket; clients do not reconnect on them. */
export const CLOSE_CODES = {
  /** Not a member of the conversation, or not the owner of the inbox. */
  forbidden: 4003,
  notFound: 4004,
  removed: 4010,
  /** The host deleted this user (the server API): their widget must not come back as them. */
  deleted: 4410,
  /** The room id in the URL is not a valid id. */
  badRequest: 4400,
  /** Missing, malformed, forged or expired token: get a fresh one and connect again. */
  unauthorized: 4401,
  /** The page's origin is not allowed to use this server. */
  forbiddenOrigin: 4403,
  tooManyConnections: 4429,
  /** The standard "try again later": the client reconnects with its backoff. */
  tryAgainLater: 1013,
} as const;
