/** A person's or conversation's picture, or their initials when there is none. */
import { html } from "lit";
import { initials } from "./format.js";

export function renderAvatar(name: string, url: string | undefined) {
  return url
    ? html`<img part="avatar" class="avatar" src=${url} alt="" loading="lazy" />`
    : html`<span part="avatar" class="avatar" aria-hidden="true">${initials(name)}</span>`;
}
