/**
 * Runs `task` in the page's idle time once it has loaded (or within a few seconds of that on a
 * page that is never idle); returns the function that cancels it. Browsers without
 * requestIdleCallback (Safari) wait a moment after the load instead.
 */
const IDLE_TIMEOUT_MS = 5_000;
const WITHOUT_IDLE_CALLBACK_MS = 1_000;

export function afterPageLoad(task: () => void): () => void {
  let cancel = () => {};
  const whenIdle = () => {
    if ("requestIdleCallback" in window) {
      const handle = requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
      cancel = () => cancelIdleCallback(handle);
    } else {
      const handle = setTimeout(task, WITHOUT_IDLE_CALLBACK_MS);
      cancel = () => clearTimeout(handle);
    }
  };
  if (document.readyState === "complete") whenIdle();
  else {
    window.addEventListener("load", whenIdle, { once: true });
    cancel = () => window.removeEventListener("load", whenIdle);
  }
  return () => cancel();
}
