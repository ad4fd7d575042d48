/**
 * The operations console's script (docs/API.md, "Operations"; GET /admin). With a
 * staff token it polls GET /admin/projections every 2 s, draws lag and
 * throughput from what it has seen (or from the server's per-minute counts),
 * follows a rebuild, and lists the dead letters (every 10 s) with a button to
 * redrive them. A 401 or 403 stops everything and asks for a token again.
 */
import { api, type ProjectionStatus, type Reply } from "./api.ts";
import { drawChart } from "./chart.ts";
import { byId, setText } from "./dom.ts";
import { count, duration, hourMinute, timeOfDay } from "./format.ts";
import { History, lagChart, RATE_SPAN_MS, throughputChart } from "./history.ts";
import { forgetDeadLetters, showDeadLetters } from "./render-dead-letters.ts";
import { rebuildState, showRebuild } from "./render-rebuild.ts";
import { showViews } from "./render-views.ts";
import { claimsOf, storedToken, storeToken } from "./token.ts";

const POLL_MS = 2000;
/** The dead letters are read on every fifth poll. */
const DEAD_LETTERS_EVERY = 5;

const form = byId<HTMLFormElement>("token-form");
const history = new History();

/** The signed-in session; a new one (or none) makes every answer of the old one stale. */
let session: { token: string; id: number } | null = null;
let sessions = 0;
let latest: ProjectionStatus | null = null;
let applied = 0;
let requested = 0;
/** The generation a rebuild was building when last seen, to say when it is done. */
let building: number | null = null;
let rebuildBusy = false;

const current = (id: number) => session !== null && session.id === id;

function askForToken(notice: string | null): void {
  session = null;
  sessions++;
  latest = null;
  byId("console").hidden = true;
  byId("session").hidden = true;
  forgetDeadLetters();
  byId<HTMLInputElement>("token-input").value = "";
  const message = byId("form-message");
  form.hidden = false;
  message.hidden = notice === null;
  message.textContent = notice;
  byId("token-input").focus();
}

function refused(reply: Extract<Reply<unknown>, { kind: "refused" }>): void {
  storeToken(null);
  const detail = reply.detail ? ` (The server said: ${reply.detail}.)` : "";
  askForToken(
    reply.status === 401
      ? `This token was not accepted: it is malformed, expired or not signed for this server.${detail} Enter a valid staff token.`
      : `This token is valid but does not have the staff role, which the console needs.${detail} Enter a staff token.`,
  );
}

function showWho(token: string): void {
  const claims = claimsOf(token);
  const who = claims?.sub ? `Signed in as ${claims.sub}` : "Signed in";
  const until = claims?.exp ? `, token valid until ${hourMinute(claims.exp * 1000)}` : "";
  setText(byId("session-who"), `${who}${until}.`);
  byId("session").hidden = false;
}

function begin(token: string): void {
  sessions++;
  session = { token, id: sessions };
  history.clear();
  latest = null;
  building = null;
  form.hidden = true;
  byId("form-message").hidden = true;
  byId("console").hidden = false;
  setLive("connecting", "Connecting…");
  setText(byId("updated"), "");
  setText(byId("rebuild-message"), "");
  showWho(token);
  void poll(session.id, 0);
}

function setLive(state: "connecting" | "live" | "retrying", words: string): void {
  const live = byId("live");
  live.dataset.state = state;
  setText(live, words);
}

async function poll(id: number, round: number): Promise<void> {
  if (!current(id)) return;
  const started = Date.now();
  if (round % DEAD_LETTERS_EVERY === 0) void refreshDeadLetters(id);
  await refreshStatus(id);
  if (!current(id)) return;
  setTimeout(() => void poll(id, round + 1), Math.max(0, POLL_MS - (Date.now() - started)));
}

async function refreshStatus(id: number): Promise<void> {
  if (!session || !current(id)) return;
  const ticket = ++requested;
  const reply = await api.status(session.token);
  // Only the newest answer counts: an older one arriving late would move the page back.
  if (!current(id) || ticket < applied) return;
  applied = ticket;
  if (reply.kind === "refused") return refused(reply);
  if (reply.kind === "failed") {
    setLive("retrying", `Not updating: ${reply.reason}. Trying again every ${POLL_MS / 1000} s.`);
    return;
  }
  const at = Date.now();
  setLive("live", `Live: updated every ${POLL_MS / 1000} s.`);
  setText(byId("updated"), `Last update ${timeOfDay(at)}`);
  showStatus(reply.body, at);
}

function showStatus(status: ProjectionStatus, at: number): void {
  latest = status;
  history.add(at, status);
  showViews(status);
  noteRebuildEnd(status);
  showRebuild(status.activeGeneration, status.rebuild, rebuildBusy);
  drawCharts();
}

function noteRebuildEnd(status: ProjectionStatus): void {
  if (status.rebuild) {
    building = status.rebuild.generation;
    return;
  }
  if (building !== null && status.activeGeneration >= building) {
    byId("rebuild-message").dataset.tone = "done";
    setText(byId("rebuild-message"), `Generation ${building} is rebuilt and active (done by ${timeOfDay(Date.now())}).`);
  }
  building = null;
}

function drawCharts(): void {
  const status = latest;
  if (!status) return;
  const now = Date.now();
  const lag = lagChart(history, status, now);
  const throughput = throughputChart(history, status, now);
  const opened = history.openedAt === null ? "" : timeOfDay(history.openedAt);
  setText(
    byId("charts-source"),
    throughput.source === "server"
      ? `Throughput: the server's count for each of the last ${throughput.series[0]?.points.length ?? 0} minutes. Lag: sampled every ${POLL_MS / 1000} s since this page opened at ${opened}.`
      : `Sampled every ${POLL_MS / 1000} s since this page opened at ${opened}; throughput is averaged over ${RATE_SPAN_MS / 1000} s.`,
  );
  setText(
    byId("throughput-unit"),
    throughput.source === "server" ? "(events projected per minute)" : "(events projected per minute, 30 s average)",
  );
  drawChart(byId("lag-chart"), {
    data: lag,
    format: duration,
    floor: 100,
    describe: (now, highest) =>
      now === null ? "Lag: no samples yet." : `Lag: ${duration(now)} now, at most ${duration(highest ?? now)} in the time shown.`,
  });
  drawChart(byId("throughput-chart"), {
    data: throughput,
    format: (n) => count(n),
    floor: 10,
    describe: (now, highest) =>
      now === null
        ? "Throughput: no samples yet."
        : `Throughput: ${count(now)} events per minute now, at most ${count(highest ?? now)} in the time shown.`,
  });
}

async function refreshDeadLetters(id: number): Promise<void> {
  if (!session || !current(id)) return;
  const reply = await api.deadLetters(session.token);
  if (!current(id)) return;
  if (reply.kind === "refused") return refused(reply);
  if (reply.kind === "ok") showDeadLetters(reply.body.items);
}

byId("rebuild-button").addEventListener("click", async () => {
  if (!session || rebuildBusy) return;
  const id = session.id;
  const resume = latest !== null && rebuildState(latest.rebuild) === "stalled";
  const question = resume
    ? "Resume the stalled rebuild? Its current step is sent again."
    : "Start a rebuild? Every view is rebuilt from the event store into a new generation; queries keep answering from the active one until it switches.";
  if (!confirm(question)) return;
  rebuildBusy = true;
  if (latest) showRebuild(latest.activeGeneration, latest.rebuild, true);
  const reply = await api.rebuild(session.token);
  rebuildBusy = false;
  if (!current(id)) return;
  if (reply.kind === "refused") return refused(reply);
  const message = byId("rebuild-message");
  message.dataset.tone = reply.kind === "ok" ? "done" : "failed";
  setText(
    message,
    reply.kind === "ok"
      ? `Rebuild into generation ${reply.body.generation} ${reply.body.started ? "started" : "resumed"} at ${timeOfDay(Date.now())}.`
      : `The rebuild was not started: ${reply.reason}.`,
  );
  if (reply.kind === "ok") building = reply.body.generation;
  if (latest) showRebuild(latest.activeGeneration, latest.rebuild, false);
  await refreshStatus(id);
});

byId("redrive-button").addEventListener("click", async () => {
  if (!session) return;
  const id = session.id;
  const button = byId<HTMLButtonElement>("redrive-button");
  button.disabled = true;
  const reply = await api.redrive(session.token);
  button.disabled = false;
  if (!current(id)) return;
  if (reply.kind === "refused") return refused(reply);
  const result = byId("redrive-result");
  result.dataset.tone = reply.kind === "ok" ? "done" : "failed";
  if (reply.kind === "ok") result.dataset.redriven = String(reply.body.redriven);
  else delete result.dataset.redriven;
  setText(
    result,
    reply.kind === "ok"
      ? `Redriven: ${count(reply.body.redriven)} (at ${timeOfDay(Date.now())}).`
      : `Nothing was redriven: ${reply.reason}.`,
  );
  await refreshDeadLetters(id);
});

byId("sign-out").addEventListener("click", () => {
  storeToken(null);
  askForToken(null);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = String(new FormData(form).get("token") ?? "").trim();
  if (!token) return;
  storeToken(token);
  begin(token);
});

// The charts are drawn at their box's width; redraw them when it changes.
let lastWidth = 0;
new ResizeObserver(() => {
  const width = byId("lag-chart").clientWidth;
  if (width === lastWidth) return;
  lastWidth = width;
  drawCharts();
}).observe(byId("lag-chart"));

const saved = storedToken();
if (saved) begin(saved);
else askForToken(null);
