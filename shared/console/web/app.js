// PropLink Chat staff console: plain JavaScript, no build step. Every write carries the
// session's CSRF token (X-CSRF-Token); live updates poll the inbox's "changes since" cursor.
"use strict";

const POLL_MS = 3000;
const WINDOW_MS = 24 * 60 * 60 * 1000;
const state = { gen: 0, csrf: "", me: null, convs: new Map(), cursor: "", current: null, templates: [], notes: [], polling: null };
const $ = (id) => document.getElementById(id);
const followed = () => new Set(JSON.parse(localStorage.getItem("plk.follow") || "[]"));

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) if (c != null) e.append(c);
  return e;
}

// say shows an outcome; refusals and failures (err) in the alert colour.
function say(text, err) {
  $("status").textContent = text || "";
  $("status").className = err ? "error" : "";
}

// api calls the console API; it throws the envelope's error text for a refusal.
async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path.startsWith("/") ? path : "/console/api/" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  if (r.status === 401) { location.href = "/console/sign-in"; throw new Error("Please sign in again."); }
  const env = await r.json().catch(() => ({ success: false, error: "HTTP " + r.status }));
  if (!env.success) { const e = new Error(env.error || "HTTP " + r.status); e.status = r.status; throw e; }
  return env;
}

function label(c) { return c.profile_name || c.phone; }
function fmtTime(t) { return t ? new Date(t).toLocaleString([], { dateStyle: "short", timeStyle: "short" }) : ""; }

// ---- inbox ----
function filterQuery() {
  const f = [...document.querySelectorAll("input[name=filter]:checked")].map((i) => i.value);
  const q = new URLSearchParams();
  if ($("q").value.trim()) q.set("q", $("q").value.trim());
  if (f.length) q.set("filter", f.join(","));
  if ($("role").value) q.set("role", $("role").value);
  if ($("site").value) q.set("site", $("site").value);
  return q;
}

// loadInbox reloads the inbox for the current search and filters; a poll that started under
// other filters is then dropped (state.gen).
async function loadInbox() {
  const gen = ++state.gen;
  const env = await api("GET", "inbox?" + filterQuery());
  if (gen !== state.gen) return;
  state.convs = new Map(env.data.conversations.map((c) => [c.id, c]));
  state.cursor = env.data.cursor;
  renderSites(env.data.sites || []);
  renderInbox();
}

// renderSites offers the sites the organisation's conversations carry, keeping the choice.
function renderSites(sites) {
  const sel = $("site");
  const chosen = sel.value;
  sel.replaceChildren(el("option", { value: "", textContent: "Every site" }),
    ...sites.map((s) => el("option", { value: s.id, textContent: s.name })));
  sel.value = sites.some((s) => s.id === chosen) ? chosen : "";
}

// poll asks only for what changed since the cursor, then refreshes the open thread.
async function poll() {
  try {
    if (state.cursor) {
      const gen = state.gen;
      const q = filterQuery();
      q.set("since", state.cursor);
      const env = await api("GET", "inbox?" + q);
      if (gen !== state.gen) return;
      const f = followed();
      for (const c of env.data.conversations) {
        const before = state.convs.get(c.id);
        if (f.has(c.id) && c.unread > (before ? before.unread : 0) && c.id !== state.current) notify(c);
        state.convs.set(c.id, c);
      }
      state.cursor = env.data.cursor;
      if (env.data.conversations.length) renderInbox();
    }
    if (state.current) await loadThread(state.current);
  } catch (e) { say(e.message, true); }
}

function renderInbox() {
  const list = [...state.convs.values()].sort((a, b) => (b.last_activity_at || "").localeCompare(a.last_activity_at || ""));
  const ul = $("conversations");
  ul.replaceChildren(...list.map((c) => {
    const b = el("button", { type: "button", className: "conv" });
    b.dataset.id = c.id;
    b.setAttribute("aria-current", String(c.id === state.current));
    const name = el("span", { className: "name", textContent: label(c) });
    if (c.opted_out) name.append(el("span", { className: "tag", textContent: "opted out" }));
    if (c.needs_reply) name.append(el("span", { className: "tag", textContent: "needs reply" }));
    if (c.role) name.append(el("span", { className: "tag", textContent: c.role }));
    if (c.site_id) name.append(el("span", { className: "tag", textContent: c.site_name || c.site_id }));
    if (c.queue && state.me && c.queue === "staff:" + state.me.user_id) name.append(el("span", { className: "tag", textContent: "my queue" }));
    b.append(name);
    if (c.unread > 0) b.append(el("span", { className: "badge", textContent: String(c.unread), title: c.unread + " unread" }));
    else b.append(el("span"));
    b.append(el("span", { className: "meta", textContent: (c.profile_name ? c.phone + " · " : "") + fmtTime(c.last_activity_at) }));
    b.setAttribute("aria-label", label(c) + (c.unread ? ", " + c.unread + " unread" : "") + (c.opted_out ? ", opted out" : ""));
    b.addEventListener("click", () => openThread(c.id));
    return el("li", {}, b);
  }));
  if (!list.length) ul.append(el("li", { textContent: "No conversations match." }));
}

// ---- thread ----
async function openThread(id) {
  state.current = id;
  state.readUpTo = "";
  $("layout").classList.add("open");
  renderInbox();
  await loadThread(id);
  $("thread").focus();
}

// markRead tells the server (and, through it, the person's phone) that the open thread has
// been read, whenever a newer message from the person is on screen.
async function markRead(c) {
  const last = [...c.messages].reverse().find((m) => m.direction === "inbound");
  if (!last || last.id === state.readUpTo) return;
  state.readUpTo = last.id;
  try {
    await api("POST", "conversations/" + c.id + "/read");
    const known = state.convs.get(c.id);
    if (known) { known.unread = 0; renderInbox(); }
  } catch (e) { say(e.message, true); }
}

async function loadThread(id) {
  const env = await api("GET", "conversations/" + id + "?limit=200");
  if (state.current !== id) return;
  const c = env.data;
  const known = state.convs.get(id) || {};
  state.convs.set(id, Object.assign(known, c));
  // A job's messages have their statuses and failure reasons on its case notes (by provider
  // message id); a message without a job carries its own (status, errors).
  if (c.last_job_id) await loadNotes(c.last_job_id);
  renderThread(c);
  await markRead(c);
}

async function loadNotes(jobID) {
  try {
    const env = await api("GET", "jobs/" + jobID + "/case-notes?limit=50");
    state.notes = env.data;
  } catch (e) { state.notes = []; }
}

const RANK = { queued: 1, accepted: 2, sent: 3, delivered: 4, read: 5, failed: 6 };

// deliveryOf is a sent message's furthest status: its case note's or the thread's own.
function deliveryOf(m) {
  const note = m.provider_message_id && state.notes.find((n) => n.provider_message_id === m.provider_message_id);
  const a = note && note.status, b = m.status;
  return (RANK[a] || 0) >= (RANK[b] || 0) ? a || b : b;
}

function ticks(m) {
  switch (deliveryOf(m)) {
    case "sent": return el("span", { className: "ticks", textContent: "✓", title: "Sent" });
    case "delivered": return el("span", { className: "ticks", textContent: "✓✓", title: "Delivered" });
    case "read": return el("span", { className: "ticks read", textContent: "✓✓", title: "Read" });
    case "failed": {
      const note = state.notes.find((n) => n.provider_message_id && n.provider_message_id === m.provider_message_id);
      const errs = note && note.errors && note.errors.length ? note.errors : m.errors || [];
      const why = errs.length ? errs.map((e) => e.code + " " + (e.title || e.details || "")).join("; ") : "the provider refused it";
      return el("span", { className: "failed", textContent: "Not delivered: " + why });
    }
    case "queued": case "accepted": return el("span", { className: "ticks", textContent: "…", title: "Sending" });
  }
  return null;
}

function messageItem(m) {
  const li = el("li", { className: "msg " + m.direction });
  li.dataset.status = (m.direction === "outbound" ? deliveryOf(m) : m.status) || "";
  li.dataset.id = m.id;
  if (m.template) li.append(el("em", { textContent: "Template " + m.template + (m.text ? ": " : "") }));
  if (m.text) li.append(el("span", { className: "text", textContent: m.text }));
  if (m.media) li.append(mediaPreview(m.media));
  if (m.location) li.append(el("span", { textContent: "Location: " + (m.location.name || "") + " " + m.location.latitude + "," + m.location.longitude }));
  if (!m.text && !m.media && !m.template && !m.location) li.append(el("span", { textContent: "(" + m.type + ")" }));
  const when = el("span", { className: "when", textContent: (m.direction === "outbound" ? (m.author_name || "Staff") : "Them") + " · " + fmtTime(m.at) });
  const t = m.direction === "outbound" ? ticks(m) : null;
  if (t) when.append(t);
  li.append(when);
  return li;
}

// mediaPreview shows an attachment through a short-lived presigned URL: an image inline,
// anything else as a link.
function mediaPreview(media) {
  const box = el("span", { className: "media" });
  const name = media.filename || media.caption || media.mime_type || "attachment";
  if (!media.attachment_id) { box.textContent = "File: " + name; return box; }
  api("GET", "attachments/" + encodeURIComponent(media.attachment_id)).then((env) => {
    const url = env.data.download_url;
    if (!url) { box.textContent = "File: " + name + " (not stored yet)"; return; }
    if ((media.mime_type || "").startsWith("image/")) box.append(el("img", { src: url, alt: media.caption || "Image from the conversation" }));
    else box.append(el("a", { href: url, textContent: "File: " + name, target: "_blank", rel: "noopener" }));
    if (media.caption) box.append(el("span", { textContent: " " + media.caption }));
  }).catch(() => { box.textContent = "File: " + name; });
  return box;
}

function renderThread(c) {
  $("thread-title").textContent = label(c);
  $("thread-phone").textContent = c.phone + (c.last_job_id ? " · job " + c.last_job_id : "");
  $("thread-actions").hidden = false;
  $("follow").checked = followed().has(c.id);
  const staff = c.staff_until && new Date(c.staff_until) > new Date();
  $("handover").textContent = staff ? "Give back to the assistant" : "Take over from the assistant";
  $("handover").dataset.staff = staff ? "1" : "";
  const ol = $("messages");
  const atEnd = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  const sig = c.messages.map((m) => m.id + deliveryOf(m)).join("|");
  const switched = ol.dataset.conv !== c.id;
  if (ol.dataset.sig !== sig || switched) {
    ol.replaceChildren(...c.messages.map(messageItem));
    ol.dataset.sig = sig;
    ol.dataset.conv = c.id;
    if (atEnd || switched) ol.scrollTop = ol.scrollHeight;
  }
  const open = !!c.last_inbound_at && Date.now() - new Date(c.last_inbound_at).getTime() < WINDOW_MS;
  const refusal = $("refusal");
  refusal.hidden = !c.opted_out;
  refusal.textContent = c.opted_out ? "This person opted out (they replied STOP): they cannot be messaged until they write START." : "";
  $("reply").hidden = c.opted_out || !open;
  $("upload").hidden = c.opted_out || !open;
  $("template").hidden = c.opted_out || open;
  $("window-reason").textContent = c.last_inbound_at
    ? "The 24-hour window closed at " + fmtTime(new Date(new Date(c.last_inbound_at).getTime() + WINDOW_MS)) + " (their last message was " + fmtTime(c.last_inbound_at) + "). Only an approved template can be sent."
    : "This person has never written to you: only an approved template can be sent.";
  const notes = $("notes");
  notes.hidden = !c.last_job_id;
  $("notes-title").textContent = "Case notes of job " + (c.last_job_id || "");
  $("notes-list").replaceChildren(...state.notes.map((n) => el("li", { textContent: fmtTime(n.created_at) + " — " + (n.author_name || "") + ": " + (n.text || n.kind) })));
}

async function send(body, what) {
  const id = state.current;
  say("");
  try {
    const env = await api("POST", "conversations/" + id + "/messages", body);
    say(env.message || what + " sent");
    await loadThread(id);
    return true;
  } catch (e) { say(e.message, true); return false; }
}

// ---- templates ----
function templateOptions(select) {
  select.replaceChildren(...state.templates.map((t) => el("option", { value: String(t.id), textContent: (t.display_name || t.name) + " (" + t.category.toLowerCase() + ")" })));
}

function renderVars() {
  const t = state.templates.find((x) => String(x.id) === $("template-id").value);
  $("template-vars").replaceChildren(...(t && t.variables.length ? [el("p", { className: "hint", textContent: "Variables left blank are filled from the job." })] : []),...(t ? t.variables : []).map((v, i) => {
    const id = "var-" + i;
    return el("span", {}, el("label", { htmlFor: id, textContent: v }), Object.assign(el("input", { id, name: v }), { required: false }));
  }));
}

// ---- notifications ----
function notify(c) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const n = new Notification("New WhatsApp message", { body: label(c) + " wrote to you", tag: c.id });
  n.onclick = () => { window.focus(); openThread(c.id); };
}

// ---- wiring ----
async function start() {
  try {
    state.csrf = (await api("GET", "/api/security/csrf-token")).data.csrf_token;
    state.me = (await api("GET", "me")).data;
    $("who").textContent = "Signed in as " + state.me.name + " (" + state.me.org_id + ")";
  } catch (e) { say(e.message, true); return; }
  try {
    state.templates = (await api("GET", "templates")).data;
  } catch (e) { state.templates = []; }
  templateOptions($("template-id"));
  templateOptions($("start-template"));
  renderVars();
  await loadInbox().catch((e) => say(e.message, true));
  state.polling = setInterval(poll, POLL_MS);
  document.body.dataset.ready = "1";
}

$("search").addEventListener("input", () => loadInbox().catch((e) => say(e.message, true)));
$("search").addEventListener("submit", (ev) => ev.preventDefault());
$("back").addEventListener("click", () => { $("layout").classList.remove("open"); state.current = null; renderInbox(); });
$("template-id").addEventListener("change", renderVars);
$("follow").addEventListener("change", (ev) => {
  const f = followed();
  ev.target.checked ? f.add(state.current) : f.delete(state.current);
  localStorage.setItem("plk.follow", JSON.stringify([...f]));
  if (ev.target.checked && "Notification" in window && Notification.permission === "default") Notification.requestPermission();
});
$("notify").addEventListener("click", async () => {
  if (!("Notification" in window)) { say("This browser cannot show notifications."); return; }
  const p = await Notification.requestPermission();
  say(p === "granted" ? "Notifications are on for the conversations you follow." : "Notifications are blocked in this browser.");
});
$("handover").addEventListener("click", async () => {
  try {
    const env = await api($("handover").dataset.staff ? "DELETE" : "POST", "conversations/" + state.current + "/handover");
    say(env.message);
    await loadThread(state.current);
  } catch (e) { say(e.message, true); }
});
$("chat-link-new").addEventListener("click", async () => {
  try {
    const env = await api("POST", "links", { kind: "staff" });
    $("chat-link").value = env.data.url;
    $("chat-link-box").hidden = false;
    $("chat-link").focus();
    $("chat-link").select();
    say("Your click-to-chat link is ready: copy it from the box below.");
  } catch (e) { say(e.message, true); }
});
$("sign-out").addEventListener("click", async () => {
  try { await api("POST", "sign-out"); } catch (e) { /* signed out either way */ }
  location.href = "/console/sign-in";
});
$("reply").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (await send({ text: $("reply-text").value }, "Reply")) $("reply-text").value = "";
});
$("template").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const variables = {};
  for (const i of $("template-vars").querySelectorAll("input")) if (i.value) variables[i.name] = i.value;
  await send({ template_id: Number($("template-id").value), variables }, "Template");
});
$("upload").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const file = $("upload-file").files[0];
  if (!file) return;
  say("Uploading " + file.name + "…");
  try {
    const up = (await api("POST", "attachments", { file_name: file.name, content_type: file.type || "application/octet-stream", size: file.size })).data;
    const put = await fetch(up.upload_url, { method: up.method || "PUT", headers: up.headers || { "Content-Type": file.type }, body: file });
    if (!put.ok) throw new Error("The upload failed (HTTP " + put.status + ")");
    const body = { attachment_id: up.attachment.id };
    if ($("upload-caption").value) body.caption = $("upload-caption").value;
    if (await send(body, "File")) { $("upload-file").value = ""; $("upload-caption").value = ""; }
  } catch (e) { say(e.message, true); }
});
$("start").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    const env = await api("POST", "send", { job_id: Number($("start-job").value), phone_number: $("start-phone").value.trim(), template_id: Number($("start-template").value) });
    say(env.message);
    await loadInbox();
  } catch (e) { say(e.message, true); }
});
start();
