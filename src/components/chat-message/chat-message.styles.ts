import { css } from "lit";

export const chatMessageStyles = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    --_bubble-radius: var(--chat-bubble-radius, 14px);
    --_bubble-padding: var(--chat-bubble-padding, var(--_space) calc(var(--_space) * 1.5));
    --_bubble-bg: var(--chat-bubble-other-background, light-dark(#eef0f3, #2c2e33));
    --_bubble-fg: var(--chat-bubble-other-color, var(--_fg));
  }
  :host([own]) {
    align-items: flex-end;
    --_bubble-bg: var(--chat-bubble-own-background, var(--_accent));
    --_bubble-fg: var(--chat-bubble-own-color, var(--_on-accent));
  }
  p {
    margin: auto;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .meta {
    display: flex;
    gap: 6px;
    font-size: var(--_small);
    color: var(--_muted);
  }
  .sender {
    padding: 0;
    font: inherit;
    font-weight: 600;
    color: inherit;
    background: none;
    border: none;
  }
  button.sender:hover {
    text-decoration: underline;
    cursor: pointer;
  }
  .bubble {
    max-width: min(80%, 36rem);
    padding: var(--_bubble-padding);
    border-radius: var(--_bubble-radius);
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
    color: var(--chat-link-color, var(--_accent));
  }
  :host([own]) a {
    color: inherit;
  }
  button:focus-visible,
  a:focus-visible,
  [role="option"]:focus-visible {
    outline: 2px solid var(--_focus);
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
    border: 1px solid var(--_border);
    border-inline-start: 3px solid var(--_accent);
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
    color: var(--_muted);
  }
  .preview-site {
    font-size: 0.85em;
  }
  .preview-title {
    font-weight: 600;
    color: var(--chat-link-color, var(--_accent));
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
    outline: 2px solid var(--_danger);
  }
  .status {
    font-size: var(--_small);
    color: var(--_muted);
  }
  :host([status="failed"]) .status {
    color: var(--_danger);
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
    font-size: var(--_small);
    text-align: start;
    color: var(--_muted);
    background: none;
    border: 0;
    border-inline-start: 3px solid var(--_border);
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
    font-size: var(--_small);
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  .reaction[aria-pressed="true"] {
    border-color: var(--_accent);
    background: var(--chat-reaction-own-background, var(--_selected));
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
  /* The picker of more reactions opens below the toolbar, over the message: 8 emoji a row. */
  [role="listbox"] {
    position: absolute;
    inset-block-start: 16px;
    inset-inline-end: 0;
    z-index: 2;
    display: grid;
    grid-template-columns: repeat(8, 2rem);
    line-height: 2rem;
    text-align: center;
    background: var(--_bg);
    border: 1px solid var(--_border);
  }
  /* In a list that moves focus between messages, the message itself takes focus. */
  :host(:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
    border-radius: 4px;
  }
  /* A message just jumped to: marked for a moment, fading out unless motion is reduced. */
  :host([highlighted]) .bubble {
    box-shadow: 0 0 0 3px var(--_focus);
  }
  @media (prefers-reduced-motion: no-preference) {
    :host([highlighted]) .bubble {
      animation: highlight 2s ease-in forwards;
    }
  }
  @keyframes highlight {
    to {
      box-shadow: 0 0 0 3px transparent;
    }
  }
  :host(:hover) .actions,
  :host(:focus-visible) .actions,
  .actions:focus-within {
    opacity: 1;
    pointer-events: auto;
  }
  .seen,
  [part~="edited"] {
    font-size: var(--_small);
    color: var(--_muted);
  }

  /* A group reads as one block: tight inside, the usual gap between groups. */
  :host([continued]) {
    margin-block-start: calc(2px - var(--chat-message-gap, var(--_space)));
  }
  /* Others' messages leave a column for the avatar, drawn beside the group's last message. */
  :host([avatars]:not([own])) {
    --_avatar-space: calc(var(--_avatar-size) + 8px);
    padding-inline-start: var(--_avatar-space);
  }
  :host {
    --_avatar-size: var(--chat-message-avatar-size, 1.75rem);
  }
  [part~="avatar"] {
    position: absolute;
    inset-inline-start: 0;
    inset-block-end: 0;
    width: var(--_avatar-size);
    height: var(--_avatar-size);
    font-size: 0.6875rem;
  }
  /* The corners between a group's bubbles tighten, as Messenger and TalkJS draw them. */
  :host([continued]:not([own])) .bubble {
    border-start-start-radius: 4px;
  }
  :host([followed]:not([own])) .bubble {
    border-end-start-radius: 4px;
  }
  :host([continued][own]) .bubble {
    border-start-end-radius: 4px;
  }
  :host([followed][own]) .bubble {
    border-end-end-radius: 4px;
  }
`;
