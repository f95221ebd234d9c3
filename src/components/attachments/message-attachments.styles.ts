import { css } from "lit";

export const messageAttachmentStyles = css`
  .attachments {
    display: flex;
    flex-direction: column;
    align-items: inherit;
    gap: 4px;
    max-width: min(80%, 36rem);
  }
  .attachments img {
    max-width: 100%;
    height: auto;
    max-height: var(--chat-attachment-max-height, 20rem);
    object-fit: contain;
    border-radius: var(--chat-bubble-radius, 14px);
  }
  .attachments a {
    display: grid;
    padding: var(--chat-bubble-padding, 8px 12px);
    color: inherit;
    border: 1px solid var(--chat-border-color, #dde1e6);
    border-radius: var(--chat-bubble-radius, 14px);
    overflow-wrap: anywhere;
  }
  .attachments .name {
    font-weight: 600;
  }
`;
