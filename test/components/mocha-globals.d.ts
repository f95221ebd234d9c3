/**
 * The Mocha globals that @web/test-runner provides in the browser. Declared here rather than
 * pulling in @types/mocha, because tsconfig.json limits `types` to ["node"].
 */
type MochaDone = (error?: unknown) => void;
/** What a test's `this` offers: a longer timeout for a test that drives many renders. */
interface MochaContext {
  timeout(ms: number): void;
}
type MochaTest = (this: MochaContext, done: MochaDone) => void | Promise<unknown>;

declare global {
  function describe(title: string, body: () => void): void;
  function it(title: string, test: MochaTest): void;
  function before(hook: MochaTest): void;
  function after(hook: MochaTest): void;
  function beforeEach(hook: MochaTest): void;
  function afterEach(hook: MochaTest): void;
}

export {};
