// policybot web chat: plain JavaScript, no framework. Every node is built with textContent —
// text from questions, answers and documents is never parsed as HTML.

const TEXT = {
  zh: {
    subtitle: "政策文件问答 · 每个回答都附原文引用",
    welcome:
      "你好！我可以回答已收录政策文件中的问题：措施由谁牵头、某单位或个人负责哪些工作、完成时限、文号等。每个回答都附有原文引用，点击编号可查看原文。",
    placeholder: "输入问题，例如：第17项措施由谁牵头？",
    send: "发送",
    suggestions: "可以这样问：",
    examples: [
      "第17项措施由谁牵头？",
      "花梅同志牵头负责哪些工作？",
      "浦东要点第十六项的完成时限？",
      "/policy sources",
    ],
    typing: "正在查找…",
    sources: "引用",
    section: "章节",
    page: "页码",
    openSource: "查看原文",
    copy: "复制回答",
    copied: "已复制",
    up: "有帮助",
    down: "没有帮助",
    thanks: "感谢反馈！",
    failed: "出错了：",
    network: "无法连接服务器，请稍后再试。",
    login: "登录",
    download: "下载：",
    downloading: "正在生成…",
  },
  en: {
    subtitle: "Questions on policy documents · every answer cites the source",
    welcome:
      "Hello! Ask me about the indexed policy documents: who leads a measure, what a unit or person leads, deadlines, document numbers. Every answer quotes its source; click a number to see it.",
    placeholder: "Ask a question, e.g. Who leads measure 17?",
    send: "Send",
    suggestions: "Try asking:",
    examples: ["Who leads measure 17?", "What does Hua Mei lead?", "Summarize measure 25", "/policy help"],
    typing: "Looking it up…",
    sources: "Sources",
    section: "Section",
    page: "Page",
    openSource: "Open the source",
    copy: "Copy answer",
    copied: "Copied",
    up: "Helpful",
    down: "Not helpful",
    thanks: "Thanks for the feedback!",
    failed: "Something went wrong: ",
    network: "Cannot reach the server; please try again.",
    login: "Log in",
    download: "Download:",
    downloading: "Preparing…",
  },
};

const lang = /^zh\b/i.test(navigator.language || "") ? "zh" : "en";
const t = TEXT[lang];
const conversation = conversationId();
let answerCount = 0;

/** One conversation id per browser tab (kept in sessionStorage across reloads). */
function conversationId() {
  const key = "policybot.conversation";
  let id = null;
  try {
    id = sessionStorage.getItem(key);
  } catch {
    // storage disabled: a fresh id per page load
  }
  if (!id) {
    id = typeof crypto.randomUUID === "function" ? crypto.randomUUID() : randomId();
    try {
      sessionStorage.setItem(key, id);
    } catch {
      // ignore
    }
  }
  return id;
}

/** A v4 UUID from getRandomValues (crypto.randomUUID needs a secure context). */
function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Creates an element with a class and optional text (textContent, never HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const log = document.getElementById("log");
const form = document.getElementById("ask");
const input = document.getElementById("question");
const send = document.getElementById("send");
const suggestions = document.getElementById("suggestions");

function init() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.getElementById("subtitle").textContent = t.subtitle;
  input.placeholder = t.placeholder;
  send.textContent = t.send;
  log.appendChild(el("div", "msg bot welcome", t.welcome));
  suggestions.appendChild(el("span", "suggestions-label", t.suggestions));
  for (const example of t.examples) {
    const chip = el("button", "chip", example);
    chip.type = "button";
    chip.addEventListener("click", () => ask(example));
    suggestions.appendChild(chip);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });
  input.focus();
}

function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

/**
 * The websocket of Botkit's web adapter (same origin, ws:// or wss://), opened once and reused;
 * null while it cannot be used, and the page asks through POST /api/ask instead.
 */
const SOCKET_PATH = "/api/chat/socket";
const SOCKET_TIMEOUT_MS = 3000;
let socket = null;
let socketBroken = false;
/** The question waiting for its reply over the socket: { resolve } (one at a time). */
let pending = null;

/** Resolves with an open websocket, or null (no WebSocket, refused, or not open in time). */
function openSocket() {
  if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
  if (socketBroken || typeof WebSocket !== "function") return Promise.resolve(null);
  return new Promise((resolve) => {
    let ws;
    try {
      ws = new WebSocket(
        `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${SOCKET_PATH}`,
      );
    } catch {
      socketBroken = true;
      resolve(null);
      return;
    }
    const timer = setTimeout(() => {
      socketBroken = true;
      ws.close();
      resolve(null);
    }, SOCKET_TIMEOUT_MS);
    ws.addEventListener("open", () => {
      clearTimeout(timer);
      socket = ws;
      resolve(ws);
    });
    ws.addEventListener("message", (event) => {
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const waiting = pending;
      // LLM mode: the answer as it is written; the final message replaces it.
      if (waiting && data && data.type === "partial") {
        if (waiting.onPartial) waiting.onPartial(String(data.text ?? ""));
        return;
      }
      if (!waiting || !data || (data.type !== "message" && data.type !== "error")) return;
      pending = null;
      waiting.resolve(data);
    });
    ws.addEventListener("close", () => {
      clearTimeout(timer);
      if (socket !== ws) {
        // never opened: do not try again on this page
        socketBroken = true;
        resolve(null);
        return;
      }
      socket = null;
      const waiting = pending;
      pending = null;
      if (waiting) waiting.resolve(null);
    });
  });
}

/**
 * Asks over the websocket: the reply `{type, text, answer?}`, or null when the socket failed.
 * `onPartial` gets the answer text so far while it is written (LLM mode only).
 */
async function askOverSocket(question, onPartial) {
  const ws = await openSocket();
  if (!ws) return null;
  return new Promise((resolve) => {
    pending = { resolve, onPartial };
    try {
      ws.send(JSON.stringify({ type: "message", text: question, user: conversation }));
    } catch {
      pending = null;
      resolve(null);
    }
  });
}

/** Sends a question over the websocket (else to POST /api/ask) and shows the answer. */
async function ask(raw) {
  const question = raw.trim();
  if (question === "" || send.disabled) return;
  input.value = "";
  suggestions.hidden = true;
  log.appendChild(el("div", "msg user", question));
  const typing = el("div", "msg bot typing");
  typing.setAttribute("aria-label", t.typing);
  typing.title = t.typing;
  for (let i = 0; i < 3; i++) typing.appendChild(el("span", "dot"));
  log.appendChild(typing);
  scrollDown();
  send.disabled = true;
  // The answer as it is written (plain text), shown in place of the typing dots until the final one.
  let streamed = null;
  const showPartial = (text) => {
    if (!streamed) {
      streamed = el("div", "msg bot streaming");
      typing.replaceWith(streamed);
    }
    streamed.textContent = text;
    scrollDown();
  };
  try {
    const reply = await askOverSocket(question, showPartial);
    if (streamed) streamed.remove();
    if (reply && reply.type === "message") {
      typing.remove();
      const answer =
        reply.answer && typeof reply.answer.answer === "string"
          ? reply.answer
          : { answer: String(reply.text ?? ""), citations: [] };
      log.appendChild(renderAnswer(question, answer, "socket"));
      return;
    }
    // No socket, or it refused or dropped the question: ask over HTTP.
    const res = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, conversation }),
    });
    const body = await res.json().catch(() => null);
    typing.remove();
    if (res.ok && body && typeof body.answer === "string") {
      log.appendChild(renderAnswer(question, body, "http"));
    } else {
      const message = body?.error?.message ?? `HTTP ${res.status}`;
      showError(message, res.status === 401);
    }
  } catch {
    typing.remove();
    showError(t.network, false);
  } finally {
    send.disabled = false;
    scrollDown();
    input.focus();
  }
}

function showError(message, needsLogin) {
  const box = el("div", "msg bot error", t.failed + message);
  if (needsLogin) {
    const link = el("a", "login-link", t.login);
    link.href = "/login";
    box.appendChild(document.createTextNode(" "));
    box.appendChild(link);
  }
  log.appendChild(box);
}

/**
 * An answer bubble: the text (our Markdown subset), the citations, copy and feedback buttons.
 * `via` ("socket" or "http") is kept in a data attribute.
 */
function renderAnswer(question, answer, via) {
  const n = ++answerCount;
  const citations = Array.isArray(answer.citations) ? answer.citations : [];
  const box = el("div", `msg bot${answer.found === false ? " not-found" : ""}`);
  box.dataset.via = via;
  const cites = el("div", "citations");
  const details = new Map();
  if (citations.length > 0) {
    cites.appendChild(el("div", "citations-title", t.sources));
    for (const c of citations) {
      const item = renderCitation(c, `a${n}-c${c.id}`);
      details.set(Number(c.id), item);
      cites.appendChild(item);
    }
  }
  const openCitation = (id) => {
    const item = details.get(id);
    if (!item) return;
    item.open = true;
    item.classList.add("flash");
    setTimeout(() => item.classList.remove("flash"), 1200);
    item.scrollIntoView({ block: "nearest" });
  };
  box.appendChild(renderMarkdown(answer.answer, details, openCitation));
  if (answer.table && Array.isArray(answer.table.rows)) box.appendChild(renderExports(question));
  if (citations.length > 0) box.appendChild(cites);
  box.appendChild(renderActions(question, answer.answer));
  return box;
}

/**
 * Renders the answer's Markdown subset by splitting text: lines ("- " items, "> " quotes,
 * paragraphs), **bold** and [n] citation markers. Everything else stays literal text.
 */
function renderMarkdown(text, details, openCitation) {
  const body = el("div", "answer");
  let table = null;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    // "| a | b |" rows make one table: the first row is the header, the "| --- |" rule is skipped.
    if (/^\s*\|.*\|\s*$/.test(line)) {
      if (/^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/.test(line)) continue;
      const header = table === null;
      if (header) {
        table = el("table", "md-table");
        body.appendChild(table);
      }
      const tr = el("tr");
      for (const cell of tableCells(line)) {
        const td = el(header ? "th" : "td");
        appendInline(td, cell, details, openCitation);
        tr.appendChild(td);
      }
      table.appendChild(tr);
      continue;
    }
    table = null;
    let block;
    let content = line;
    const quote = /^\s*>\s?(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (quote) {
      block = el("blockquote", "excerpt");
      content = quote[1];
    } else if (item) {
      block = el("div", "item");
      content = item[1];
    } else {
      block = el("p", "para");
    }
    appendInline(block, content, details, openCitation);
    body.appendChild(block);
  }
  return body;
}

/** The cells of a Markdown table row: split on "|" that is not escaped as "\\|". */
function tableCells(line) {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  const cells = [];
  let cell = "";
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "\\" && inner[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (inner[i] === "|") {
      cells.push(cell.trim());
      cell = "";
    } else {
      cell += inner[i];
    }
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * Download buttons for an answer that is a table (digest, responsibility table, comparison): the
 * service re-answers the question at POST /api/export and sends the file.
 */
function renderExports(question) {
  const bar = el("div", "exports");
  bar.appendChild(el("span", "exports-label", t.download));
  const status = el("span", "export-status");
  for (const [format, label] of [
    ["md", "Markdown"],
    ["csv", "CSV"],
    ["docx", "Word"],
  ]) {
    const button = el("button", `action export export-${format}`, label);
    button.type = "button";
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = t.downloading;
      try {
        const res = await fetch("/api/export", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ question, conversation, format }),
        });
        if (!res.ok) {
          const body = await res.json().catch(() => null);
          throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
        }
        const blob = await res.blob();
        const url = URL.createObjectURL(blob);
        const link = el("a");
        link.href = url;
        link.download = fileNameOf(res.headers.get("Content-Disposition"), `policybot.${format}`);
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.textContent = "";
      } catch (err) {
        status.textContent = t.failed + String(err.message ?? err);
      } finally {
        button.disabled = false;
      }
    });
    bar.appendChild(button);
  }
  bar.appendChild(status);
  return bar;
}

/** The file name of a Content-Disposition header: filename* (RFC 5987) first, else filename. */
function fileNameOf(header, fallback) {
  const ext = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header || "");
  if (ext) {
    try {
      return decodeURIComponent(ext[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header || "");
  return plain ? plain[1] : fallback;
}

function appendInline(parent, text, details, openCitation) {
  for (const part of text.split(/(\*\*[^*\n]+?\*\*|\[\d{1,3}\])/)) {
    if (part === "") continue;
    const bold = /^\*\*([^*\n]+?)\*\*$/.exec(part);
    const marker = /^\[(\d{1,3})\]$/.exec(part);
    if (bold) {
      parent.appendChild(el("strong", "", bold[1]));
    } else if (marker && details.has(Number(marker[1]))) {
      const id = Number(marker[1]);
      const button = el("button", "cite", String(id));
      button.type = "button";
      button.title = `${t.sources} ${id}`;
      button.addEventListener("click", () => openCitation(id));
      parent.appendChild(button);
    } else {
      parent.appendChild(document.createTextNode(part));
    }
  }
}

/** A citation: collapsed to its number and title; expands to the verbatim quote, section and link. */
function renderCitation(c, id) {
  const item = el("details", "citation");
  item.id = id;
  const summary = el("summary");
  summary.appendChild(el("span", "cite-no", String(c.id)));
  summary.appendChild(el("span", "cite-title", String(c.title ?? c.source ?? "")));
  item.appendChild(summary);
  item.appendChild(el("blockquote", "cite-quote", String(c.quote ?? "")));
  const meta = el("div", "cite-meta");
  meta.appendChild(el("div", "cite-doc", `《${String(c.title ?? "")}》`));
  if (c.section) meta.appendChild(el("div", "cite-section", `${t.section}: ${String(c.section)}`));
  if (Number.isInteger(c.page)) meta.appendChild(el("div", "cite-page", `${t.page}: ${c.page}`));
  item.appendChild(meta);
  const start = Number(c.start);
  const end = Number(c.end);
  if (typeof c.source === "string" && Number.isInteger(start) && Number.isInteger(end)) {
    const link = el("a", "cite-link", t.openSource);
    link.href = `/sources/${encodeURIComponent(c.source)}?start=${start}&end=${end}#quote`;
    link.target = "_blank";
    link.rel = "noopener";
    item.appendChild(link);
  }
  return item;
}

/** Copy and 👍/👎 buttons under an answer. */
function renderActions(question, answerText) {
  const bar = el("div", "actions");
  const copy = el("button", "action copy", t.copy);
  copy.type = "button";
  copy.addEventListener("click", async () => {
    const ok = await copyText(answerText);
    if (ok) {
      copy.textContent = t.copied;
      setTimeout(() => {
        copy.textContent = t.copy;
      }, 1500);
    }
  });
  bar.appendChild(copy);
  const status = el("span", "feedback-status");
  const votes = [];
  for (const [vote, emoji, label] of [
    ["up", "👍", t.up],
    ["down", "👎", t.down],
  ]) {
    const button = el("button", `action vote vote-${vote}`, `${emoji} ${label}`);
    button.type = "button";
    button.title = label;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", async () => {
      for (const v of votes) v.disabled = true;
      try {
        const res = await fetch("/api/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ question, answer: answerText, conversation, vote }),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        button.classList.add("chosen");
        status.textContent = t.thanks;
      } catch (err) {
        for (const v of votes) v.disabled = false;
        status.textContent = t.failed + String(err.message ?? err);
      }
    });
    votes.push(button);
    bar.appendChild(button);
  }
  bar.appendChild(status);
  return bar;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", "copy-buffer");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

init();
