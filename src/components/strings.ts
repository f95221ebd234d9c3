/**
 * Every text the elements show or announce, by language: English built in; German, French,
 * Spanish and Arabic loaded when first used. An element's `strings` property overrides any of
 * them (merged over its language's table), so a host can reword one label or add a language.
 * Texts that hold a number or a name are functions.
 */
import { loadedTable } from "./languages.js";
import { launcherEn } from "./strings-launcher.js";

export const en = {
  ...launcherEn,
  connecting: "Connecting…",
  online: "Online",
  offline: "Offline — messages will be sent when you're back",
  refused: "No access",
  members: (count: number) => (count === 1 ? "1 member" : `${count} members`),
  search: "Search",
  notMember: "You are not a member of this conversation.",
  noMessages: "No messages yet. Say hello!",
  noConversation: "Choose a conversation to start chatting.",
  seen: "Seen",
  seenBy: (names: string) => `Seen by ${names}`,
  /** "alice is typing…", "alice and bob are typing…", or "several people are typing…". */
  typing: (names: string[]) =>
    names.length === 1 ? `${names[0]} is typing…` : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : "Several people are typing…",
  conversations: "Conversations",
  new: "New",
  you: "You",
  deleted: "Message deleted",
  nothingYet: "No messages yet",
  noConversations: "No conversations yet.",
  startConversation: "Start a conversation",
  unread: (count: number) => `${count} unread`,
  personOnline: "online",
  personOffline: "offline",
  sending: "Sending…",
  sent: "Sent",
  failed: "Not sent",
  retry: "Retry",
  edited: "edited",
  mentionsYou: "mentions you",
  backToConversations: "Back to conversations",
  mentions: (count: number) => (count === 1 ? "1 mention" : `${count} mentions`),
  mentionMember: "Mention a member",
  linkPreview: "Link preview:",
  earlierMessage: "an earlier message",
  inReplyTo: "In reply to",
  reactions: "Reactions",
  react: (emoji: string) => `React ${emoji}`,
  reply: "Reply",
  edit: "Edit",
  delete: "Delete",
  reallyDelete: "Really delete?",
  messageActions: "Message actions",
  download: (name: string, details: string) => `Download ${name}, ${details}`,
  placeholder: "Write a message…",
  message: "Message",
  send: "Send",
  save: "Save",
  editing: "Editing your message",
  replyingTo: "Replying to",
  cancelEdit: "Cancel editing",
  cancelReply: "Cancel reply",
  attach: "Attach files",
  attachments: "Attachments",
  tooManyFiles: (count: number) => `At most ${count} files per message.`,
  uploading: (name: string) => `Uploading ${name}`,
  cancelUpload: (name: string) => `Cancel upload of ${name}`,
  remove: (name: string) => `Remove ${name}`,
  removeButton: "Remove",
  owner: "Owner",
  admin: "Admin",
  itsYou: " (you)",
  memberList: "Members",
  userIdToAdd: "User id to add",
  userId: "User id",
  add: "Add",
  leave: "Leave conversation",
  searching: "Searching…",
  found: (count: number) => (count === 0 ? "No messages found" : count === 1 ? "1 message found" : `${count} messages found`),
  searchMessages: "Search messages",
  newConversation: "New conversation",
  direct: "One-to-one",
  group: "Group",
  joinById: "Join by id",
  personOrId: "Name or user id",
  peopleList: "People",
  chosenPeople: "Chosen people",
  conversationId: "Conversation id",
  title: "Title",
  joinable: "Anyone with the id can join",
  pickSomeone: "Choose at least one person.",
  giveOneId: "Give one conversation id.",
  cancel: "Cancel",
  join: "Join",
  create: "Create",
  useId: (id: string) => `Use id “${id}”`,
  peopleFound: (count: number) => (count === 0 ? "No one found" : count === 1 ? "1 person found" : `${count} people found`),
  loadMore: "Load more",
  peopleSearchFailed: "Could not search for people, try again.",
  findByIdOnly: "People are found by their user id here.",
  messagePerson: "Message",
  close: "Close",
  newMessages: "New messages",
  newMessagesBelow: (count: number) => (count === 1 ? "1 new message" : `${count} new messages`),
  jumpToLatest: "Jump to latest",
  /** The other person of a one-to-one conversation, under their name in the header. */
  peerOnline: "Online",
  peerOffline: "Offline",
  peerActiveAgo: (minutes: number) => (minutes < 1 ? "Active just now" : minutes < 60 ? `Active ${minutes} min ago` : `Active ${Math.floor(minutes / 60)} h ago`),
  /** The connection status while this user's own connection is down (none shows while connected). */
  youAreOffline: "You're offline — messages will be sent when you're back",
  /** Why the server (or the connection) refused a request, by error code, instead of the server's English (a code missing here shows its words). */
  errors: {
    bad_frame: "Invalid request.",
    frame_too_large: "Too large.",
    id_conflict: "Id in use.",
    forbidden: "Not allowed.",
    not_found: "Not found.",
    not_member: "You are not a member of this conversation.",
    exists: "Already exists.",
    unauthorized: "Not signed in.",
    rate_limited: "Too fast, wait a moment.",
    too_many_connections: "Too many open windows.",
    blocked_word: "A word in it is not allowed.",
    unknown_user: "Nobody uses that id.",
    with_self: "You cannot start a conversation with yourself.",
    internal: "Server error.",
    timeout: "No answer, try again.",
    closed: "Connection lost, try again.",
    push_unsupported: "This browser cannot show notifications here.",
    push_denied: "Notifications are blocked in this browser's settings.",
    push_unavailable: "This server sends no notifications.",
    push_failed: "Notifications could not be turned on.",
  },
  /** Announced once as the composer's text nears the length limit (`limit` already formatted). */
  nearLimit: (limit: string) => `Limit: ${limit} characters`,
  /** Why the composer does not send a text over the length limit. */
  tooLong: (limit: string) => `Too long: at most ${limit} characters.`,
  /** System lines in the message list; `by` is who did it (undefined: the host's backend). */
  memberAdded: (name: string, by: string) => `${by} added ${name}`,
  memberJoined: (name: string) => `${name} joined`,
  memberLeft: (name: string) => `${name} left`,
  memberRemoved: (name: string, by?: string) => (by ? `${by} removed ${name}` : `${name} was removed`),
  memberRole: (name: string, role: "owner" | "admin" | "member") =>
    role === "owner" ? `${name} is now the owner` : role === "admin" ? `${name} is now an admin` : `${name} is no longer an admin`,
  groupRenamed: (title: string, by: string) => `${by} renamed the group to “${title}”`,
  groupPictureChanged: (by: string) => `${by} changed the group picture`,
  /** The toolbar button opening the picker of more reactions, and the picker's name. */
  moreReactions: "More reactions",
  /** The popup's choice of what reaches this user while away (pushes, digests), and its levels. */
  notifications: "Notifications",
  notifyAll: "All messages",
  notifyMentions: "Mentions only",
  notifyNone: "Off",
};

export type Strings = typeof en;

/**
 * The table for a language tag ("de-AT" uses German; unknown languages English), with
 * `overrides` over it. English stands in while a language loads (or if it fails to); `loaded`
 * runs once it has.
 */
export function stringsFor(lang: string, overrides: Partial<Strings> | null, loaded: () => void): Strings {
  return { ...(loadedTable(lang, loaded) ?? en), ...overrides };
}
