/**
 * Starting conversations the way a user does in the browser tests: the New form's people
 * picker, by a person's id (found in the directory, or offered as "Use id").
 */
import type { Locator, Page } from "playwright-core";

const TIMEOUT = 10_000;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The picker's option for the user `userId` (as typed; a guest's "~" is optional). */
export function personOption(page: Page, userId: string): Locator {
  return page.getByRole("option", { name: new RegExp(`(^|\\s|“)~?${escaped(userId)}(”|\\s|$)`) }).first();
}

/** Types `userId` into the open form's picker and picks that person. */
export async function pickPerson(page: Page, userId: string): Promise<void> {
  await page.getByRole("combobox", { name: "Name or user id" }).fill(userId);
  const option = personOption(page, userId);
  await option.waitFor({ timeout: TIMEOUT });
  await option.click();
}

/** Opens the New form and starts the one-to-one with `userId` (a pick starts it). */
export async function startOneToOne(page: Page, userId: string): Promise<void> {
  await page.locator("chat-list").getByRole("button", { name: "New" }).click();
  await pickPerson(page, userId);
}
