// vidmark web UI: start jobs, watch progress, edit chapters on a timeline, export.
// Plain JavaScript against the /v1 API; no build step.
"use strict";

const $ = (sel) => document.querySelector(sel);
const COLORS = ["#2f6fde", "#d9822b", "#2a9d8f", "#b5179e", "#6a4c93", "#e63946", "#3a7d44", "#8d6e63"];
const MIN_CHAPTER = 0.5;
const state = { info: null, engines: [], formats: [], job: null, chapters: [], duration: 0, poll: null, selected: -1, audio: false };

function token() { return localStorage.getItem("vidmark-token") || ""; }

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token()) headers.Authorization = "Bearer " + token();
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) $("#token-box").hidden = false;
  const type = response.headers.get("content-type") || "";
  const body = type.includes("application/json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error(body && body.error ? body.error.message : "HTTP " + response.status);
  return body;
}

function withToken(path) {
  return token() ? path + (path.includes("?") ? "&" : "?") + "access_token=" + encodeURIComponent(token()) : path;
}

function clock(seconds) {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = (s % 60).toFixed(1).padStart(4, "0");
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + sec;
}

function el(tag, props = {}, children = []) {
  const { dataset = {}, style = "", ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  Object.assign(node.dataset, dataset);
  if (style) node.style.cssText = style;
  children.forEach((child) => node.append(child));
  return node;
}

// ---- setup: engines, media, formats ---------------------------------------------------

async function loadServer() {
  try {
    [state.info, state.engines, state.formats] = await Promise.all([api("v1/info"), api("v1/engines"), api("v1/formats")]);
  } catch (err) { $("#form-error").textContent = err.message; return; }
  const engineSelect = $("#engine");
  state.engines.forEach((e) => engineSelect.append(el("option", { value: e.name, textContent: e.name + (e.available ? "" : " (not installed)"), disabled: !e.available })));
  engineSelect.value = state.info.default_engine;
  engineSelect.onchange = showEngineOptions;
  showEngineOptions();
  if (state.info.media_roots) {
    const media = await api("v1/media");
    $("#media-box").hidden = false;
    media.forEach((p) => $("#media").append(el("option", { value: p, textContent: p })));
  }
  state.formats.forEach((f) => $("#exports").append(el("a", { className: "export", textContent: f.name, title: f.description,
    onclick: () => exportFormat(f.name) }, [])));
  refreshJobs();
}

function showEngineOptions() {
  const engine = state.engines.find((e) => e.name === $("#engine").value) || {};
  const props = (engine.options && engine.options.properties) || {};
  $("#engine-about").textContent = engine.description || engine.error || "";
  $("#model-box").hidden = !props.model;
  $("#model").placeholder = (props.model && props.model.default) || "engine default";
  $("#template-box").hidden = !props.template;
  const templates = (props.template && (props.template.enum || (props.template.anyOf || []).flatMap((a) => a.enum || []))) || [];
  $("#templates").replaceChildren(...templates.map((t) => el("option", { value: t })));
}

async function refreshJobs() {
  const jobs = await api("v1/jobs?limit=50");
  $("#jobs").replaceChildren(...jobs.map((job) => el("li", { className: state.job && state.job.id === job.id ? "current" : "",
    onclick: () => openJob(job.id), dataset: { id: job.id } },
    [el("span", { textContent: job.source }), el("span", { className: "state " + job.state, textContent: job.state })])));
}

// ---- starting and watching a job ------------------------------------------------------

async function startJob(event) {
  event.preventDefault();
  $("#form-error").textContent = "";
  const file = $("#file").files[0], path = $("#media").value, url = $("#url").value.trim();
  const fields = { engine: $("#engine").value, language: $("#language").value, existing_chapters: $("#existing").value };
  if (!$("#model-box").hidden) fields.model = $("#model").value;
  if (!$("#template-box").hidden) fields.template = $("#template").value;
  let request;
  if (file) {
    const form = new FormData();
    Object.entries(fields).forEach(([k, v]) => v && form.append(k, v));
    form.append("file", file);
    request = { method: "POST", body: form };
  } else if (path || url) {
    Object.keys(fields).forEach((k) => fields[k] || delete fields[k]);
    request = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(Object.assign(fields, path ? { path } : { url })) };
  } else { $("#form-error").textContent = "Choose a video or paste a link first."; return; }
  $("#start").disabled = true;
  try { const job = await api("v1/jobs", request); await openJob(job.id); }
  catch (err) { $("#form-error").textContent = err.message; }
  finally { $("#start").disabled = false; refreshJobs(); }
}

async function openJob(id) {
  clearTimeout(state.poll);
  $("#empty").hidden = true; $("#job").hidden = false;
  $("#job-error").textContent = ""; $("#export-error").textContent = "";
  state.chapters = []; renderChapters();
  const job = await api("v1/jobs/" + id);
  state.job = job;
  $("#job-title").textContent = job.source;
  $("#job-engine").textContent = job.options.engine + (job.options.engine_options.model ? " · " + job.options.engine_options.model : "");
  showPlayer(false, withToken("v1/jobs/" + id + "/video"));
  refreshJobs();
  await watch();
}

async function watch() {
  const job = await api("v1/jobs/" + state.job.id);
  if (job.id !== state.job.id) return;
  state.job = job;
  $("#job-state").textContent = job.state; $("#job-state").className = "state " + job.state;
  $("#cancel").hidden = !["queued", "running"].includes(job.state);
  const bars = Object.entries(job.progress).map(([stage, f]) => el("div", { className: "stage" },
    [el("span", { textContent: stage }), el("div", { className: "bar" }, [el("div", { style: "width:" + Math.round(f * 100) + "%" })]), el("span", { textContent: Math.round(f * 100) + "%" })]));
  if (job.state === "running" || job.state === "queued") {
    bars.push(el("div", { className: "stage hint", textContent: `${job.state} for ${Math.round(Date.now() / 1000 - job.created_at)} s` }));
  }
  $("#progress").replaceChildren(...bars);
  if (job.state === "done") return loadResult();
  if (job.state === "failed" || job.state === "cancelled") { $("#job-error").textContent = job.error || job.state; refreshJobs(); return; }
  state.poll = setTimeout(watch, 500);
}

async function loadResult() {
  const full = await api("v1/jobs/" + state.job.id + "/result?format=json-full");
  state.duration = full.video.duration_seconds;
  // a URL job's video exists only once it is downloaded: load it now if the first try found nothing
  if ($("#player").readyState === 0) $("#player").src = withToken("v1/jobs/" + state.job.id + "/video");
  state.chapters = full.chapters.map((c) => ({ start_seconds: c.start_seconds, end_seconds: c.end_seconds, title: c.title, summary: c.summary }));
  if (full.video.video === null) showPlayer(true, player().src);  // audio only: a sound player, no thumbnails
  $("#strip").classList.toggle("audio", state.audio);
  $("#strip").style.backgroundImage = state.audio ? "" : "url(" + withToken("v1/jobs/" + state.job.id + "/thumbnails?count=24&height=64") + ")";
  renderChapters();
  setupChat();
  refreshJobs();
}

// the media element that plays the job's file: a video player, or a sound player for audio-only files
const player = () => (state.audio ? $("#audio-player") : $("#player"));

function showPlayer(audio, src) {
  const other = audio ? $("#player") : $("#audio-player");
  state.audio = audio;
  other.hidden = true; other.removeAttribute("src"); other.load();
  player().hidden = false;
  if (player().src !== src) player().src = src;
}

// ---- timeline and chapter editor ------------------------------------------------------

const pct = (t) => (100 * t / (state.duration || 1)) + "%";

function renderTimeline() {
  const blocks = state.chapters.map((c, i) => el("div", { className: "block" + (i === state.selected ? " selected" : ""),
    textContent: c.title, title: clock(c.start_seconds) + " " + c.title, dataset: { index: i },
    style: `left:${pct(c.start_seconds)};width:${pct(c.end_seconds - c.start_seconds)};background:${COLORS[i % COLORS.length]}`,
    onclick: () => seek(c.start_seconds, i) }));
  const handles = state.chapters.slice(1).map((c, i) => el("div", { className: "handle", dataset: { index: i + 1 },
    title: "drag to move this boundary", style: "left:" + pct(c.start_seconds), onpointerdown: dragBoundary }));
  $("#blocks").replaceChildren(...blocks, ...handles);
}

function renderChapters() {
  renderTimeline();
  $("#chapters").replaceChildren(...state.chapters.map((c, i) => el("li", { dataset: { index: i } }, [
    el("div", { className: "swatch", style: "background:" + COLORS[i % COLORS.length] }),
    el("div", { className: "time" }, [el("a", { textContent: clock(c.start_seconds), onclick: () => seek(c.start_seconds, i) }), " – " + clock(c.end_seconds)]),
    el("div", {}, [
      el("input", { className: "title", value: c.title, "aria-label": "title", onchange: (e) => edit(i, { title: e.target.value }) }),
      el("textarea", { className: "summary", value: c.summary, rows: 2, "aria-label": "summary", onchange: (e) => edit(i, { summary: e.target.value }) })]),
    el("div", { className: "actions" }, [
      el("button", { className: "light split", type: "button", textContent: "Split", title: "split at the playhead (or in the middle)", onclick: () => split(i) }),
      el("button", { className: "light merge", type: "button", textContent: "Merge ↓", title: "merge with the next chapter", disabled: i === state.chapters.length - 1, onclick: () => merge(i) })]),
  ])));
}

function seek(seconds, index) {
  state.selected = index === undefined ? state.selected : index;
  player().currentTime = seconds;
  renderTimeline();
}

function edit(i, changes) { Object.assign(state.chapters[i], changes); renderTimeline(); save(); }

function split(i) {
  const c = state.chapters[i], t = player().currentTime;
  const at = t > c.start_seconds + MIN_CHAPTER && t < c.end_seconds - MIN_CHAPTER ? t : (c.start_seconds + c.end_seconds) / 2;
  state.chapters.splice(i + 1, 0, { start_seconds: at, end_seconds: c.end_seconds, title: c.title + " (2)", summary: "" });
  c.end_seconds = at;
  renderChapters(); save();
}

function merge(i) {
  const [next] = state.chapters.splice(i + 1, 1);
  const c = state.chapters[i];
  c.end_seconds = next.end_seconds;
  c.summary = [c.summary, next.summary].filter(Boolean).join(" ");
  renderChapters(); save();
}

function dragBoundary(event) {
  // the handles are redrawn while dragging, so the window follows the pointer
  event.preventDefault();
  const i = Number(event.target.dataset.index), rect = $("#blocks").getBoundingClientRect();
  const before = state.chapters[i - 1], after = state.chapters[i];
  const move = (e) => {
    const t = state.duration * (e.clientX - rect.left) / rect.width;
    const clamped = Math.min(Math.max(t, before.start_seconds + MIN_CHAPTER), after.end_seconds - MIN_CHAPTER);
    before.end_seconds = after.start_seconds = Math.round(clamped * 1000) / 1000;
    renderTimeline();
  };
  const up = () => {
    window.removeEventListener("pointermove", move);
    renderChapters(); save();
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up, { once: true });
}

let saving = Promise.resolve();
function save() {
  const job = state.job.id, chapters = JSON.parse(JSON.stringify(state.chapters));
  $("#save-state").textContent = "saving…";
  saving = saving.then(() => api("v1/jobs/" + job + "/chapters", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ chapters }) }))
    .then(() => { $("#save-state").textContent = "saved"; }, (err) => { $("#save-state").textContent = "not saved: " + err.message; });
  return saving;
}

function onTime() {
  const t = player().currentTime;
  $("#playhead").style.left = pct(t);
}

function seekOnStrip(event) {
  const rect = $("#strip").getBoundingClientRect();
  seek(state.duration * (event.clientX - rect.left) / rect.width);
}

// ---- export ---------------------------------------------------------------------------

async function exportFormat(name) {
  await saving;
  download(withToken(`v1/jobs/${state.job.id}/result?format=${encodeURIComponent(name)}&download=true`));
}

function download(href) {
  const link = el("a", { href, download: "" });
  document.body.append(link); link.click(); link.remove();
}

async function downloadEmbedded() {
  $("#export-error").textContent = "";
  await saving;
  $("#embedded").disabled = true;
  try {
    const headers = token() ? { Authorization: "Bearer " + token() } : {};
    const response = await fetch(`v1/jobs/${state.job.id}/embedded`, { headers });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(body && body.error ? body.error.message : "HTTP " + response.status);
    }
    const name = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") || "");
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name ? name[1] : "video" });
    document.body.append(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) { $("#export-error").textContent = err.message; }
  finally { $("#embedded").disabled = false; }
}

// ---- chat -----------------------------------------------------------------------------

const TIME_IN_TEXT = /<(\d+(?:\.\d+)?) seconds>|\b(?:(\d{1,2}):)?(\d{1,2}):(\d{2}(?:\.\d+)?)\b/g;

function setupChat() {
  const engine = state.engines.find((e) => e.name === state.job.options.engine) || {};
  const enabled = Boolean(state.info.ask_available && engine.can_ask);
  $("#question").disabled = $("#ask").disabled = !enabled;
  $("#answers").replaceChildren();
  $("#chat-note").textContent = !enabled ? "Asking needs a job made with a Qwen3-VL engine (or the offline engine, which quotes the video)."
    : engine.name === "offline" ? "Offline answers quote what is said and shown; times in answers are links that seek."
    : "Answers come from " + engine.name + "; times in answers are links that seek.";
}

function linkTimes(text) {
  const parts = []; let last = 0;
  for (const m of text.matchAll(TIME_IN_TEXT)) {
    const seconds = m[1] !== undefined ? Number(m[1]) : Number(m[2] || 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
    parts.push(text.slice(last, m.index), el("a", { textContent: m[0], onclick: () => seek(seconds) }));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

async function askQuestion(event) {
  event.preventDefault();
  const question = $("#question").value.trim();
  if (!question) return;
  $("#answers").append(el("div", { className: "q", textContent: question }));
  try {
    const body = await api(`v1/jobs/${state.job.id}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
    $("#answers").append(el("div", { className: "answer" }, [
      ...(body.extractive ? [el("span", { className: "hint", textContent: "quoted from the video: " })] : []),
      ...linkTimes(body.answer)]));
    $("#answers").append(el("ul", { className: "moments" }, body.moments.map((m) => el("li", {}, [
      el("a", { textContent: clock(m.start_seconds) + "–" + clock(m.end_seconds), onclick: () => seek(m.start_seconds) }),
      " " + m.text.slice(0, 160)]))));
  } catch (err) { $("#answers").append(el("div", { className: "error", textContent: err.message })); }
}

// ---- wiring ---------------------------------------------------------------------------

$("#token").value = token();
$("#token-box").onsubmit = (e) => { e.preventDefault(); localStorage.setItem("vidmark-token", $("#token").value); location.reload(); };
$("#new-job").onsubmit = startJob;
// one video at a time: choosing one source clears the others
$("#media").onchange = () => { if ($("#media").value) $("#file").value = $("#url").value = ""; };
$("#file").onchange = () => { if ($("#file").files.length) $("#media").value = $("#url").value = ""; };
$("#url").oninput = () => { if ($("#url").value) $("#file").value = $("#media").value = ""; };
$("#cancel").onclick = async () => { await api("v1/jobs/" + state.job.id, { method: "DELETE" }); watch(); };
["#player", "#audio-player"].forEach((id) => { $(id).ontimeupdate = onTime; $(id).onseeked = onTime; });
$("#strip").onclick = seekOnStrip;
$("#embedded").onclick = downloadEmbedded;
$("#ask-form").onsubmit = askQuestion;
loadServer();
