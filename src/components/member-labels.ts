/**
 * How members are named where people read or pick them: by their display name, and by name
 * and id when another member goes by the same name (ignoring case), so two "Alex"es (or a
 * look-alike posing as the owner) can be told apart. Pure: used by the members panel and the
 * message list.
 */
export interface NamedMember {
  userId: string;
  name: string;
}

/** Each member's label by user id. */
export function memberLabels(members: readonly NamedMember[]): Map<string, string> {
  const key = (name: string) => name.trim().toLocaleLowerCase();
  const counts = new Map<string, number>();
  for (const member of members) counts.set(key(member.name), (counts.get(key(member.name)) ?? 0) + 1);
  return new Map(members.map((member) => [member.userId, (counts.get(key(member.name)) ?? 0) > 1 ? `${member.name} (${member.userId})` : member.name]));
}
