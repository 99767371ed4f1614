// Between sandbox: one pretend client's chat, kept up to date by long polling /api/state.
"use strict";

const $ = (id) => document.getElementById(id);
const view = {
  client: new URLSearchParams(location.search).get("client") || localStorage.getItem("client") || "a",
  revision: -1,
  polling: null,
  last: null,
  toastTimer: null,
};

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

function toast(text, alert = false) {
  const box = $("toast");
  box.textContent = text;
  box.className = alert ? "toast alert" : "toast";
  box.hidden = false;
  clearTimeout(view.toastTimer);
  view.toastTimer = setTimeout(() => { box.hidden = true; }, alert ? 6000 : 2500);
}
$("toast").addEventListener("click", () => { $("toast").hidden = true; });

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function meta(message) {
  return element("span", "meta", (message.edited ? "edited " : "") + message.time);
}

function bubble(message) {
  const box = element("div", "bubble");
  if (message.kind === "photo") {
    box.classList.add("photo");
    const link = element("a");
    link.href = message.file.url;
    link.target = "_blank";
    link.rel = "noopener";
    const image = element("img");
    image.src = `${message.file.url}?v=${message.file.version}`;
    image.alt = "Picture from Between";
    // A picture grows the chat when it arrives: keep the newest message in view.
    image.addEventListener("load", () => {
      const chat = $("chat");
      if (view.following) chat.scrollTop = chat.scrollHeight;
    });
    link.append(image);
    box.append(link);
    const caption = element("div", "caption");
    if (message.html) caption.innerHTML = message.html;
    const save = element("a", null, "Download this picture (PNG)");
    save.href = message.file.download;
    save.className = "save";
    caption.append(" ", save, meta(message));
    box.append(caption);
    return box;
  }
  if (message.kind === "document") {
    const file = element("div", "file");
    const extension = (message.file.name.split(".").pop() || "file").slice(0, 4).toUpperCase();
    const icon = element("a", "file-icon", extension);
    icon.href = message.file.download;
    icon.title = `Download ${message.file.name}`;
    const about = element("div");
    about.append(element("div", "file-name", message.file.name));
    about.append(element("div", "file-size", size(message.file.size)));
    const links = element("div", "file-links");
    const open = element("a", null, "Open");
    open.href = message.file.url;
    open.target = "_blank";
    open.rel = "noopener";
    const save = element("a", null, "Download");
    save.href = message.file.download;
    save.title = `Download ${message.file.name}`;
    links.append(open, save);
    about.append(links);
    file.append(icon, about);
    box.append(file);
    if (message.html) {
      const caption = element("div", "caption");
      caption.innerHTML = message.html;
      box.append(caption);
    }
    box.append(meta(message));
    return box;
  }
  box.innerHTML = message.html;
  box.append(meta(message));
  return box;
}

function keyboard(message) {
  const grid = element("div", "keyboard");
  for (const row of message.buttons) {
    const line = element("div", "keyrow");
    for (const button of row) {
      const key = element("button", null, button.text);
      key.type = "button";
      key.title = button.text;
      key.addEventListener("click", () => press(message.id, button.data, key));
      line.append(key);
    }
    grid.append(line);
  }
  return grid;
}

function renderChat(state) {
  const chat = $("chat");
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  chat.replaceChildren();
  if (!state.messages.length) {
    chat.append(element("div", "empty",
      "A new chat with Between. Tap START below to meet it as a new client would."));
  }
  $("start").hidden = state.messages.length > 0;
  let day = null;
  for (const message of state.messages) {
    if (message.day !== day) {
      day = message.day;
      const divider = element("div", "day");
      divider.append(element("span", null, day));
      chat.append(divider);
    }
    const row = element("div", message.mine ? "row mine" : "row");
    row.dataset.messageId = message.id;
    row.append(bubble(message));
    if (message.buttons.length) row.append(keyboard(message));
    chat.append(row);
  }
  for (const spoiler of chat.querySelectorAll(".spoiler")) {
    spoiler.addEventListener("click", () => spoiler.classList.add("shown"));
  }
  // What the chat shows, for a test (or a curious reader) to see that it changed.
  chat.dataset.signature = state.messages
    .map((m) => `${m.id}:${m.html}:${JSON.stringify(m.buttons)}`).join("|");
  view.following = atBottom || view.stick;
  if (view.following) chat.scrollTop = chat.scrollHeight;
  view.stick = false;
}

function renderPanel(state) {
  const clients = $("clients");
  clients.replaceChildren();
  for (const client of state.clients) {
    const tab = element("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-selected", String(client.key === view.client));
    tab.append(client.label, element("small", null, client.name));
    tab.addEventListener("click", () => choose(client.key));
    clients.append(tab);
  }
  const language = $("language");
  if (!language.options.length) {
    language.append(...state.languages.map((l) => {
      const option = element("option", null, l.name);
      option.value = l.code;
      option.lang = l.code;
      return option;
    }));
  }
  // Not while the list is open: news from the bot must not snap it shut.
  if (document.activeElement !== language) language.value = state.language;
  const current = state.clients.find((c) => c.key === view.client);
  $("whose").textContent = current ? `${current.label}'s phone` : "";
  $("clock-time").textContent = state.clock.time;
  $("clock-date").textContent = state.clock.date;
  $("clock-zone").textContent = state.clock.zone === "UTC"
    ? "UTC (the client's time zone once chosen)" : state.clock.zone;
  const next = state.next_checkin
    ? `Next check-in: ${state.next_checkin}` : "No check-in scheduled yet.";
  $("next-checkin").textContent = state.next_rating
    ? `Question after the session: ${state.next_rating} · ${next}` : next;
  $("status").textContent = state.typing ? "typing…" : "bot";
  $("status").className = state.typing ? "status typing" : "status";
  const list = $("menu-list");
  list.replaceChildren();
  for (const command of state.commands) {
    const item = element("li");
    const button = element("button");
    button.type = "button";
    button.append(element("span", "cmd", `/${command.command}`),
      element("span", "desc", command.description));
    button.addEventListener("click", () => { closeMenu(); send(`/${command.command}`); });
    item.append(button);
    list.append(item);
  }
}

function render(state) {
  view.last = state;
  renderPanel(state);
  renderChat(state);
}

async function poll() {
  const controller = new AbortController();
  view.polling = controller;
  while (view.polling === controller) {
    try {
      const url = `/api/state?client=${encodeURIComponent(view.client)}&since=${view.revision}`;
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) throw new Error(response.statusText);
      const state = await response.json();
      if (view.polling !== controller) return;
      view.revision = state.revision;
      render(state);
    } catch (error) {
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function choose(key) {
  view.client = key;
  localStorage.setItem("client", key);
  view.revision = -1;
  view.stick = true;
  if (view.polling) view.polling.abort();
  closeMenu();
  poll();
}

async function send(text) {
  view.stick = true;
  try {
    await post("/api/send", { client: view.client, text });
  } catch (error) {
    toast(String(error.message || error));
  }
}

async function press(messageId, data, key) {
  key.disabled = true;
  try {
    const answer = await post("/api/press", { client: view.client, message_id: messageId, data });
    if (answer.text) toast(answer.text, answer.alert);
  } catch (error) {
    toast(String(error.message || error));
  } finally {
    key.disabled = false;
  }
}

$("language").addEventListener("change", async (event) => {
  try {
    await post("/api/language", { client: view.client, language: event.target.value });
  } catch (error) {
    toast(String(error.message || error));
  }
});

// A /command in the bot's words sends it, as in Telegram.
$("chat").addEventListener("click", (event) => {
  const link = event.target.closest("a.command");
  if (!link) return;
  event.preventDefault();
  send(link.dataset.command);
});

function closeMenu() { $("menu").hidden = true; }
$("menu-button").addEventListener("click", () => { $("menu").hidden = !$("menu").hidden; });
document.addEventListener("keydown", (event) => { if (event.key === "Escape") closeMenu(); });

$("start").addEventListener("click", () => {
  $("start").hidden = true;
  send("/start");
});

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("input");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  closeMenu();
  send(text);
});

for (const button of document.querySelectorAll(".travel button")) {
  button.addEventListener("click", async () => {
    const all = document.querySelectorAll(".travel button");
    all.forEach((b) => { b.disabled = true; });
    $("notice").textContent = "";
    view.stick = true;
    try {
      const result = await post("/api/time", { client: view.client, step: button.dataset.step });
      $("notice").textContent = result.notice;
    } catch (error) {
      $("notice").textContent = String(error.message || error);
    } finally {
      all.forEach((b) => { b.disabled = false; });
    }
  });
}

$("reset").addEventListener("click", async () => {
  if (!confirm("Erase both chats and the sandbox database, and set the clock back to now?")) return;
  $("reset").disabled = true;
  try {
    await post("/api/reset", {});
    $("notice").textContent = "The sandbox starts again, empty.";
  } catch (error) {
    toast(String(error.message || error));
  } finally {
    $("reset").disabled = false;
  }
});

poll();
