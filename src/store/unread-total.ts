/** What the launcher's badge and `chat.unreadCount` show: unread messages across every conversation but muted ones. */
export const unreadTotal = (list: readonly { unread: number; muted?: boolean }[]): number =>
  list.reduce((total, item) => total + (item.muted ? 0 : item.unread), 0);
