import { css } from "lit";

export const chatMessageStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    --_bubble-bg: var(--chat-bubble-other-background, #eef0f3);
    --_bubble-fg: var(--chat-bubble-other-color, #14171c);
  }
  :host([own]) {
    align-items: flex-end;
    --_bubble-bg: var(--chat-bubble-own-background, var(--chat-accent-color, #3b5bdb));
    --_bubble-fg: var(--chat-bubble-own-color, #ffffff);
  }
  .meta {
    display: flex;
    gap: 6px;
    font-size: var(--chat-meta-font-size, 0.75rem);
    color: var(--chat-muted-color, #5c6370);
  }
  .sender {
    font-weight: 600;
  }
  .bubble {
    max-width: min(80%, 36rem);
    padding: var(--chat-bubble-padding, 8px 12px);
    border-radius: var(--chat-bubble-radius, 14px);
    background: var(--_bubble-bg);
    color: var(--_bubble-fg);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.4;
  }
  /* A message of attachments alone has no text to show. */
  .bubble:empty {
    display: none;
  }
  :host([status="pending"]) .bubble {
    opacity: 0.7;
  }
  :host([status="failed"]) .bubble {
    outline: 2px solid var(--chat-danger-color, #c92a2a);
  }
  .status {
    font-size: var(--chat-meta-font-size, 0.75rem);
    color: var(--chat-muted-color, #5c6370);
  }
  :host([status="failed"]) .status {
    color: var(--chat-danger-color, #c92a2a);
  }
  .retry {
    padding: 0 6px;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid currentColor;
    border-radius: 6px;
    cursor: pointer;
  }
`;
