/** The preview page's script: fills data items and sends presses through `/widget-preview/action`. */
export const WIDGET_PREVIEW_SCRIPT = `"use strict";
const root = document.querySelector("main[data-website]");
const where = { website_id: root.dataset.website, session_id: root.dataset.session };
const status = document.getElementById("status");

async function act(item, value) {
  const response = await fetch("/widget-preview/action", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...where, item_id: item.dataset.item, ...(value === undefined ? {} : { value }) }),
  });
  return response.json();
}

async function fill(item, value) {
  const out = item.querySelector(".value");
  const answer = await act(item, value);
  const data = answer.body && answer.body.data;
  if (answer.status === 200 && data && typeof data.value === "string") {
    out.textContent = data.value;
    out.classList.remove("pending");
  } else {
    out.textContent = "POST /widget answered " + answer.status;
    out.classList.add("failed");
  }
}

for (const item of document.querySelectorAll("[data-fetch]")) void fill(item);

for (const input of document.querySelectorAll(".data input[data-immediate]")) {
  input.addEventListener("change", () => void fill(input.closest("[data-item]"), input.value));
}

for (const button of document.querySelectorAll("button[data-kind]")) {
  button.addEventListener("click", async () => {
    const item = button.closest("[data-item]");
    let value;
    if (button.dataset.kind === "submit") {
      value = {};
      for (const input of document.querySelectorAll('.data input[data-group="' + item.dataset.group + '"]')) {
        value[input.closest("[data-item]").dataset.item] = input.value;
      }
    }
    status.textContent = button.textContent + ": sending";
    const answer = await act(item, value);
    status.textContent = button.textContent + (answer.status === 200 ? ": done" : ": POST /widget answered " + answer.status);
  });
}

async function showMessages() {
  const response = await fetch("/widget-preview/messages?" + new URLSearchParams(where));
  const { messages } = await response.json();
  const list = document.getElementById("messages");
  list.replaceChildren(...messages.map((message) => {
    const line = document.createElement("li");
    line.className = message.type === "note" ? "note-message" : message.from;
    line.textContent = (message.type === "note" ? "private note: " : message.from + ": ") + message.text;
    return line;
  }));
}
void showMessages();
setInterval(showMessages, 1000);
`;

/** The preview page's style, close to the Crisp inbox sidebar. */
export const WIDGET_PREVIEW_STYLE = `body { margin: 0; background: #f3f5f8; font: 14px/1.4 system-ui, sans-serif; color: #1c293b; }
.sidebar { width: 320px; margin: 16px auto; background: #fff; border: 1px solid #e0e5ec; border-radius: 8px; padding: 12px 16px; }
header h1 { font-size: 15px; margin: 0; } header p { margin: 2px 0 8px; color: #75869c; font-size: 12px; }
.widget-section { border-top: 1px solid #e0e5ec; padding: 8px 0; }
.widget-section h2, .conversation h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #75869c; margin: 4px 0 8px; }
.item { margin: 6px 0; }
.data { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px; }
.label { color: #75869c; } .value { font-weight: 600; } .value.pending { color: #b0bccb; font-weight: 400; } .value.failed { color: #d0312d; }
.data input { width: 100%; box-sizing: border-box; padding: 4px 6px; border: 1px solid #e0e5ec; border-radius: 4px; }
.icon { font-size: 11px; color: #b0bccb; }
.button { display: block; width: 100%; box-sizing: border-box; padding: 7px; border: 0; border-radius: 4px; color: #fff; text-align: center; text-decoration: none; font: inherit; font-weight: 600; cursor: pointer; }
.color-black { background: #1c293b; } .color-blue { background: #0093ee; } .color-green { background: #10bc59; }
.color-orange { background: #fd7b1f; } .color-red { background: #d0312d; } .color-purple { background: #8e44ad; }
.hidden { opacity: .5; } .note { display: block; font-size: 12px; color: #75869c; }
#status { min-height: 1.4em; color: #10bc59; }
.conversation ul { list-style: none; padding: 0; margin: 0; font-size: 12px; } .conversation li { padding: 3px 0; }
.note-message { color: #a06b00; }
`;
