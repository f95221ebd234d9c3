/** A person's or conversation's picture, or their initials when there is none. */
import { html } from "lit";
import { initials } from "./format.js";
import type { Strings } from "./strings.js";

/** Only http(s) pictures are shown, whatever the server sent. */
const isWebUrl = (url: string | undefined): url is string => Boolean(url && /^https?:\/\//i.test(url));

/** The avatar, with a presence dot when `online` is known. */
export function renderAvatar(t: Strings, name: string, url: string | undefined, online?: boolean) {
  const avatar = isWebUrl(url)
    ? html`<img part="avatar" class="avatar" src=${url} alt="" loading="lazy" />`
    : html`<span part="avatar" class="avatar" aria-hidden="true">${initials(name)}</span>`;
  if (online === undefined) return avatar;
  return html`<span class="avatar-frame"
    >${avatar}<span part=${online ? "presence presence-online" : "presence"} class="presence" role="img" aria-label=${online ? t.personOnline : t.personOffline}></span
  ></span>`;
}
