// Generated from src/web/console/client/ (esbuild, one IIFE) by scripts/build-page-bundle.mjs. Do not edit.
// Regenerate: npm run build:console
export const CONSOLE_CLIENT = `"use strict";
(() => {
  // src/web/console/client/api.ts
  async function call(token, method, path) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: { Authorization: \`Bearer \${token}\`, Accept: "application/json" },
        cache: "no-store",
        credentials: "omit"
      });
    } catch {
      return { kind: "failed", reason: "the server could not be reached" };
    }
    let body2 = null;
    try {
      body2 = await res.json();
    } catch {
    }
    if (res.status === 401 || res.status === 403) {
      const detail = typeof body2?.detail === "string" ? body2.detail : "";
      return { kind: "refused", status: res.status, detail };
    }
    if (!res.ok || body2 === null) return { kind: "failed", reason: \`the server answered \${res.status}\` };
    return { kind: "ok", body: body2 };
  }
  var api = {
    status: (token) => call(token, "GET", "/admin/projections"),
    rebuild: (token) => call(token, "POST", "/admin/projections/rebuild"),
    deadLetters: (token) => call(token, "GET", "/admin/dead-letters?limit=100"),
    redrive: (token) => call(token, "POST", "/admin/dead-letters/redrive?limit=100")
  };

  // src/web/client/dom.ts
  function byId(id) {
    const element = document.getElementById(id);
    if (!element) throw new Error(\`the page has no #\${id}\`);
    return element;
  }
  function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  }
  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  // src/web/console/client/dom.ts
  var SVG = "http://www.w3.org/2000/svg";
  function s(tag, attributes = {}, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes))
      element.setAttribute(name, typeof value === "number" ? String(Math.round(value * 10) / 10) : value);
    element.append(...children);
    return element;
  }

  // src/web/console/client/format.ts
  var integer = new Intl.NumberFormat(void 0, { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat(void 0, { maximumFractionDigits: 1 });
  var clock = new Intl.DateTimeFormat(void 0, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  var shortClock = new Intl.DateTimeFormat(void 0, { hour: "2-digit", minute: "2-digit" });
  var dateAndClock = new Intl.DateTimeFormat(void 0, { dateStyle: "medium", timeStyle: "medium" });
  var count = (n) => integer.format(n);
  function duration(ms) {
    if (ms < 1e3) return \`\${integer.format(ms)} ms\`;
    if (ms < 6e4) return \`\${oneDecimal.format(ms / 1e3)} s\`;
    return \`\${oneDecimal.format(ms / 6e4)} min\`;
  }
  function instant(at) {
    const date = new Date(at);
    return date.toDateString() === (/* @__PURE__ */ new Date()).toDateString() ? clock.format(date) : dateAndClock.format(date);
  }
  var timeOfDay = (at) => clock.format(new Date(at));
  var hourMinute = (at) => shortClock.format(new Date(at));
  function timeElement(iso) {
    const element = document.createElement("time");
    element.dateTime = iso;
    element.textContent = instant(iso);
    return element;
  }

  // src/web/console/client/chart.ts
  var HEIGHT = 184;
  var MARGIN = { top: 12, right: 14, bottom: 26, left: 58 };
  var MINUTE = 6e4;
  var STEPS = [15e3, 3e4, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE];
  var STYLES = 5;
  function roundUp(value) {
    if (value <= 0) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 4, 5, 10]) if (step * power >= value - 1e-9) return step * power;
    return 10 * power;
  }
  var values = (points) => points.flatMap((p) => p.value === null ? [] : [p.value]);
  function drawChart(figure, spec) {
    const svgBox = figure.querySelector(".chart-canvas");
    const legend = figure.querySelector(".legend");
    if (!svgBox || !legend) return;
    const { data } = spec;
    const width = Math.max(240, Math.floor(svgBox.clientWidth || 560));
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const all = data.series.flatMap((series) => values(series.points));
    const top = roundUp(Math.max(spec.floor, ...all));
    const span = Math.max(1, data.to - data.from);
    const x = (at) => MARGIN.left + (at - data.from) / span * plotWidth;
    const y = (value) => MARGIN.top + plotHeight - Math.min(value, top) / top * plotHeight;
    const latest2 = data.series.length > 0 ? Math.max(...data.series.map((series) => values(series.points).at(-1) ?? -1)) : -1;
    const summary = spec.describe(latest2 < 0 ? null : latest2, all.length > 0 ? Math.max(...all) : null);
    const svg = s("svg", { width, height: HEIGHT, viewBox: \`0 0 \${width} \${HEIGHT}\`, role: "img", "aria-label": summary });
    const grid = s("g", { class: "grid" });
    for (const tick of [0, top / 2, top]) {
      grid.append(s("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick) }));
      grid.append(s("text", { x: MARGIN.left - 6, y: y(tick) + 4, "text-anchor": "end" }, spec.format(tick)));
    }
    const every = STEPS.find((step) => plotWidth / span * step >= (step < MINUTE ? 92 : 64)) ?? 60 * MINUTE;
    const label = every < MINUTE ? timeOfDay : hourMinute;
    const first = Math.ceil(data.from / every) * every;
    for (let at = first; at <= data.to; at += every) {
      grid.append(s("line", { class: "tick", x1: x(at), x2: x(at), y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight + 4 }));
      const anchor = x(at) < MARGIN.left + 20 ? "start" : x(at) > width - MARGIN.right - 20 ? "end" : "middle";
      grid.append(s("text", { x: x(at), y: HEIGHT - 6, "text-anchor": anchor }, label(at)));
    }
    grid.append(
      s("line", { class: "axis", x1: MARGIN.left, x2: width - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight })
    );
    svg.append(grid);
    const plotted = s("g", { class: "data" });
    data.series.forEach((series, index) => {
      const style = \`s\${Math.min(index, STYLES - 1)}\`;
      if (data.kind === "bars") {
        const slot = data.bucketMs / span * plotWidth;
        const barWidth = Math.max(2, slot * 0.7 / data.series.length);
        for (const point of series.points) {
          if (point.value === null) continue;
          const left = x(point.at) + slot * 0.15 + index * barWidth;
          const height = Math.max(point.value > 0 ? 1.5 : 0, MARGIN.top + plotHeight - y(point.value));
          plotted.append(s("rect", { class: \`bar \${style}\`, x: left, y: MARGIN.top + plotHeight - height, width: barWidth, height }));
        }
        return;
      }
      let path = "";
      let drawing = false;
      for (const point of series.points) {
        if (point.value === null) {
          drawing = false;
          continue;
        }
        path += \`\${drawing ? "L" : "M"}\${x(point.at).toFixed(1)} \${y(point.value).toFixed(1)}\`;
        drawing = true;
      }
      if (path) plotted.append(s("path", { class: \`line \${style}\`, d: path }));
      const last = series.points.findLast((p) => p.value !== null);
      if (last?.value != null) plotted.append(s("circle", { class: \`dot \${style}\`, cx: x(last.at), cy: y(last.value), r: 3.5 }));
    });
    svg.append(plotted);
    svgBox.replaceChildren(svg);
    legend.replaceChildren(
      ...data.series.map(
        (series, index) => h("li", {}, h("span", { class: \`swatch s\${Math.min(index, STYLES - 1)} \${data.kind}\`, "aria-hidden": "true" }), series.label)
      )
    );
    legend.hidden = data.series.length === 0;
  }

  // src/web/console/client/history.ts
  var SAMPLE_WINDOW_MS = 5 * 6e4;
  var RATE_SPAN_MS = 3e4;
  var KEEP_MS = 61 * 6e4;
  var MINUTE2 = 6e4;
  var activeViews = (status) => status.views.filter((view) => view.generation === status.activeGeneration);
  var History = class {
    #samples = /* @__PURE__ */ new Map();
    #openedAt = null;
    clear() {
      this.#samples.clear();
      this.#openedAt = null;
    }
    /** When the first sample was taken, if any. */
    get openedAt() {
      return this.#openedAt;
    }
    add(at, status) {
      this.#openedAt ??= at;
      for (const view of activeViews(status)) {
        const samples = this.#samples.get(view.name) ?? [];
        samples.push({ at, generation: view.generation, lagMs: view.lagMs, lastBatchLagMs: view.lastBatchLagMs, position: view.position });
        while (samples.length > 0 && (samples[0]?.at ?? at) < at - KEEP_MS) samples.shift();
        this.#samples.set(view.name, samples);
      }
    }
    /** The samples of the view by this name, each of the generation active when it was taken. */
    samples(view) {
      return this.#samples.get(view.name) ?? [];
    }
  };
  function grouped(named, what) {
    const groups = /* @__PURE__ */ new Map();
    for (const { name, points } of named) {
      const key = JSON.stringify(points);
      const group = groups.get(key);
      if (group) group.names.push(name);
      else groups.set(key, { names: [name], points });
    }
    return [...groups.values()].map(({ names, points }) => {
      const views = groups.size === 1 && names.length > 1 ? "all views" : names.join(", ");
      return { label: what ? \`\${what} (\${views})\` : views.charAt(0).toUpperCase() + views.slice(1), points };
    });
  }
  function serverMinutes(views) {
    const lengths = views.map((view) => Array.isArray(view.throughputPerMinute) ? view.throughputPerMinute.length : 0);
    return lengths.length > 0 && lengths.every((n) => n > 0 && n === lengths[0]) ? lengths[0] ?? 0 : 0;
  }
  function windowOf(status, now) {
    const minutes = serverMinutes(activeViews(status));
    if (minutes === 0) return { from: now - SAMPLE_WINDOW_MS, to: now, minutes: 0 };
    const current2 = Math.floor(now / MINUTE2) * MINUTE2;
    return { from: current2 - (minutes - 1) * MINUTE2, to: current2 + MINUTE2, minutes };
  }
  var MIN_SAMPLE_SPAN_MS = 6e4;
  function sampleSpan(history2, status, now) {
    const { minutes } = windowOf(status, now);
    const longest = minutes > 0 ? minutes * MINUTE2 : SAMPLE_WINDOW_MS;
    const seen = history2.openedAt === null ? 0 : now - history2.openedAt;
    return { from: now - Math.min(longest, Math.max(MIN_SAMPLE_SPAN_MS, seen)), to: now };
  }
  function lagChart(history2, status, now) {
    const { from, to } = sampleSpan(history2, status, now);
    const views = activeViews(status);
    const shown2 = (view) => history2.samples(view).filter((s2) => s2.at >= from && s2.at <= to);
    const withBatches = views.length > 0 && views.every((view) => view.lastBatchLagMs !== void 0);
    const series = grouped(
      views.map((view) => ({ name: view.name, points: shown2(view).map((s2) => ({ at: s2.at, value: s2.lagMs })) })),
      withBatches ? "Waiting" : void 0
    );
    if (withBatches)
      series.push(
        ...grouped(
          views.map((view) => ({ name: view.name, points: shown2(view).map((s2) => ({ at: s2.at, value: s2.lastBatchLagMs ?? null })) })),
          "Last batch"
        )
      );
    return { from, to, kind: "line", bucketMs: 0, series, source: "samples" };
  }
  function ratePoints(samples) {
    return samples.map((sample, i) => {
      let j = i - 1;
      const same = (k) => samples[k]?.generation === sample.generation;
      while (j > 0 && same(j - 1) && (samples[j - 1]?.at ?? 0) >= sample.at - RATE_SPAN_MS) j--;
      const earlier = samples[j];
      if (!earlier || !same(j) || sample.at - earlier.at < 1e3 || sample.position < earlier.position) return { at: sample.at, value: null };
      return { at: sample.at, value: (sample.position - earlier.position) / (sample.at - earlier.at) * MINUTE2 };
    });
  }
  function throughputChart(history2, status, now) {
    const { from, to, minutes } = windowOf(status, now);
    const views = activeViews(status);
    if (minutes > 0) {
      const series2 = grouped(
        views.map((view) => ({
          name: view.name,
          points: (view.throughputPerMinute ?? []).map((events, i) => ({ at: from + i * MINUTE2, value: events }))
        }))
      );
      return { from, to, kind: "bars", bucketMs: MINUTE2, series: series2, source: "server" };
    }
    const span = sampleSpan(history2, status, now);
    const series = grouped(
      views.map((view) => ({
        name: view.name,
        points: ratePoints(history2.samples(view)).filter((p) => p.at >= span.from && p.at <= span.to)
      }))
    );
    return { ...span, kind: "line", bucketMs: 0, series, source: "samples" };
  }

  // src/web/console/client/render-dead-letters.ts
  var shown = "";
  function body(value) {
    try {
      return JSON.stringify(value, null, 2) ?? String(value);
    } catch {
      return String(value);
    }
  }
  function item(letter) {
    const error = typeof letter.error === "string" && letter.error ? [h("p", { class: "notice", "data-field": "error" }, \`Error: \${letter.error}\`)] : [];
    return h(
      "li",
      { "data-id": letter.id },
      h("p", { class: "letter-id" }, h("code", {}, letter.id)),
      ...error,
      h(
        "dl",
        { class: "facts" },
        h("div", {}, h("dt", {}, "Attempts"), h("dd", { "data-field": "attempts" }, count(letter.attempts))),
        h("div", {}, h("dt", {}, "Received"), h("dd", {}, timeElement(letter.receivedAt)))
      ),
      h("details", {}, h("summary", {}, "Message body"), h("pre", { tabindex: "0" }, body(letter.body)))
    );
  }
  function showDeadLetters(items) {
    setText(byId("dead-letter-count"), items.length === 100 ? "(100 or more)" : \`(\${count(items.length)})\`);
    byId("dead-letters-empty").hidden = items.length > 0;
    const key = JSON.stringify(items);
    if (key === shown) return;
    shown = key;
    byId("dead-letters").replaceChildren(...items.map(item));
  }
  function forgetDeadLetters() {
    shown = "";
    byId("dead-letters").replaceChildren();
    setText(byId("dead-letter-count"), "");
    setText(byId("redrive-result"), "");
  }

  // src/web/console/client/render-rebuild.ts
  function rebuildState(rebuild) {
    if (rebuild === null) return "idle";
    return rebuild.stalled ? "stalled" : "running";
  }
  var timeOrDash = (iso) => iso ? [timeElement(iso)] : ["not yet"];
  function showRebuild(activeGeneration, rebuild, busy) {
    const card = byId("rebuild");
    const state = rebuildState(rebuild);
    card.dataset.state = state;
    const button = byId("rebuild-button");
    setText(button, state === "stalled" ? "Resume rebuild" : state === "running" ? "Rebuild running\\u2026" : "Start rebuild");
    button.disabled = busy || state === "running";
    byId("rebuild-progress").hidden = rebuild === null;
    if (rebuild === null) {
      setText(byId("rebuild-state"), \`No rebuild running. Generation \${activeGeneration} is active.\`);
      return;
    }
    setText(
      byId("rebuild-state"),
      \`\${state === "stalled" ? \`The rebuild into generation \${rebuild.generation} has stalled.\` : \`Rebuilding into generation \${rebuild.generation}\\u2026\`} Generation \${activeGeneration} answers queries until it is done.\`
    );
    const bar = byId("rebuild-bar");
    const done = Math.min(rebuild.shard, rebuild.shards);
    bar.max = Math.max(1, rebuild.shards);
    bar.value = done;
    setText(
      byId("rebuild-shards"),
      rebuild.shard >= rebuild.shards ? \`\${rebuild.shards} of \${rebuild.shards}, now the catalog\` : \`\${done} of \${rebuild.shards}\`
    );
    setText(byId("rebuild-orders"), count(rebuild.ordersScanned));
    byId("rebuild-started").replaceChildren(...timeOrDash(rebuild.startedAt));
    byId("rebuild-moved").replaceChildren(...timeOrDash(rebuild.lastProgressAt));
    const stalled = byId("rebuild-stalled");
    stalled.hidden = !rebuild.stalled && !rebuild.lastError;
    const failed = rebuild.lastFailedAt ? \` at \${instant(rebuild.lastFailedAt)}\` : "";
    const attempt = typeof rebuild.failedAttempts === "number" ? \` (attempt \${rebuild.failedAttempts})\` : "";
    const message = rebuild.lastError ?? "";
    const error = message ? \`Last error\${failed}\${attempt}: \${message}\${/[.!?]$/.test(message) ? "" : "."}\` : "";
    setText(
      stalled,
      rebuild.stalled ? \`Stalled: it has not moved since \${rebuild.lastProgressAt ? instant(rebuild.lastProgressAt) : "it started"}. \${error || "No error was recorded."} Resume it, or redrive its dead letter.\` : error
    );
  }

  // src/web/console/client/render-views.ts
  var cell = (column, field, ...children) => h("td", { role: "cell", "data-label": column, "data-field": field }, ...children);
  var num = (column, field, ...children) => {
    const td = cell(column, field, ...children);
    td.className = "num";
    return td;
  };
  function lagCell(view) {
    const td = num("Lag", "lag", view.lagMs === null ? "not yet" : duration(view.lagMs));
    if (view.lagMs !== null) td.dataset.value = String(view.lagMs);
    if (typeof view.lastBatchLagMs === "number") td.append(h("span", { class: "sub" }, \`last batch \${duration(view.lastBatchLagMs)}\`));
    return td;
  }
  function progressCells(p) {
    const position = num("Position", "position", count(p.position));
    position.dataset.value = String(p.position);
    return [
      position,
      lagCell(p),
      num("Backlog", "backlog", p.backlog === null ? "not yet" : count(p.backlog)),
      cell("Last projected", "last-projected", p.lastProjectedAt ? timeElement(p.lastProjectedAt) : "never")
    ];
  }
  function row(view, building2) {
    const name = h("th", { scope: "row", role: "rowheader", "data-label": "View" }, h("code", {}, view.name));
    if (building2) name.append(" ", h("span", { class: "tag" }, "rebuilding"));
    return h(
      "tr",
      { role: "row", "data-view": view.name, "data-generation": String(view.generation), "data-state": building2 ? "building" : "active" },
      name,
      num("Generation", "generation", String(view.generation)),
      ...progressCells(view)
    );
  }
  function partitionRow(p) {
    return h(
      "tr",
      { role: "row", "data-partition": String(p.partition), "data-generation": String(p.generation) },
      h("th", { scope: "row", role: "rowheader", "data-label": "Partition" }, \`Partition \${p.partition}\`),
      num("Generation", "generation", String(p.generation)),
      ...progressCells(p)
    );
  }
  function showViews(status) {
    const building2 = status.rebuild?.generation ?? null;
    setText(
      byId("generation-line"),
      \`Active generation \${status.activeGeneration}\${building2 === null ? "" : \`; generation \${building2} is being rebuilt\`}. \${status.views.length === 1 ? "1 view" : \`\${status.views.length} views\`}.\`
    );
    byId("view-rows").replaceChildren(...status.views.map((view) => row(view, view.generation !== status.activeGeneration)));
    const partitions = new Set(status.partitions.map((p) => p.partition)).size;
    setText(
      byId("partitions-line"),
      partitions === 0 ? "No partition has projected anything yet." : \`\${partitions === 1 ? "1 partition has" : \`\${partitions} partitions have\`} projected events; each is one in-order consumer, and an order's events all go to one. The views above add them up.\`
    );
    byId("partition-rows").replaceChildren(...status.partitions.map(partitionRow));
  }

  // src/web/console/client/token.ts
  var KEY = "operations-console:token";
  function storedToken() {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  }
  function storeToken(token) {
    try {
      if (token === null) sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, token);
    } catch {
    }
  }
  function claimsOf(token) {
    const payload = token.split(".")[1];
    if (!payload) return null;
    try {
      const json = atob(
        payload.replaceAll("-", "+").replaceAll("_", "/").padEnd(Math.ceil(payload.length / 4) * 4, "=")
      );
      const claims = JSON.parse(json);
      return {
        sub: typeof claims.sub === "string" ? claims.sub : null,
        exp: typeof claims.exp === "number" ? claims.exp : null
      };
    } catch {
      return null;
    }
  }

  // src/web/console/client/main.ts
  var POLL_MS = 2e3;
  var DEAD_LETTERS_EVERY = 5;
  var form = byId("token-form");
  var history = new History();
  var session = null;
  var sessions = 0;
  var latest = null;
  var applied = 0;
  var requested = 0;
  var building = null;
  var rebuildBusy = false;
  var current = (id) => session !== null && session.id === id;
  function askForToken(notice) {
    session = null;
    sessions++;
    latest = null;
    byId("console").hidden = true;
    byId("session").hidden = true;
    forgetDeadLetters();
    byId("token-input").value = "";
    const message = byId("form-message");
    form.hidden = false;
    message.hidden = notice === null;
    message.textContent = notice;
    byId("token-input").focus();
  }
  function refused(reply) {
    storeToken(null);
    const detail = reply.detail ? \` (The server said: \${reply.detail}.)\` : "";
    askForToken(
      reply.status === 401 ? \`This token was not accepted: it is malformed, expired or not signed for this server.\${detail} Enter a valid staff token.\` : \`This token is valid but does not have the staff role, which the console needs.\${detail} Enter a staff token.\`
    );
  }
  function showWho(token) {
    const claims = claimsOf(token);
    const who = claims?.sub ? \`Signed in as \${claims.sub}\` : "Signed in";
    const until = claims?.exp ? \`, token valid until \${hourMinute(claims.exp * 1e3)}\` : "";
    setText(byId("session-who"), \`\${who}\${until}.\`);
    byId("session").hidden = false;
  }
  function begin(token) {
    sessions++;
    session = { token, id: sessions };
    history.clear();
    latest = null;
    building = null;
    form.hidden = true;
    byId("form-message").hidden = true;
    byId("console").hidden = false;
    setLive("connecting", "Connecting\\u2026");
    setText(byId("updated"), "");
    setText(byId("rebuild-message"), "");
    showWho(token);
    void poll(session.id, 0);
  }
  function setLive(state, words) {
    const live = byId("live");
    live.dataset.state = state;
    setText(live, words);
  }
  async function poll(id, round) {
    if (!current(id)) return;
    const started = Date.now();
    if (round % DEAD_LETTERS_EVERY === 0) void refreshDeadLetters(id);
    await refreshStatus(id);
    if (!current(id)) return;
    setTimeout(() => void poll(id, round + 1), Math.max(0, POLL_MS - (Date.now() - started)));
  }
  async function refreshStatus(id) {
    if (!session || !current(id)) return;
    const ticket = ++requested;
    const reply = await api.status(session.token);
    if (!current(id) || ticket < applied) return;
    applied = ticket;
    if (reply.kind === "refused") return refused(reply);
    if (reply.kind === "failed") {
      setLive("retrying", \`Not updating: \${reply.reason}. Trying again every \${POLL_MS / 1e3} s.\`);
      return;
    }
    const at = Date.now();
    setLive("live", \`Live: updated every \${POLL_MS / 1e3} s.\`);
    setText(byId("updated"), \`Last update \${timeOfDay(at)}\`);
    showStatus(reply.body, at);
  }
  function showStatus(status, at) {
    latest = status;
    history.add(at, status);
    showViews(status);
    noteRebuildEnd(status);
    showRebuild(status.activeGeneration, status.rebuild, rebuildBusy);
    drawCharts();
  }
  function noteRebuildEnd(status) {
    if (status.rebuild) {
      building = status.rebuild.generation;
      return;
    }
    if (building !== null && status.activeGeneration >= building) {
      byId("rebuild-message").dataset.tone = "done";
      setText(byId("rebuild-message"), \`Generation \${building} is rebuilt and active (done by \${timeOfDay(Date.now())}).\`);
    }
    building = null;
  }
  function drawCharts() {
    const status = latest;
    if (!status) return;
    const now = Date.now();
    const lag = lagChart(history, status, now);
    const throughput = throughputChart(history, status, now);
    const opened = history.openedAt === null ? "" : timeOfDay(history.openedAt);
    setText(
      byId("charts-source"),
      throughput.source === "server" ? \`Throughput: the server's count for each of the last \${throughput.series[0]?.points.length ?? 0} minutes. Lag: sampled every \${POLL_MS / 1e3} s since this page opened at \${opened}.\` : \`Sampled every \${POLL_MS / 1e3} s since this page opened at \${opened}; throughput is averaged over \${RATE_SPAN_MS / 1e3} s.\`
    );
    setText(
      byId("throughput-unit"),
      throughput.source === "server" ? "(events projected per minute)" : "(events projected per minute, 30 s average)"
    );
    drawChart(byId("lag-chart"), {
      data: lag,
      format: duration,
      floor: 100,
      describe: (now2, highest) => now2 === null ? "Lag: no samples yet." : \`Lag: \${duration(now2)} now, at most \${duration(highest ?? now2)} in the time shown.\`
    });
    drawChart(byId("throughput-chart"), {
      data: throughput,
      format: (n) => count(n),
      floor: 10,
      describe: (now2, highest) => now2 === null ? "Throughput: no samples yet." : \`Throughput: \${count(now2)} events per minute now, at most \${count(highest ?? now2)} in the time shown.\`
    });
  }
  async function refreshDeadLetters(id) {
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
    const question = resume ? "Resume the stalled rebuild? Its current step is sent again." : "Start a rebuild? Every view is rebuilt from the event store into a new generation; queries keep answering from the active one until it switches.";
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
      reply.kind === "ok" ? \`Rebuild into generation \${reply.body.generation} \${reply.body.started ? "started" : "resumed"} at \${timeOfDay(Date.now())}.\` : \`The rebuild was not started: \${reply.reason}.\`
    );
    if (reply.kind === "ok") building = reply.body.generation;
    if (latest) showRebuild(latest.activeGeneration, latest.rebuild, false);
    await refreshStatus(id);
  });
  byId("redrive-button").addEventListener("click", async () => {
    if (!session) return;
    const id = session.id;
    const button = byId("redrive-button");
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
      reply.kind === "ok" ? \`Redriven: \${count(reply.body.redriven)} (at \${timeOfDay(Date.now())}).\` : \`Nothing was redriven: \${reply.reason}.\`
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
  var lastWidth = 0;
  new ResizeObserver(() => {
    const width = byId("lag-chart").clientWidth;
    if (width === lastWidth) return;
    lastWidth = width;
    drawCharts();
  }).observe(byId("lag-chart"));
  var saved = storedToken();
  if (saved) begin(saved);
  else askForToken(null);
})();
`;
