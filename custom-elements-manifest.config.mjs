/**
 * `cem analyze` (run by `npm run build`) turns the elements' JSDoc (@tag, @attr, @csspart,
 * @cssproperty, @event, @slot) and Lit properties into custom-elements.json, which package.json
 * names for editors and documentation tools. test/manifest fails when the committed file is stale.
 */

/**
 * Lit's `state: true` properties (private in TypeScript) have no attribute, but the analyzer
 * lists one for every entry of `static properties`: drop those. Modules are sorted by path: the
 * analyzer's order varies from run to run, and the committed file must not.
 */
function tidy() {
  return {
    name: "confab:tidy",
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
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
  // package.json names the committed file itself; the analyzer would rewrite that field to
  // wherever it wrote (the staleness test writes to a temporary folder).
  packagejson: false,
  plugins: [tidy()],
};
