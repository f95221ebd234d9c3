/**
 * Texts that hold a count, worded by the language's plural category (Intl.PluralRules): used by
 * the French, Spanish and Arabic tables, whose chunks share it. Arabic has six categories
 * (zero, one, two, few, many, other); French and Spanish tell one from other (and many).
 */

/** A form per category, `#` standing for the number; `=0` overrides the category of zero. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule | "=0", string>> & { other: string };

/** `(count) => text` in `locale`, with the count written in that locale's digits. */
export function plural(locale: string, forms: PluralForms): (count: number) => string {
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (count) => ((count === 0 ? forms["=0"] : undefined) ?? forms[rules.select(count)] ?? forms.other).replace("#", numbers.format(count));
}
