/**
 * Confab's headless API alone (`confab/headless`): the stores and actions of `src/store`, without
 * Lit and without registering any element, for apps that draw their own chat UI.
 */
export * from "./store/index.js";
