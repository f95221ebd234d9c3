/**
 * The bodies and queries the server API (`/api/v1`, src/server/api/api.ts) accepts, as valibot
 * schemas built from the wire format's own pieces, so a value the widget would refuse is
 * refused here too. openapi.yaml describes the same shapes for other languages.
 */
import * as v from "valibot";
import {
  NotifyLevel,
  Avatar,
  ConversationId,
  ConversationType,
  LIMITS,
  Metadata,
  MessageId,
  MessageText,
  Mentions,
  Role,
  Seq,
  Title,
  UserId,
  plainLabel,
} from "../../protocol/index.js";

const Name = v.pipe(v.string(), v.transform(plainLabel), v.minLength(1, "name must not be empty"), v.maxLength(LIMITS.titleLength));

/** `PUT /users/:userId`: the profile conversations show for this user. */
export const UserBody = v.object({
  name: Name,
  avatar: v.optional(v.nullable(Avatar)),
  metadata: v.optional(Metadata),
});
export type UserBody = v.InferOutput<typeof UserBody>;

/** `PUT /users/:userId/notifications`: what reaches the user while away (pushes and digests). */
export const NotificationsBody = v.object({ level: NotifyLevel });

const MemberSpec = v.object({ userId: UserId, role: v.optional(Role) });

/** `POST /conversations`. One-to-one: exactly two members, id derived from the pair. */
export const CreateConversationBody = v.object({
  type: ConversationType,
  id: v.optional(ConversationId),
  title: v.optional(Title),
  avatar: v.optional(Avatar),
  metadata: v.optional(Metadata),
  joinable: v.optional(v.boolean()),
  members: v.pipe(v.array(MemberSpec), v.minLength(1, "name at least one member"), v.maxLength(LIMITS.groupMembers)),
});
export type CreateConversationBody = v.InferOutput<typeof CreateConversationBody>;

/** `PATCH /conversations/:id`: what is given changes; `avatar: null` removes it. */
export const UpdateConversationBody = v.object({
  title: v.optional(Title),
  avatar: v.optional(v.nullable(Avatar)),
  metadata: v.optional(Metadata),
  joinable: v.optional(v.boolean()),
  liveTyping: v.optional(v.boolean()),
});
export type UpdateConversationBody = v.InferOutput<typeof UpdateConversationBody>;

/** `PUT /conversations/:id/members/:userId`: adds the user, or changes their role. */
export const MemberBody = v.object({ role: v.optional(Role, "member") });

/**
 * `POST /conversations/:id/messages`: from a member (`userId`), or from the conversation
 * itself (`system: true`). `id` makes a retry safe: a known id is answered with the stored
 * message, as the widget's resend is.
 */
export const PostMessageBody = v.pipe(
  v.object({
    id: v.optional(MessageId),
    userId: v.optional(UserId),
    system: v.optional(v.boolean()),
    text: MessageText,
    metadata: v.optional(Metadata),
    mentions: v.optional(Mentions),
    replyTo: v.optional(MessageId),
  }),
  v.check((body) => body.text.trim().length > 0, "text: message text must not be empty"),
  v.check((body) => (body.system === true) !== (body.userId !== undefined), "give either userId (a member posts) or system: true, not both"),
);
export type PostMessageBody = v.InferOutput<typeof PostMessageBody>;

const QuerySeq = v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), Seq);

/** `GET /conversations/:id/messages?before=&after=&limit=`: the widget's history pages. */
export const MessagesQuery = v.pipe(
  v.object({
    before: v.optional(QuerySeq),
    after: v.optional(QuerySeq),
    limit: v.optional(
      v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(1), v.maxValue(LIMITS.historyPageSize)),
      "50",
    ),
  }),
  v.check((query) => query.before === undefined || query.after === undefined, "give before or after, not both"),
);
export type MessagesQuery = v.InferOutput<typeof MessagesQuery>;

/** `GET /conversations/:id/search?q=&limit=&userId=`: messages matching the words of `q`, newest first (as `userId` sees them). */
export const SearchQuery = v.object({
  q: v.pipe(v.string(), v.maxLength(LIMITS.searchQueryLength)),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(1), v.maxValue(LIMITS.searchResults)),
    "20",
  ),
  userId: v.optional(UserId),
});

/** Most users one page of `GET /users` holds. */
export const USERS_PAGE_SIZE = 100;

/**
 * `GET /users?q=&cursor=&limit=`: every user in the directory (the host sees all, whatever
 * DIRECTORY_VISIBILITY says), found by `q` as the widget's search finds them. `cursor` is the
 * `next` of the page before.
 */
export const UsersQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.peopleQueryLength, `q: a directory search is at most ${LIMITS.peopleQueryLength} characters`)), ""),
  cursor: v.optional(v.pipe(v.string(), v.minLength(1, "cursor: give the `next` of the page before, or no cursor"), v.maxLength(512, "cursor: not one this server gave"))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(1), v.maxValue(USERS_PAGE_SIZE)),
    "50",
  ),
});

/** `DELETE /users/:id?erase=messages`: with `erase=messages`, every message they sent is deleted too. */
export const DeleteUserQuery = v.object({
  erase: v.optional(v.picklist(["messages"], "erase: the one thing to erase is messages (erase=messages)")),
});

/** `POST /users/:userId/clock`, development servers only (TEST_CLOCK): how far the Inbox's clock moves on, up to a week. */
export const ClockBody = v.object({
  advanceSeconds: v.pipe(v.number(), v.minValue(0, "advanceSeconds must not be negative"), v.maxValue(7 * 24 * 60 * 60, "advanceSeconds is at most a week")),
});
