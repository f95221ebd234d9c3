/**
 * Who may do what in a conversation: the server refuses by these rules, and the widget offers
 * only the controls they allow.
 */
import type { ConversationType, Member } from "./values.js";

type Role = Member["role"];

/** Owners and admins manage a group (add, remove, ban, rename) and delete anyone's message. */
export const canModerate = (role: Role | undefined): boolean => role === "owner" || role === "admin";

/** Whether `actor` may remove or ban `target` from a conversation of `type`. */
export const canRemove = (type: ConversationType | undefined, actor: Pick<Member, "userId" | "role"> | undefined, target: Pick<Member, "userId" | "role">): boolean =>
  type === "group" &&
  !!actor &&
  canModerate(actor.role) &&
  target.userId !== actor.userId &&
  (target.role !== "owner" || actor.role === "owner");
