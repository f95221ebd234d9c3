/** A person's or conversation's picture, or their initials when there is none. */
import { html } from "lit";
import { initials } from "./format.js";

/** Only http(s) pictures are shown, whatever the server sent. */
const isWebUrl = (url: string | undefined): url is string => Boolean(url && /^https?:\/\//i.test(url));

export function renderAvatar(name: string, url: string | undefined) {
  return isWebUrl(url)
    ? html`<img part="avatar" class="avatar" src=${url} alt="" loading="lazy" />`
    : html`<span part="avatar" class="avatar" aria-hidden="true">${initials(name)}</span>`;
}
