// vidmark archive search: hits from GET /v1/search; clicking one plays that video from that time.
"use strict";

const byId = (id) => document.getElementById(id);
const savedToken = () => localStorage.getItem("vidmark-token") || "";
const withAccess = (url) => savedToken() ? url + "&access_token=" + encodeURIComponent(savedToken()) : url;

function stamp(seconds) {
  const s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s % 60).padStart(2, "0");
}

function play(hit) {
  const player = byId("player");
  const source = withAccess("v1/search/video?path=" + encodeURIComponent(hit.path)) + "#t=" + hit.start_seconds;
  player.hidden = false;
  if (player.dataset.path !== hit.path) {
    player.src = source;
    player.dataset.path = hit.path;
  }
  player.currentTime = hit.start_seconds;
  player.play().catch(() => {});
  byId("now-playing").textContent = hit.path + " at " + stamp(hit.start_seconds);
}

async function search(event) {
  event.preventDefault();
  const q = byId("q").value.trim();
  const list = byId("hits");
  list.replaceChildren();
  if (!q) return;
  const response = await fetch(withAccess("v1/search?limit=50&q=" + encodeURIComponent(q)));
  const body = await response.json();
  if (!response.ok) {
    byId("search-status").textContent = body.error ? body.error.message : "HTTP " + response.status;
    return;
  }
  byId("search-status").textContent = body.length + " hit(s)";
  for (const hit of body) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#";
    link.className = "hit";
    link.textContent = stamp(hit.start_seconds) + "  " + hit.path.split("/").pop();
    link.addEventListener("click", (e) => { e.preventDefault(); play(hit); });
    const snippet = document.createElement("div");
    snippet.className = "hint";
    snippet.textContent = "(" + hit.source + ") " + hit.snippet;
    item.append(link, snippet);
    list.append(item);
  }
}

byId("search-form").addEventListener("submit", search);
