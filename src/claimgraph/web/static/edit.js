// claimgraph edit: the annotation editor's page. Served by claimgraph itself;
// no inline script, nothing loaded from elsewhere. The article's text is only
// ever set as text (textContent), never as HTML.

const TOKEN = document.querySelector('meta[name="claimgraph-token"]').content;
const app = document.getElementById("app");
const statusLine = document.getElementById("status");
const banner = document.getElementById("banner");
const where = document.getElementById("where");

// the pickers each field of a claim offers: IDs of what it names
const PICKS = {
  claimant: "actors", to: "actors", of: "topics",
  document: "documents", inferred_from: "documents",
  asserts: "assertable", reports_only: "assertable", about: "topics", as: "posts",
  relays: "claims", continues: "claims", corroborates: "claims",
  contradicts: "claims", repeats: "claims", same_statement: "claims",
};
const SECTIONS = ["actors", "places", "documents", "events", "propositions", "posts"];
const KINDS = { quote: "quote", cue: "cue", mention: "mention", description: "description", time: "time expression" };

let schema = null;
let registry = {};
let state = null; // the article being edited

// -- talking to the server ----------------------------------------------------------

async function api(method, url, body) {
  const init = { method, credentials: "same-origin", headers: { "X-Claimgraph-Token": TOKEN } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    say("The editor's server does not answer: your edits are kept in this browser.", "error");
    throw err;
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok && response.status !== 409) {
    say(data.error || `The server answered ${response.status}.`, "error");
    throw new Error(data.error || String(response.status));
  }
  return { status: response.status, data };
}

function say(text, kind = "") {
  statusLine.textContent = text;
  statusLine.className = kind;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function showBanner(message, ...actions) {
  banner.replaceChildren(el("p", { text: message }), ...actions);
  banner.hidden = false;
}

function hideBanner() {
  banner.hidden = true;
  banner.replaceChildren();
}

// -- routing ----------------------------------------------------------------------------

let routeSeq = 0; // a view whose data arrives after another view was asked for is dropped

async function route() {
  hideBanner();
  const seq = ++routeSeq;
  const match = location.hash.match(/^#\/article\/(.+)$/);
  if (match) await openArticle(decodeURIComponent(match[1]), seq);
  else if (location.hash === "#/registry") await openRegistry(seq);
  else await openCorpus(seq);
}

window.addEventListener("hashchange", () => {
  if (state && dirty() && !location.hash.endsWith(encodeURIComponent(state.name))) {
    say("Unsaved edits of the last article are kept in this browser.");
  }
  route();
});

// -- the corpus ---------------------------------------------------------------------------

async function openCorpus(seq) {
  state = null;
  where.textContent = "";
  if (!app.querySelector("table.corpus")) app.replaceChildren(el("p", { text: "Reading the corpus…" }));
  const { data } = await api("GET", "/api/corpus");
  if (seq !== routeSeq) return;
  registry = data.registry || {};
  const rows = data.articles.map((a) => {
    const counts = a.counts || {};
    const open = el("a", { href: `#/article/${encodeURIComponent(a.name)}`, text: a.name });
    const actions = [];
    if (a.state === "none" && a.text) {
      actions.push(
        el("button", { type: "button", text: "Start empty", onclick: () => start(a.name, false) }),
        el("button", { type: "button", text: "Start from a draft", onclick: () => start(a.name, true) }),
      );
    }
    return el(
      "tr", { dataset: { article: a.name } },
      el("td", {}, a.state === "none" ? a.name : open),
      el("td", { class: `state state-${a.state}`, text: { none: "no annotation", draft: "draft", reviewed: "reviewed" }[a.state] }),
      ...["error", "violation", "warning"].map((k) => el("td", { text: a.counts ? String(counts[k]) : a.state === "none" ? "" : "…" })),
      el("td", {}, actions),
    );
  });
  const shared = SECTIONS.filter((s) => (registry[s] || []).length).map((s) =>
    el("li", {}, `${registry[s].length} ${s}: `, registry[s].slice(0, 12).map((e) => e.label).join(", "),
      registry[s].length > 12 ? " …" : ""));
  app.replaceChildren(
    el("h1", { text: "Articles" }),
    el("table", { class: "corpus" },
      el("thead", {}, el("tr", {}, ["Article", "State", "Errors", "Violations", "Warnings", ""].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, rows)),
    el("h2", { text: "Registry" }),
    shared.length ? el("ul", {}, shared) : el("p", { text: "No registry.yaml, or an empty one." }),
    data.has_registry ? el("p", {}, el("a", { href: "#/registry", text: "Edit the registry" })) : null,
  );
  if (data.pending) {
    say("Checking the articles…");
    setTimeout(() => { if (seq === routeSeq) openCorpus(seq); }, 1500);
  } else {
    say("");
  }
}

async function start(name, fromDraft) {
  await api("POST", `/api/articles/${encodeURIComponent(name)}/start${fromDraft ? "?draft=true" : ""}`);
  location.hash = `#/article/${encodeURIComponent(name)}`;
}

// -- an article ---------------------------------------------------------------------------

function storageKey(name) {
  return `claimgraph-edit:${location.host}:${name}`;
}

function dirty() {
  return state && JSON.stringify(state.data) !== state.savedJson;
}

async function openArticle(name, seq) {
  if (!schema) schema = (await api("GET", "/api/schema")).data;
  if (!Object.keys(registry).length) registry = (await api("GET", "/api/corpus")).data.registry || {};
  const { data } = await api("GET", `/api/articles/${encodeURIComponent(name)}`);
  if (seq !== routeSeq) return;
  where.textContent = name;
  if (data.data === null) {
    app.replaceChildren(
      el("p", { text: "This article has no annotation yet." }),
      el("button", { type: "button", text: "Start empty", onclick: () => start(name, false) }),
      el("button", { type: "button", text: "Start from a draft", onclick: () => start(name, true) }),
    );
    return;
  }
  begin(name, "article", data);
}

// the registry (registry.yaml): the entries the articles share, edited as an
// article's entries are, with the same checks, saves and conflicts
const REGISTRY = "/registry"; // no article has this name (it holds a slash)

async function openRegistry(seq) {
  if (!schema) schema = (await api("GET", "/api/schema")).data;
  const { data } = await api("GET", "/api/registry");
  if (seq !== routeSeq) return;
  where.textContent = data.name;
  begin(REGISTRY, "registry", data);
}

function endpoint() {
  return state.kind === "registry" ? "/api/registry" : `/api/articles/${encodeURIComponent(state.name)}`;
}

function begin(name, kind, data) {
  state = {
    name,
    kind,
    text: data.text || "",
    data: data.data,
    base: data.base,
    savedJson: JSON.stringify(data.data),
    check: data.check,
    selected: null,
    words: null,
    history: [],
    future: [],
    committed: JSON.stringify(data.data),
    seq: 0,
    suggestions: null,
    entry: null,
    sections: new Set(), // the entry sections the reader opened: they stay open when the list is redrawn
  };
  const kept = JSON.parse(localStorage.getItem(storageKey(name)) || "null");
  if (kept && JSON.stringify(kept.data) !== state.savedJson) {
    const use = () => {
      commit();
      state.data = kept.data;
      commit();
      hideBanner();
      renderArticle();
      scheduleCheck(0);
    };
    const discard = () => {
      localStorage.removeItem(storageKey(name));
      hideBanner();
    };
    if (kept.base === data.base) {
      use();
      showBanner(`Restored edits not yet saved, kept by this browser (${kept.at}).`,
        el("button", { type: "button", text: "Discard them", onclick: () => { discard(); undoAll(); } }));
    } else {
      showBanner("This browser kept edits made before the file changed on disk. Use them (then save to replace the file) or discard them.",
        el("button", { type: "button", text: "Use them", onclick: use }),
        el("button", { type: "button", text: "Discard them", onclick: discard }));
    }
  }
  renderArticle();
  say(dirty() ? "Unsaved edits (kept in this browser)." : "Saved.");
}

function undoAll() {
  state.data = JSON.parse(state.savedJson);
  state.committed = state.savedJson;
  state.history = [];
  state.future = [];
  renderArticle();
  scheduleCheck(0);
}

function renderRegistry() {
  const tools = el("div", { class: "tools", role: "toolbar", "aria-label": "Registry" },
    button("Save", save, "Ctrl+S"),
    button("Undo", undo, "Alt+Z"),
    button("Redo", redo, "Alt+Shift+Z"),
    el("a", { href: "#/", text: "All articles" }));
  app.replaceChildren(
    el("div", { class: "registry-view" },
      el("h1", { text: "The registry: entries the articles share" }),
      tools,
      el("div", { id: "problems", "aria-live": "polite" }),
      el("div", { id: "entries" }),
      el("div", { id: "pickers" })));
  renderPickers();
  renderEntries();
  renderProblems();
}

function renderArticle() {
  if (state.kind === "registry") return renderRegistry();
  const text = el("div", { id: "text", class: "text", tabindex: "0", role: "document", "aria-label": "The article's text" });
  const legend = el("p", { class: "legend" }, "Spans: ",
    Object.entries(KINDS).map(([k, label]) => el("span", { class: `seg k-${k}`, text: label })));
  const words = el("input", {
    id: "words", type: "search", "aria-label": "Words of the article to act on (or select them in the text)",
    placeholder: "Words of the article (Enter: their next occurrence)",
    oninput: (e) => pickWords(e.target.value),
    onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); nextOccurrence(); } },
  });
  const actions = el("div", { id: "actions", role: "toolbar", "aria-label": "With the selected words" },
    words,
    el("span", { id: "picked", "aria-live": "polite" }),
    button("New claim with this quote", () => newClaim("quote"), "Alt+N"),
    button("New claim with this cue", () => newClaim("cue")),
    button("Quote of the selected claim", () => setAnchor("quote"), "Alt+Q"),
    button("Cue of the selected claim", () => setAnchor("cue"), "Alt+C"),
    button("Date of the selected claim", setWhen, "Alt+T"),
    button("Mention of an actor…", mentionForm, "Alt+M"),
    button("New anonymous source", newAnonymousSource));
  const tools = el("div", { class: "tools", role: "toolbar", "aria-label": "Article" },
    button("Save", save, "Ctrl+S"),
    button("Undo", undo, "Alt+Z"),
    button("Redo", redo, "Alt+Shift+Z"),
    button("New claim", () => newClaim(null)),
    button("Draft suggestions", draftSuggestions, "Alt+D"),
    button("Mark reviewed…", reviewForm),
    el("a", { href: "#/", text: "All articles" }));
  app.replaceChildren(
    el("div", { class: "article-view" },
      el("section", { class: "text-pane", "aria-label": "Text" }, legend, actions, el("div", { id: "mention-form" }), text),
      el("section", { class: "claims-pane", "aria-label": "Annotation" },
        tools, el("div", { id: "review-form" }),
        el("div", { id: "problems", "aria-live": "polite" }),
        el("div", { id: "suggestions" }),
        el("h2", { text: "Claims" }),
        el("ol", { id: "claims", class: "claims" }),
        el("h2", { text: "The article and its entries" }),
        el("div", { id: "entries" }),
        el("div", { id: "pickers" }))));
  document.addEventListener("selectionchange", selectionChanged);
  renderText();
  renderPickers();
  renderClaims();
  renderProblems();
  renderSuggestions();
}

function button(label, action, key) {
  return el("button", { type: "button", text: label, title: key ? `${label} (${key})` : label, "aria-keyshortcuts": key ? key.replace("Ctrl", "Control") : undefined, onclick: action });
}

// -- the text with its spans -----------------------------------------------------------

function renderText() {
  const box = document.getElementById("text");
  if (!box) return;
  const text = state.text;
  const spans = (state.check && state.check.spans) || [];
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.begin); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.begin <= a && s.end >= b);
    const classes = ["seg", ...new Set(covering.map((s) => `k-${s.kind}`))];
    const claims = covering.filter((s) => s.path[0] === "claims").sort((x, y) => (x.end - x.begin) - (y.end - y.begin));
    if (claims.length && state.selected !== null && claims.some((s) => Number(s.path[1]) === state.selected)) classes.push("current");
    // a span whose words or entry has a problem says so, on the span itself
    const troubles = covering.flatMap((s) => problemsAt(s.path.slice(0, 2)));
    if (troubles.length) classes.push("problem");
    const part = el("span", { class: classes.join(" "), dataset: { begin: String(a) } }, text.slice(a, b));
    if (claims.length) part.dataset.claim = claims[0].path[1];
    if (covering.length) {
      part.title = [
        ...covering.map((s) => `${s.kind}: ${s.path.join(".")}`),
        ...troubles.map((p) => `${p.severity}: ${p.message}`),
      ].join("\n");
    }
    parts.push(part);
  }
  box.replaceChildren(...parts);
}

document.addEventListener("click", (event) => {
  const part = event.target.closest && event.target.closest("#text .seg[data-claim]");
  if (part && window.getSelection().isCollapsed) selectClaim(Number(part.dataset.claim));
});

function offsetOf(node, offset) {
  const part = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const seg = part && part.closest && part.closest("#text [data-begin]");
  if (!seg) return null;
  return Number(seg.dataset.begin) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
}

function selectionChanged() {
  if (!state) return;
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return;
  const range = sel.getRangeAt(0);
  const begin = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  if (begin === null || end === null || end <= begin) return;
  setWords(begin, end);
}

function pattern(words) {
  const escaped = words.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(escaped.join("\\s+"), "g");
}

function setWords(begin, end) {
  let raw = state.text.slice(begin, end);
  const lead = raw.length - raw.trimStart().length;
  raw = raw.trim();
  if (!raw) return;
  begin += lead;
  const words = raw.replace(/\s+/g, " ");
  const found = [...state.text.matchAll(pattern(words))];
  const index = found.findIndex((m) => m.index === begin);
  state.words = { text: words, begin, occurrence: found.length > 1 && index >= 0 ? index + 1 : null };
  const input = document.getElementById("words");
  if (input && document.activeElement !== input) input.value = words;
  showPicked();
}

function pickWords(value) {
  const words = value.trim().replace(/\s+/g, " ");
  state.words = null;
  if (words) {
    const found = [...state.text.matchAll(pattern(words))];
    if (found.length) {
      state.words = { text: words, begin: found[0].index, occurrence: found.length > 1 ? 1 : null };
    }
  }
  showPicked();
}

function nextOccurrence() {
  const w = state.words;
  if (!w) return;
  const found = [...state.text.matchAll(pattern(w.text))];
  if (found.length < 2) return;
  const next = ((w.occurrence || 1) % found.length) + 1;
  state.words = { text: w.text, begin: found[next - 1].index, occurrence: next };
  showPicked();
}

function showPicked() {
  const picked = document.getElementById("picked");
  if (!picked) return;
  const w = state.words;
  picked.textContent = w ? `«${w.text.length > 60 ? w.text.slice(0, 60) + "…" : w.text}»${w.occurrence ? ` (occurrence ${w.occurrence})` : ""}` : "no words of the text selected";
}

function anchorOf(extra) {
  const w = state.words;
  const anchor = { text: w.text };
  if (w.occurrence && w.occurrence > 1) anchor.occurrence = w.occurrence;
  return Object.assign(anchor, extra);
}

function needWords() {
  if (!state.words) {
    say("Select words of the text first (or type them in the box above it).", "error");
    return false;
  }
  return true;
}

function quoted(w) {
  const before = state.text.slice(Math.max(0, w.begin - 1), w.begin);
  const after = state.text.charAt(w.begin + w.text.length);
  return /["“‘«']/.test(before) || /["”’»']/.test(after) || /^["“]/.test(w.text);
}

function uniqueId(prefix) {
  const used = new Set(allIds());
  for (let i = 1; ; i++) {
    const id = `${prefix}-${i}`;
    if (!used.has(id)) return id;
  }
}

function slug(words) {
  return words.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "entry";
}

function allIds() {
  const ids = [];
  for (const section of [...SECTIONS, "claims"]) for (const e of state.data[section] || []) if (e && e.id) ids.push(String(e.id));
  for (const section of SECTIONS) for (const e of registry[section] || []) ids.push(e.id);
  return ids;
}

// -- changes, undo, redo, saving ----------------------------------------------------------

function commit() {
  const now = JSON.stringify(state.data);
  if (now !== state.committed) {
    state.history.push(state.committed);
    if (state.history.length > 500) state.history.shift();
    state.future = [];
    state.committed = now;
  }
}

function keep() {
  try {
    localStorage.setItem(storageKey(state.name), JSON.stringify({ base: state.base, data: state.data, at: new Date().toLocaleString() }));
    return true;
  } catch (err) { // the browser's storage is full: say so, the edits are only on the page
    say("Unsaved edits: this browser cannot keep them (its storage is full): save soon.", "error");
    return false;
  }
}

function changed() {
  if (keep()) say("Unsaved edits (kept in this browser).");
  scheduleCheck();
}

function change(mutate) {
  commit();
  mutate(state.data);
  commit();
  changed();
  renderClaims();
  renderPickers();
}

function undo() {
  commit();
  if (!state.history.length) return say("Nothing to undo.");
  state.future.push(state.committed);
  state.committed = state.history.pop();
  state.data = JSON.parse(state.committed);
  changed();
  renderClaims();
  renderPickers();
}

function redo() {
  if (!state.future.length) return say("Nothing to redo.");
  state.history.push(state.committed);
  state.committed = state.future.pop();
  state.data = JSON.parse(state.committed);
  changed();
  renderClaims();
  renderPickers();
}

let checkTimer = null;

function scheduleCheck(delay = 150) {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, delay);
}

async function runCheck() {
  const seq = ++state.seq;
  const name = state.name;
  const { data } = await api("POST", `${endpoint()}/check`, { data: state.data });
  if (!state || state.name !== name || seq !== state.seq) return; // a newer check is on its way
  // an annotation with errors is not mapped: its claims keep the sentences of the last mapping
  data.labels = { ...((state.check && state.check.labels) || {}), ...data.labels };
  state.check = data;
  renderText();
  renderProblems();
  renderLabels();
  markFields();
}

async function save() {
  if (!state) return;
  commit();
  const name = state.name;
  const sent = JSON.stringify(state.data); // what this save writes: edits made meanwhile stay unsaved
  const { status, data } = await api("PUT", endpoint(), { data: JSON.parse(sent), base: state.base });
  if (!state || state.name !== name) return;
  if (status === 409) {
    showBanner(data.error,
      el("button", { type: "button", text: "Reload the file (discard my edits)", onclick: () => { localStorage.removeItem(storageKey(state.name)); route(); } }),
      el("button", { type: "button", text: "Overwrite the file with my edits", onclick: () => { state.base = data.current; hideBanner(); save(); } }));
    say("Not saved: the file changed on disk.", "error");
    return;
  }
  state.base = data.base;
  state.savedJson = sent;
  if (JSON.stringify(state.data) !== sent) {
    keep(); // typed while the save was on its way: kept, and still to save
    return say("Saved, but edits made meanwhile are not: save again.");
  }
  localStorage.removeItem(storageKey(state.name));
  if (state.kind === "registry" && data.written) registry = {}; // the pickers read it again
  say(data.written ? (data.layout_kept ? "Saved." : "Saved (the file's layout could not be kept everywhere).") : "Saved (nothing had changed).");
}

// -- claims ----------------------------------------------------------------------------------

function claims() {
  if (state.kind === "registry") return []; // the registry has no claims
  if (!Array.isArray(state.data.claims)) state.data.claims = [];
  return state.data.claims;
}

function newClaim(kind) {
  if (state.kind === "registry") return;
  if (kind && !needWords()) return;
  const claim = { id: uniqueId("c"), certainty: "certain" };
  if (kind === "quote") claim.quote = anchorOf({ mode: quoted(state.words) ? "direct" : "indirect" });
  if (kind === "cue") claim.cue = anchorOf({ type: "say" });
  change(() => claims().push(claim));
  selectClaim(claims().length - 1);
}

function setAnchor(kind) {
  if (!needWords()) return;
  if (state.selected === null) return say("Select a claim first (click it, or Alt+ArrowDown).", "error");
  change(() => {
    const claim = claims()[state.selected];
    const old = claim[kind] || {};
    claim[kind] = anchorOf(kind === "quote" ? { mode: old.mode || (quoted(state.words) ? "direct" : "indirect") } : { type: old.type || "say" });
  });
  renderForm();
}

function setWhen() {
  // the words that date the statement: said.when, as words of the text (with
  // their occurrence when they are not the first: 'today' said twice)
  if (!needWords()) return;
  if (state.selected === null) return say("Select a claim first (click it, or Alt+ArrowDown).", "error");
  change(() => {
    const claim = claims()[state.selected];
    claim.said = claim.said || {};
    claim.said.when = state.words.occurrence && state.words.occurrence > 1 ? anchorOf({}) : state.words.text;
  });
  renderForm();
}

function mentionForm() {
  if (!needWords()) return;
  const box = document.getElementById("mention-form");
  const words = state.words;
  const input = el("input", { list: "dl-actors", "aria-label": "The actor these words name (an ID, or a new one)", value: slug(words.text) });
  const kind = el("select", { "aria-label": "Kind of a new actor" }, ["person", "organisation", "state", "group", "unidentified"].map((k) => el("option", { value: k, text: k })));
  const done = () => {
    const of = input.value.trim();
    if (!of) return;
    change((data) => {
      if (!allIds().includes(of)) {
        (data.actors = data.actors || []).push({ id: of, kind: kind.value, names: [words.text] });
      }
      (data.mentions = data.mentions || []).push(anchorOf({ of }));
    });
    box.replaceChildren();
  };
  box.replaceChildren(el("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); done(); } },
    el("label", {}, `«${words.text}» names `, input), kind,
    el("button", { type: "submit", text: "Add mention" }),
    el("button", { type: "button", text: "Cancel", onclick: () => box.replaceChildren() })));
  input.focus();
  input.select();
}

function newAnonymousSource() {
  if (!needWords()) return;
  const id = uniqueId(slug(state.words.text));
  const described = state.words.occurrence ? anchorOf({}) : state.words.text;
  change((data) => (data.actors = data.actors || []).push({ id, kind: "anonymous-source", described_as: described }));
  say(`Added the anonymous source ${id}.`);
}

function selectClaim(index) {
  state.selected = index;
  renderClaims();
  renderText();
  const card = document.querySelector(`#claims li[data-index="${index}"]`);
  if (card) {
    card.scrollIntoView({ block: "nearest" });
    const first = card.querySelector("input, select, textarea");
    if (first) first.focus();
  }
}

function renderLabels() {
  for (const head of document.querySelectorAll("#claims .card-label")) {
    const claim = claims()[Number(head.dataset.index)];
    head.textContent = labelOf(claim);
  }
}

function labelOf(claim) {
  const labels = (state.check && state.check.labels) || {};
  if (claim && labels[claim.id]) return labels[claim.id];
  const words = claim && (claim.quote || claim.cue);
  return words && words.text ? `«${words.text}»` : "(not checked yet)";
}

function problemsAt(prefix) {
  const all = (state.check && state.check.problems) || [];
  return all.filter((p) => prefix.every((part, i) => String(p.path[i]) === String(part)));
}

function renderClaims() {
  const list = document.getElementById("claims");
  if (!list) return renderEntries(); // the registry's view: entries only
  const items = claims().map((claim, i) => {
    const problems = problemsAt(["claims", i]);
    const head = el("button", {
      type: "button", class: "card-head", "aria-expanded": String(state.selected === i),
      onclick: () => (state.selected === i ? closeClaim() : selectClaim(i)),
    }, el("code", { text: claim.id || "(no id)" }), " ",
    el("span", { class: "card-label", dataset: { index: String(i) }, text: labelOf(claim) }),
    problems.length ? el("span", { class: "badge", text: `${problems.length} problem${problems.length > 1 ? "s" : ""}` }) : null,
    claim.confidence !== undefined ? el("span", { class: "confidence", text: `drafted, ${Math.round(Number(claim.confidence) * 100)} %` }) : null);
    return el("li", { class: `card${state.selected === i ? " selected" : ""}`, dataset: { index: String(i) } }, head);
  });
  list.replaceChildren(...items);
  renderForm();
  renderEntries();
}

function closeClaim() {
  state.selected = null;
  renderClaims();
  renderText();
}

// -- forms from the JSON Schema ------------------------------------------------------------

function resolve(node) {
  while (node && node.$ref) node = schema.$defs[node.$ref.split("/").pop()];
  return node || {};
}

// -- renaming: an ID changed in its form is changed wherever the article names it ------------

function isIdRef(node) {
  // a field that names an entry or a claim: an ID's pattern (not a date's), alone or in a list
  const id = (v) => v.type === "string" && typeof v.pattern === "string" && v.pattern.endsWith("[A-Za-z0-9._-]*$");
  return variants(node).some((v) => id(v) || (v.type === "array" && id(resolve(v.items || {}))));
}

function renameIn(node, objSchema, old, now) {
  let count = 0;
  if (!node || typeof node !== "object") return 0;
  for (const [key, prop] of Object.entries(objSchema.properties || {})) {
    const value = node[key];
    if (key === "id" || value === undefined || value === null) continue;
    const object = variants(prop).find((v) => v.type === "object" && v.properties);
    const list = variants(prop).find((v) => v.type === "array");
    const items = list && resolve(list.items || {});
    if (object && typeof value === "object" && !Array.isArray(value)) count += renameIn(value, object, old, now);
    else if (items && items.properties && Array.isArray(value)) for (const item of value) count += renameIn(item, items, old, now);
    else if (isIdRef(prop) && value === old) { node[key] = now; count += 1; }
    else if (isIdRef(prop) && Array.isArray(value) && value.includes(old)) {
      node[key] = value.map((v) => (v === old ? now : v));
      count += 1;
    }
  }
  return count;
}

function renameId(old, now) {
  return renameIn(state.data, schema, old, now);
}

function variants(node) {
  // the shapes a value may take, nested anyOf flattened ('unknown', or an ID or a list of IDs)
  node = resolve(node);
  if (node.anyOf) return node.anyOf.flatMap(variants).filter((v) => v.type !== "null");
  return [node];
}

function renderForm() {
  const card = state.selected === null ? null : document.querySelector(`#claims li[data-index="${state.selected}"]`);
  for (const old of document.querySelectorAll("#claims form.hop")) old.remove();
  if (!card) return;
  const claim = claims()[state.selected];
  const form = el("form", { class: "hop", "aria-label": `Claim ${claim.id}`, onsubmit: (e) => e.preventDefault() });
  form.append(...fieldsFor(schema.$defs.Claim, ["claims", state.selected], claim));
  form.append(el("div", { class: "form-actions" },
    button("Delete this claim", () => {
      const index = state.selected;
      state.selected = null;
      change(() => claims().splice(index, 1));
    }),
    button("Close", closeClaim, "Escape")));
  card.append(form);
  markFields();
}

function fieldsFor(objSchema, path, value) {
  const required = new Set(objSchema.required || []);
  return Object.entries(objSchema.properties || {}).map(([key, prop]) => field(key, prop, [...path, key], value ? value[key] : undefined, required.has(key)));
}

function getAt(path) {
  let node = state.data;
  for (const part of path) node = node == null ? undefined : node[part];
  return node;
}

function setAt(path, value) {
  let node = state.data;
  for (const part of path.slice(0, -1)) {
    if (node[part] === undefined || node[part] === null) node[part] = typeof part === "number" ? [] : {};
    node = node[part];
  }
  const last = path[path.length - 1];
  const empty = value === undefined || value === "" || (Array.isArray(value) && !value.length);
  if (empty) delete node[last];
  else node[last] = value;
}

function pathId(path) {
  return `f-${path.join("-")}`;
}

function field(key, prop, path, value, required) {
  const options = variants(prop);
  const object = options.find((v) => v.type === "object" && v.properties);
  const list = options.find((v) => v.type === "array");
  // a list of IDs is typed with commas (an ID has none); a list of words
  // (names, the parts of a quote) one item a line: words may hold commas
  const idList = Boolean(list && resolve(list.items || {}).pattern);
  const scalar = options.find((v) => v.type === "string" || v.type === "number" || v.type === "integer" || v.enum);
  const label = el("label", { for: pathId(path), text: key + (required ? " *" : "") });
  const help = resolve(prop).description || (object && object.description) || "";
  const wrap = el("div", { class: "field", dataset: { path: path.join(".") } });
  const asObject = value !== null && typeof value === "object" && !Array.isArray(value);
  if (object && (asObject || (!scalar && !list))) {
    const box = el("fieldset", { class: "nested" }, el("legend", { text: key }));
    if (value && typeof value === "object") {
      box.append(...fieldsFor(object, path, value));
      box.append(button(`Remove ${key}`, () => { change(() => setAt(path, undefined)); renderForm(); }));
    } else {
      box.append(button(`Add ${key}`, () => { change(() => setAt(path, {})); renderForm(); }));
    }
    if (help) box.append(el("p", { class: "help", text: help }));
    wrap.append(box);
    return wrap;
  }
  let control;
  if (scalar && scalar.enum) {
    control = el("select", { id: pathId(path) }, el("option", { value: "", text: required ? "(choose)" : "(default)" }),
      scalar.enum.map((v) => el("option", { value: v, text: v, selected: String(value) === v })));
  } else {
    const pick = PICKS[key];
    const shown = Array.isArray(value) ? value.join(idList ? ", " : "\n") : value === undefined || value === null ? "" : typeof value === "object" ? value.text || "" : String(value);
    const numeric = scalar && (scalar.type === "number" || scalar.type === "integer");
    const long = key === "note" || key === "summary" || key === "description" || (list && !idList);
    control = el(long ? "textarea" : "input", {
      id: pathId(path), list: pick && (!list || idList) ? `dl-${pick}` : undefined,
      type: numeric ? "number" : undefined, step: numeric && scalar.type === "number" ? "any" : undefined,
      placeholder: list ? (idList ? "IDs, separated by commas" : "one a line") : undefined,
    });
    control.value = shown;
  }
  control.setAttribute("aria-describedby", `${pathId(path)}-help`);
  const read = () => {
    const raw = control.value.trim();
    if (!raw) return undefined;
    if (list) {
      const items = raw.split(idList ? "," : "\n").map((s) => s.trim()).filter(Boolean);
      return items.length === 1 && scalar && !Array.isArray(value) ? items[0] : items;
    }
    if (scalar && (scalar.type === "number" || scalar.type === "integer")) return Number(raw);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return { ...value, text: raw };
    return raw;
  };
  control.addEventListener("input", () => { setAt(path, read()); changed(); });
  if (PICKS[key] === "claims" && control.tagName === "INPUT") {
    // another article's claims (ARTICLE/CLAIM), searched in the corpus as you type
    control.addEventListener("focus", () => searchClaims(control));
    control.addEventListener("input", () => searchClaims(control));
  }
  control.addEventListener("change", () => {
    const now = read();
    setAt(path, now);
    // a renamed entry or claim: what named it by its old ID names it by the new one
    const renamed = key === "id" && path[0] !== "article" && typeof value === "string" && value && now && now !== value;
    const moved = renamed ? renameId(value, now) : 0;
    commit();
    changed();
    if (key === "id") renderClaims();
    if (moved) say(`Renamed ${value} to ${now} in ${moved} place${moved === 1 ? "" : "s"} that named it.`);
  });
  wrap.append(label, control, el("p", { class: "help", id: `${pathId(path)}-help`, text: help }));
  return wrap;
}

let claimSearch = null;

function searchClaims(control) {
  clearTimeout(claimSearch);
  claimSearch = setTimeout(async () => {
    const typed = control.value.split(",").pop().trim();
    const { data } = await api("GET", `/api/claims?q=${encodeURIComponent(typed)}`);
    const own = claims().filter((c) => c && c.id).map((c) => ({ id: c.id, label: labelOf(c) }));
    const others = data.claims.filter((c) => !c.id.startsWith(`${state.name}/`));
    const list = document.getElementById("dl-claims");
    if (list) list.replaceChildren(...[...own, ...others].map((c) => el("option", { value: c.id, label: c.label })));
  }, 150);
}

function markFields() {
  for (const old of document.querySelectorAll(".field-problem")) old.remove();
  for (const f of document.querySelectorAll(".field.invalid")) f.classList.remove("invalid");
  for (const c of document.querySelectorAll("[aria-invalid]")) c.removeAttribute("aria-invalid");
  for (const problem of (state.check && state.check.problems) || []) {
    const target = fieldFor(problem.path);
    if (!target) continue;
    target.classList.add("invalid");
    const note = el("p", { class: `field-problem ${problem.severity}`, id: `problem-${target.dataset.path}`, text: `${problem.severity}: ${problem.message}` });
    target.append(note);
    const control = target.querySelector("input, select, textarea");
    if (control) control.setAttribute("aria-invalid", "true");
  }
}

function fieldFor(path) {
  for (let n = path.length; n > 1; n--) {
    const found = document.querySelector(`.field[data-path="${CSS.escape(path.slice(0, n).join("."))}"]`);
    if (found) return found;
  }
  if (path[0] === "claims") return document.querySelector(`#claims li[data-index="${path[1]}"] form.hop`);
  return null;
}

// -- the other entries: the article, actors, mentions, events ... ----------------------------

const ENTRY_DEFS = {
  article: "ArticleMeta", actors: "Actor", mentions: "Mention", events: "Event",
  propositions: "Proposition", places: "Place", documents: "Document", posts: "Post",
};
const SINGULAR = {
  actors: "actor", mentions: "mention", events: "event", propositions: "proposition",
  places: "place", documents: "document", posts: "post",
};

function entryLabel(entry) {
  if (!entry || typeof entry !== "object") return "";
  const described = entry.described_as;
  return String((entry.names && entry.names[0]) || entry.label || entry.headline || entry.title ||
    (typeof described === "string" ? described : described && described.text) || entry.text || entry.description || "");
}

function openEntry(which) {
  state.entry = which;
  renderEntries();
  if (!which) return;
  const card = document.querySelector(`#entries li[data-section="${which.section}"][data-index="${which.index}"]`);
  if (card) {
    card.scrollIntoView({ block: "nearest" });
    const first = card.querySelector("input, select, textarea");
    if (first) first.focus();
  }
}

function newEntry(section) {
  const entry = section === "mentions" ? { of: "", text: "" } : { id: uniqueId(SINGULAR[section]) };
  change((data) => (data[section] = data[section] || []).push(entry));
  openEntry({ section, index: state.data[section].length - 1 });
}

function renderEntries() {
  const box = document.getElementById("entries");
  if (!box) return;
  const open = state.entry;
  const sections = Object.entries(ENTRY_DEFS).filter(([section]) => state.kind !== "registry" || SECTIONS.includes(section));
  box.replaceChildren(...sections.map(([section, def]) => {
    const items = section === "article" ? [state.data.article || {}] : state.data[section] || [];
    const count = problemsAt([section]).length;
    const details = el("details", {
      class: "entries",
      dataset: { section },
      open: Boolean(open && open.section === section) || state.sections.has(section),
      ontoggle: (e) => state.sections[e.target.open ? "add" : "delete"](section),
    },
      el("summary", {}, `${section} (${items.length})`,
        count ? el("span", { class: "badge", text: `${count} problem${count > 1 ? "s" : ""}` }) : null));
    details.append(el("ol", { class: "claims" }, items.map((entry, i) => {
      const isOpen = Boolean(open && open.section === section && open.index === i);
      const card = el("li", { class: `card${isOpen ? " selected" : ""}`, dataset: { section, index: String(i) } },
        el("button", { type: "button", class: "card-head", "aria-expanded": String(isOpen), onclick: () => openEntry(isOpen ? null : { section, index: i }) },
          el("code", { text: section === "article" ? "article" : String(entry.id || entry.of || "(no id)") }), " ", entryLabel(entry)));
      if (isOpen) {
        const path = section === "article" ? ["article"] : [section, i];
        const form = el("form", { class: "hop", "aria-label": `${section} ${i + 1}`, onsubmit: (e) => e.preventDefault() },
          ...fieldsFor(schema.$defs[def], path, entry));
        const actions = el("div", { class: "form-actions" }, button("Close", () => openEntry(null)));
        if (section !== "article") {
          actions.prepend(button(`Delete this ${SINGULAR[section]}`, () => {
            state.entry = null;
            change((data) => data[section].splice(i, 1));
          }));
        }
        form.append(actions);
        card.append(form);
      }
      return card;
    })));
    if (section !== "article") details.append(button(`New ${SINGULAR[section]}`, () => newEntry(section)));
    return details;
  }));
  markFields();
}

function renderPickers() {
  const box = document.getElementById("pickers");
  if (!box) return;
  const own = (section) => (state.data[section] || []).filter((e) => e && e.id).map((e) => ({ id: e.id, label: entryLabel(e) }));
  const shared = (section) => registry[section] || [];
  const of = (...sections) => sections.flatMap((s) => [...own(s), ...shared(s)]);
  const lists = {
    actors: [{ id: "author", label: "the article's author" }, ...of("actors")],
    documents: [{ id: "article", label: "this article" }, ...of("documents")],
    assertable: of("events", "propositions"),
    topics: [...of("events", "propositions", "actors", "places", "documents"), ...own("claims")],
    posts: of("posts"),
    claims: own("claims").map((c) => ({ id: c.id, label: labelOf(c) })),
  };
  box.replaceChildren(...Object.entries(lists).map(([name, items]) =>
    el("datalist", { id: `dl-${name}` }, items.map((i) => el("option", { value: i.id, label: i.label })))));
}

// -- problems ------------------------------------------------------------------------------

function renderProblems() {
  const box = document.getElementById("problems");
  if (!box) return;
  const check = state.check;
  if (!check) return box.replaceChildren(el("p", { text: "Not checked yet." }));
  const c = check.counts;
  const summary = `${c.error} error${c.error === 1 ? "" : "s"}, ${c.violation} violation${c.violation === 1 ? "" : "s"}, ${c.warning} warning${c.warning === 1 ? "" : "s"}`;
  const items = check.problems.map((p) => el("li", { class: p.severity },
    el("button", { type: "button", class: "link", text: p.path.join(".") || "(file)", onclick: () => goTo(p.path) }),
    ` ${p.severity}: ${p.message}`, p.hint ? el("span", { class: "hint", text: ` (${p.hint})` }) : null));
  box.replaceChildren(el("p", { class: c.error + c.violation ? "bad" : "good", text: c.error + c.violation ? summary : `Valid: ${summary}.` }), items.length ? el("ul", {}, items) : null);
}

function goTo(path) {
  if (path[0] === "claims" && path.length > 1) selectClaim(Number(path[1]));
  else if (ENTRY_DEFS[path[0]]) openEntry({ section: path[0], index: path[0] === "article" ? 0 : Number(path[1]) });
  const target = fieldFor(path);
  const input = target && target.querySelector("input, select, textarea");
  if (input) input.focus();
}

// -- drafts and review ---------------------------------------------------------------------

async function draftSuggestions() {
  say("Drafting…");
  const { data } = await api("POST", `/api/articles/${encodeURIComponent(state.name)}/draft`);
  state.suggestions = data.suggestions;
  say(`${data.suggestions.length} suggestion${data.suggestions.length === 1 ? "" : "s"} from the drafter.`);
  renderSuggestions();
}

function renderSuggestions() {
  const box = document.getElementById("suggestions");
  if (!box) return;
  const list = state.suggestions;
  if (!list || !list.length) return box.replaceChildren();
  box.replaceChildren(el("h2", { text: "Suggestions of the drafter" }),
    el("div", { class: "tools" }, button("Accept all", () => { for (const s of [...list]) accept(s, false); renderSuggestions(); }),
      button("Reject all", () => { state.suggestions = []; renderSuggestions(); })),
    el("ol", { class: "suggestions" }, list.map((s) => el("li", { class: "suggestion", dataset: { suggestion: s.id } },
      el("p", {}, el("strong", { text: `${Math.round(s.confidence * 100)} %` }), " ", s.words.map((w) => `«${w}»`).join(" / ")),
      el("p", { class: "help", text: s.claims.map((c) => `${c.id}: ${c.claimant || "author"} ${c.act || (c.relays ? "reports" : "states")}`).join(" → ") }),
      button("Accept", () => accept(s)),
      button("Reject", () => { state.suggestions = list.filter((x) => x !== s); renderSuggestions(); })))));
}

function accept(suggestion, render = true) {
  change((data) => {
    const used = new Set(allIds());
    const renamed = {};
    const fresh = (id) => {
      if (!used.has(id)) { used.add(id); return id; }
      for (let i = 2; ; i++) if (!used.has(`${id}-${i}`)) { used.add(`${id}-${i}`); renamed[id] = `${id}-${i}`; return `${id}-${i}`; }
    };
    for (const [section, entries] of Object.entries(suggestion.entries)) {
      for (const entry of entries) (data[section] = data[section] || []).push({ ...entry, id: fresh(entry.id) });
    }
    const rename = (v) => (Array.isArray(v) ? v.map(rename) : typeof v === "string" && renamed[v] ? renamed[v] : v);
    for (const claim of suggestion.claims) {
      const copy = JSON.parse(JSON.stringify(claim));
      copy.id = fresh(copy.id);
      for (const key of Object.keys(PICKS)) if (key in copy) copy[key] = rename(copy[key]);
      if (copy.said && copy.said.to) copy.said.to = rename(copy.said.to);
      (data.claims = data.claims || []).push(copy);
    }
  });
  state.suggestions = state.suggestions.filter((x) => x !== suggestion);
  if (render) renderSuggestions();
}

function reviewForm() {
  const box = document.getElementById("review-form");
  const by = el("input", { "aria-label": "Reviewed by", value: localStorage.getItem("claimgraph-edit:reviewer") || "" });
  box.replaceChildren(el("form", { class: "inline", onsubmit: (e) => {
    e.preventDefault();
    const name = by.value.trim();
    if (!name) return;
    localStorage.setItem("claimgraph-edit:reviewer", name);
    change((data) => {
      data.article = data.article || {};
      data.article.status = "reviewed";
      data.article.reviewed = { by: name, on: new Date().toISOString().slice(0, 10) };
    });
    box.replaceChildren();
    say("Marked reviewed: save to keep it.");
  } }, el("label", {}, "Reviewed by ", by), el("button", { type: "submit", text: "Mark the article reviewed" }),
  el("button", { type: "button", text: "Cancel", onclick: () => box.replaceChildren() })));
  by.focus();
}

// -- keyboard ----------------------------------------------------------------------------------

document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.code === "KeyS") { e.preventDefault(); save(); return; }
  if (!state) return;
  if (e.key === "Escape" && state.selected !== null) { closeClaim(); return; }
  if (!e.altKey) return;
  const actions = {
    KeyZ: () => (e.shiftKey ? redo() : undo()),
    KeyN: () => newClaim(state.words ? "quote" : null),
    KeyQ: () => setAnchor("quote"),
    KeyC: () => setAnchor("cue"),
    KeyM: mentionForm,
    KeyT: setWhen,
    KeyW: () => document.getElementById("words").focus(),
    KeyD: draftSuggestions,
    ArrowDown: () => selectClaim(Math.min(claims().length - 1, state.selected === null ? 0 : state.selected + 1)),
    ArrowUp: () => selectClaim(Math.max(0, state.selected === null ? 0 : state.selected - 1)),
  };
  const action = state.kind === "registry" && e.code !== "KeyZ" ? null : actions[e.code];
  if (action) { e.preventDefault(); action(); }
});

window.addEventListener("beforeunload", (e) => {
  if (dirty()) { e.preventDefault(); e.returnValue = ""; }
});

route();
