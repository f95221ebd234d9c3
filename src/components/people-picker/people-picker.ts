import { html, nothing } from "lit";
import { LIMITS } from "../../protocol/limits.js";
import type { Chat, PeopleSearchOptions, Person } from "../../store/index.js";
import { renderAvatar } from "../avatar.js";
import { ConfabElement } from "../confab-element.js";
import { defineElement } from "../define.js";
import { emit } from "../events.js";
import { LatestOnly, movedIndex, peopleOptions, type PersonOption } from "./people-options.js";
import { peoplePickerStyles } from "./people-picker.styles.js";

/** How long typing pauses before the directory is searched. */
const SEARCH_DELAY_MS = 150;

export interface ChatPickDetail {
  person: Person;
}

const optionId = (index: number) => `person-option-${index}`;

/**
 * Finds people by a part of their name or their id, as a combobox over a listbox of the
 * directory's answers (avatar, name, presence, id), with "Use id “x”" for an id no search finds.
 * With `multiple`, picked people stay as removable chips before the input.
 *
 * @tag chat-people-picker
 * @summary Find and pick people.
 * @attr lang - The language of its texts; the holding element passes its own.
 * @event chat-pick - A person was picked: `detail.person`.
 * @csspart input - The text field.
 * @csspart list - The list of people found.
 * @csspart person - Each person offered (`person-active` the highlighted one, `person-typed` the "Use id" option).
 * @csspart avatar - A person's picture or initials.
 * @csspart presence - The dot saying whether a person is online (`presence-online` when they are).
 * @csspart status - How many people were found, or why none are.
 * @csspart more-button - Loads the next page of people.
 * @csspart chips - The people picked, with `multiple`.
 * @csspart chip - A person picked: a button that removes them.
 */
export class ChatPeoplePicker extends ConfabElement {
  static styles = peoplePickerStyles;

  static properties = {
    ...ConfabElement.properties,
    chat: { attribute: false },
    multiple: { type: Boolean },
    label: {},
    picked: { attribute: false },
    text: { state: true },
    found: { state: true },
    searched: { state: true },
    next: { state: true },
    active: { state: true },
    open: { state: true },
    status: { state: true },
  };

  chat: Chat | null = null;
  /** Picks several people, kept as chips; otherwise each pick only emits `chat-pick`. */
  multiple = false;
  /** The text field's label. */
  label = "";
  /** The people picked, with `multiple`. */
  picked: Person[] = [];
  private text = "";
  private found: Person[] = [];
  /** The text `found` answers; while it differs from `text` a newer search is on its way. */
  private searched = "";
  private next: string | undefined;
  /** Whether the last answer said the host lets everyone be found. */
  private everyone = false;
  private active = -1;
  private open = false;
  private status = "";
  /** Enter came before the newest answer: pick its first option once it is in. */
  private pickOnAnswer = false;
  private readonly latest = new LatestOnly();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.addEventListener("focusout", (event) => {
      if (!this.renderRoot.contains(event.relatedTarget as Node | null)) this.open = false;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.latest.cancel();
  }

  /** Moves focus to the text field, once it is rendered. */
  override focus(): void {
    if (this.input) this.input.focus();
    else void this.updateComplete.then(() => this.input?.focus());
  }

  private get input(): HTMLInputElement | null {
    return this.renderRoot.querySelector("input");
  }

  /** Forgets the text, what it found and, with `multiple`, the people picked. */
  clear(): void {
    this.picked = [];
    this.setText("");
  }

  private get options(): PersonOption[] {
    return peopleOptions(this.found, this.text, this.picked, this.chat?.user.userId ?? "", this.everyone);
  }

  private setText(text: string): void {
    this.text = text;
    if (this.input) this.input.value = text;
    this.active = -1;
    this.pickOnAnswer = false;
    clearTimeout(this.timer);
    this.open = Boolean(text.trim());
    if (!this.open) {
      this.latest.cancel();
      this.found = [];
      this.searched = "";
      this.status = "";
      return;
    }
    this.timer = setTimeout(() => void this.search(), SEARCH_DELAY_MS);
  }

  /** Searches for the text (the page after `cursor` when given); only the newest answer shows. */
  private async search(cursor?: string): Promise<void> {
    if (!this.chat) return;
    const text = this.text.trim();
    const newest = this.latest.begin();
    const options: PeopleSearchOptions | undefined = cursor ? { cursor } : undefined;
    try {
      const page = await this.chat.users.search(text, options);
      if (!newest()) return;
      this.found = cursor ? [...this.found, ...page.people] : page.people;
      this.next = page.next;
      this.everyone = page.visibility === "everyone";
      this.status = this.found.length || page.visibility !== "nobody" ? this.t.peopleFound(this.found.length) : this.t.findByIdOnly;
      if (!cursor) this.active = this.options.length ? 0 : -1;
    } catch {
      if (!newest()) return;
      if (!cursor) this.found = [];
      this.next = undefined;
      this.status = this.t.peopleSearchFailed;
    }
    this.searched = text;
    const first = this.options[0];
    if (this.pickOnAnswer && first) this.pick(first);
    this.pickOnAnswer = false;
  }

  private loadMore(): void {
    if (this.next && this.searched === this.text.trim()) void this.search(this.next);
  }

  private pick(option: PersonOption): void {
    const { person } = option;
    if (this.multiple) {
      this.picked = [...this.picked, person];
      this.setText("");
    } else {
      this.open = false;
    }
    emit<ChatPickDetail>(this, "chat-pick", { person });
  }

  private unpick(person: Person): void {
    this.picked = this.picked.filter((other) => other.id !== person.id);
    this.focus();
  }

  private handleKey(event: KeyboardEvent): void {
    if (event.isComposing) return;
    const options = this.open ? this.options : [];
    const moved = movedIndex(event.key, this.active, options.length);
    if (moved !== undefined) {
      event.preventDefault();
      if (event.key === "ArrowDown" && this.active === options.length - 1) this.loadMore();
      this.active = moved;
      this.updateComplete.then(() => this.renderRoot.querySelector(`#${optionId(moved)}`)?.scrollIntoView({ block: "nearest" }));
    } else if (event.key === "ArrowDown" && this.text.trim()) {
      event.preventDefault();
      this.open = true;
    } else if (event.key === "Enter") {
      event.preventDefault();
      const option = options[this.active];
      if (this.searched === this.text.trim()) {
        if (option) this.pick(option);
      } else if (this.text.trim()) {
        // An answer to older text is showing: search now, and pick from the newest answer.
        this.pickOnAnswer = true;
        clearTimeout(this.timer);
        void this.search();
      }
    } else if (event.key === "Escape" && this.open) {
      event.preventDefault();
      this.open = false;
    } else if (event.key === "Backspace" && !this.text && this.multiple && this.picked.length) {
      this.picked = this.picked.slice(0, -1);
    }
  }

  private handleScroll(event: Event): void {
    const list = event.target as HTMLElement;
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 24) this.loadMore();
  }

  private renderOption(option: PersonOption, index: number) {
    const { person, typed } = option;
    const t = this.t;
    const parts = ["person", index === this.active && "person-active", typed && "person-typed"].filter(Boolean).join(" ");
    // The avatar comes last in reading order (first on screen): "Bob Stone, bob, online".
    return html`<li
      id=${optionId(index)}
      part=${parts}
      role="option"
      aria-selected=${index === this.active ? "true" : "false"}
      @mousedown=${(event: MouseEvent) => event.preventDefault()}
      @click=${() => this.pick(option)}
    >
      <span class="text"
        ><bdi class="name">${typed ? t.useId(person.id) : person.name}</bdi>${typed ? nothing : html`<span class="id">${person.id}</span>`}</span
      >${renderAvatar(t, person.name, person.avatar, typed ? undefined : person.online)}
    </li>`;
  }

  render() {
    const t = this.t;
    const options = this.open ? this.options : [];
    const expanded = options.length > 0;
    return html`
      ${this.multiple && this.picked.length
        ? html`<ul part="chips" class="chips" aria-label=${t.chosenPeople}>
            ${this.picked.map(
              (person) => html`<li>
                <button part="chip" class="chip" type="button" aria-label=${t.remove(person.name)} @click=${() => this.unpick(person)}>
                  <bdi>${person.name}</bdi><span aria-hidden="true">×</span>
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <label for="input">${this.label}</label>
      <input
        id="input"
        part="input"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        maxlength=${LIMITS.peopleQueryLength}
        aria-autocomplete="list"
        aria-expanded=${expanded ? "true" : "false"}
        aria-controls="people"
        aria-activedescendant=${expanded && this.active >= 0 ? optionId(this.active) : nothing}
        @input=${(event: InputEvent) => this.setText((event.target as HTMLInputElement).value)}
        @keydown=${this.handleKey}
      />
      <ul
        id="people"
        part="list"
        class="people"
        role="listbox"
        aria-label=${t.peopleList}
        aria-busy=${this.searched !== this.text.trim() ? "true" : "false"}
        ?hidden=${!expanded}
        @scroll=${this.handleScroll}
      >
        ${options.map((option, index) => this.renderOption(option, index))}
      </ul>
      <div part="status" class="status" role="status">${this.open ? this.status : ""}</div>
      ${expanded && this.next
        ? html`<button part="more-button" class="quiet more" type="button" @mousedown=${(event: MouseEvent) => event.preventDefault()} @click=${this.loadMore}>
            ${t.loadMore}
          </button>`
        : nothing}
    `;
  }
}

defineElement("chat-people-picker", ChatPeoplePicker);

declare global {
  interface HTMLElementTagNameMap {
    "chat-people-picker": ChatPeoplePicker;
  }
  interface GlobalEventHandlersEventMap {
    "chat-pick": CustomEvent<ChatPickDetail>;
  }
}
