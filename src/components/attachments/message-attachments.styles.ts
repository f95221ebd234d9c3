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
    border-radius: var(--_bubble-radius);
  }
  .attachments a {
    display: grid;
    padding: var(--_bubble-padding);
    color: inherit;
    border: 1px solid var(--_border);
    border-radius: var(--_bubble-radius);
    overflow-wrap: anywhere;
  }
  .attachments .name {
    font-weight: 600;
  }
`;
