/**
 * French, Spanish and Arabic: each table loads when an element first needs it, words counts by
 * the language's plural rules (Arabic's six forms), and a language Confab lacks reads English.
 */
import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import "../../src/components/chat-window/chat-window.js";
import type { ChatWindow } from "../../src/components/chat-window/chat-window.js";
import { ar } from "../../src/components/strings-ar.js";
import { es } from "../../src/components/strings-es.js";
import { fr } from "../../src/components/strings-fr.js";
import { en } from "../../src/components/strings.js";
import { fakeChat, fakeConversation, makeMember, makeMessage, makeMeta } from "./fake-chat.js";
import { part, settle } from "./helpers.js";

async function renderWindow(lang: string): Promise<ChatWindow> {
  const handle = fakeConversation("c-1", {
    meta: makeMeta("c-1", { type: "group", title: "Team" }),
    members: [makeMember("me", { name: "Me" }), makeMember("bob", { name: "Bob" })],
    messages: [makeMessage({ senderId: "bob", senderName: "Bob", text: "Hi" }), makeMessage({ senderId: "me", senderName: "Me", text: "Hello" })],
  });
  const chat = fakeChat({ userId: "me", handles: [handle] });
  const box = await fixture<HTMLDivElement>(html`<div style="height: 500px; width: 400px">
    <chat-window .chat=${chat} conversation="c-1" lang=${lang}></chat-window>
  </div>`);
  const element = box.querySelector("chat-window")!;
  await element.updateComplete;
  await settle();
  return element;
}

const text = (element: Element) => element.textContent!.trim();

describe("languages", () => {
  for (const [lang, search, members, placeholder, send] of [
    ["fr", "Rechercher", "2 membres", "Écrire un message…", "Envoyer"],
    ["es-MX", "Buscar", "2 miembros", "Escribe un mensaje…", "Enviar"],
    ["ar", "بحث", "عضوان", "اكتب رسالة…", "إرسال"],
  ] as const) {
    it(`speaks ${lang} in the window, its member count and its composer`, async () => {
      const element = await renderWindow(lang);
      await waitUntil(() => text(part(element, "search-toggle")) === search, `${lang} loaded`);
      await settle();
      expect(text(part(element, "members-button"))).to.equal(members);
      const composer = part(element, "composer");
      expect(part<HTMLTextAreaElement>(composer, "input").placeholder).to.contain(placeholder);
      expect(text(part(composer, "send-button"))).to.equal(send);
    });
  }

  it("falls back to English for a language it does not have, region or not", async () => {
    for (const lang of ["pt-BR", "zz"]) {
      const element = await renderWindow(lang);
      await settle();
      expect(text(part(element, "search-toggle"))).to.equal("Search");
      expect(text(part(element, "members-button"))).to.equal("2 members");
    }
  });

  it("words Arabic counts in all six plural forms", () => {
    const digits = (count: number) => new Intl.NumberFormat("ar").format(count);
    expect([0, 1, 2, 3, 11, 100].map(ar.members)).to.deep.equal([
      "لا أعضاء",
      "عضو واحد",
      "عضوان",
      `${digits(3)} أعضاء`,
      `${digits(11)} عضوًا`,
      `${digits(100)} عضو`,
    ]);
    expect(ar.found(0)).to.equal("لم يُعثر على رسائل");
    expect(ar.newMessagesBelow(2)).to.equal("رسالتان جديدتان");
    expect(ar.peerActiveAgo(5)).to.equal(`نشط منذ ${digits(5)} دقائق`);
  });

  it("words French and Spanish counts by their plural rules, zero included", () => {
    expect([0, 1, 2].map(fr.members)).to.deep.equal(["0 membre", "1 membre", "2 membres"]);
    expect([0, 1, 5].map(fr.found)).to.deep.equal(["Aucun message trouvé", "1 message trouvé", "5 messages trouvés"]);
    expect([0, 1, 2].map(es.members)).to.deep.equal(["0 miembros", "1 miembro", "2 miembros"]);
    expect(es.tooManyFiles(10)).to.equal("Como máximo 10 archivos por mensaje.");
  });

  it("translates every key of the English table", () => {
    for (const table of [fr, es, ar]) expect(Object.keys(table).sort()).to.deep.equal(Object.keys(en).sort());
  });
});
