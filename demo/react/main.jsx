/**
 * A React 19 app embedding <chat-widget>: React sets `theme`, `user` and `name` on the element
 * (as properties when it has them), and `onchat-*` props listen to Confab's events.
 */
import "confab-chat";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";

const user = new URLSearchParams(location.search).get("user") ?? "rita";

function App() {
  const [dark, setDark] = useState(false);
  const [lastSent, setLastSent] = useState("");
  const [opened, setOpened] = useState("");
  return (
    <main>
      <h1>A React app</h1>
      <label>
        <input type="checkbox" checked={dark} onChange={(event) => setDark(event.target.checked)} /> Dark chat
      </label>
      <p>
        Last sent: <output id="last-sent">{lastSent}</output>
      </p>
      <p>
        Open conversation: <output id="opened">{opened}</output>
      </p>
      <chat-widget
        host={location.host}
        user={user}
        name={user[0].toUpperCase() + user.slice(1)}
        theme={dark ? "dark" : "light"}
        onchat-send={(event) => setLastSent(event.detail.text)}
        onchat-select={(event) => setOpened(event.detail.conversationId)}
      ></chat-widget>
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
