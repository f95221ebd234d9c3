/**
 * `cem analyze` (run by `npm run build`) turns the elements' JSDoc (@tag, @attr, @csspart,
 * @cssproperty, @event, @slot) and Lit properties into custom-elements.json, which package.json
 * names for editors and documentation tools. test/manifest fails when the committed file is stale.
 */

/**
 * Lit's `state: true` properties (private in TypeScript) have no attribute, but the analyzer
 * lists one for every entry of `static properties`: drop those.
 */
function dropPrivateAttributes() {
  return {
    name: "confab:drop-private-attributes",
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        const hidden = new Set((declaration.members ?? []).filter((member) => member.privacy === "private").map((member) => member.name));
        if (declaration.attributes) declaration.attributes = declaration.attributes.filter((attribute) => !hidden.has(attribute.fieldName));
        for (const member of declaration.members ?? []) if (hidden.has(member.name)) delete member.attribute;
      }
    },
  };
}

export default {
  globs: ["src/components/**/*.ts"],
  exclude: ["src/components/**/*.styles.ts"],
  outdir: process.env.CEM_OUTDIR ?? ".",
  litelement: true,
  plugins: [dropPrivateAttributes()],
};
