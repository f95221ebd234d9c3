/** Registers every Confab element. */
export { ChatWindow } from "./chat-window/chat-window.js";
export { ChatList } from "./chat-list/chat-list.js";
export { ChatNotifications } from "./chat-notifications/chat-notifications.js";
export { ChatMembers } from "./chat-members/chat-members.js";
export { ChatSearch } from "./chat-search/chat-search.js";
export { ChatNewConversation } from "./chat-new-conversation/chat-new-conversation.js";
export { ChatPeoplePicker, type ChatPickDetail } from "./people-picker/people-picker.js";
export { ChatPersonCard } from "./person-card/person-card.js";
export { ChatComposer, type ChatSendDetail } from "./chat-composer/chat-composer.js";
export { ChatMessageElement } from "./chat-message/chat-message.js";
export type { ChatSelectDetail, ChatItemDetail, ChatToggleDetail, ChatPersonDetail } from "./events.js";
export { ChatWidget } from "./chat-widget/chat-widget.js";
// The widget's popup code is part of everything: so dist/confab.js and the launcher load the
// rest as one chunk, in one request.
import "./chat-widget/popup.js";
