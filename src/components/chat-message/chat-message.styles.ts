import { css } from "lit";

export const chatMessageStyles = css`
  :host {
    position: relative;
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
  p {
    margin: auto;
    color: var(--chat-muted-color, #5c6370);
    font-size: 0.85em;
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
  code,
  pre {
    font-family: ui-monospace, monospace;
    /* A tint of the text colour reads on both the light and the accent bubble. */
    background: color-mix(in srgb, currentColor 12%, transparent);
    border-radius: 4px;
  }
  code {
    padding: 0 3px;
  }
  pre {
    margin: 4px 0;
    padding: 6px 8px;
    overflow-x: auto;
  }
  a {
    color: var(--chat-link-color, var(--chat-accent-color, #3b5bdb));
  }
  :host([own]) a {
    color: inherit;
  }
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--chat-focus-color, var(--chat-accent-color, #3b5bdb));
    outline-offset: 1px;
  }
  /* On the accent-coloured bubble an accent ring would not show. */
  :host([own]) .bubble a:focus-visible {
    outline-color: currentColor;
  }
  .preview {
    display: grid;
    gap: 2px;
    max-width: min(80%, 24rem);
    padding: var(--chat-bubble-padding, 8px 12px);
    border: 1px solid var(--chat-border-color, #dde1e6);
    border-inline-start: 3px solid var(--chat-accent-color, #3b5bdb);
    border-radius: 6px;
    color: inherit;
    text-decoration: none;
    overflow-wrap: anywhere;
    font-size: 0.9em;
  }
  /* Open Graph pictures are drawn for 1.91:1; a fixed box keeps the list from jumping as one loads. */
  .preview-image {
    width: 100%;
    aspect-ratio: 1.91;
    object-fit: cover;
    border-radius: 4px;
  }
  .preview-site,
  .preview-description {
    color: var(--chat-muted-color, #5c6370);
  }
  .preview-site {
    font-size: 0.85em;
  }
  .preview-title {
    font-weight: 600;
    color: var(--chat-link-color, var(--chat-accent-color, #3b5bdb));
  }
  .preview:hover .preview-title {
    text-decoration: underline;
  }
  .mention {
    font-weight: 600;
    border-radius: 4px;
    padding: 0 2px;
    background: color-mix(in srgb, currentColor 12%, transparent);
  }
  /* Dark text on a light tint: it reads on the accent bubble too. */
  .mention[part~="mention-me"] {
    background: var(--chat-mention-background, #ffe066);
    color: var(--chat-mention-color, #14171c);
  }
  :host([mentioned]) .bubble {
    background: var(--chat-mention-bubble-background, #fff3bf);
    color: var(--chat-bubble-other-color, #14171c);
    box-shadow: inset 3px 0 0 var(--chat-mention-accent, #e67700);
  }
  /* A message of attachments alone has no text to show. */
  .bubble:empty {
    display: none;
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

  .quote {
    max-width: min(80%, 36rem);
    padding: 2px 8px;
    font: inherit;
    font-size: var(--chat-meta-font-size, 0.75rem);
    text-align: start;
    color: var(--chat-muted-color, #5c6370);
    background: none;
    border: 0;
    border-inline-start: 3px solid var(--chat-border-color, #d0d7e2);
    cursor: pointer;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .name {
    font-weight: 600;
  }
  [part~="bubble-deleted"] {
    font-style: italic;
  }
  .reactions,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .reaction,
  .actions button {
    padding: 1px 6px;
    font: inherit;
    font-size: var(--chat-meta-font-size, 0.75rem);
    color: inherit;
    background: var(--chat-background, #ffffff);
    border: 1px solid var(--chat-border-color, #d0d7e2);
    border-radius: 999px;
    cursor: pointer;
  }
  .reaction[aria-pressed="true"] {
    border-color: var(--chat-accent-color, #3b5bdb);
    background: var(--chat-reaction-own-background, #e7ecfd);
  }
  /* The toolbar floats over the message above, so showing it never moves the list. */
  .actions {
    position: absolute;
    inset-block-start: -12px;
    inset-inline-end: 0;
    z-index: 1;
    opacity: 0;
    pointer-events: none;
  }
  :host([own]) .actions {
    inset-inline: 0 auto;
  }
  :host(:hover) .actions,
  .actions:focus-within {
    opacity: 1;
    pointer-events: auto;
  }
  .seen,
  [part~="edited"] {
    font-size: var(--chat-meta-font-size, 0.75rem);
    color: var(--chat-muted-color, #5c6370);
  }
`;
