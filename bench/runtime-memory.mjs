#!/usr/bin/env node
// `node bench/runtime-memory.mjs`: the local runtime's own memory under
// load, for comparison with `npm run soak`. A bare Worker (bench/bare-worker)
// under wrangler dev answers 3 rounds of 20 s of requests, 8 in flight; the
// anonymous resident memory (RssAnon) of each workerd process is printed
// before and after each round.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, REPO } from "./lib/servers.mjs";

const port = await freePort();
const child = spawn(
  join(REPO, "node_modules/.bin/wrangler"),
  ["dev", "-c", "bench/bare-worker/wrangler.toml", "--port", String(port), "--ip", "127.0.0.1"],
  {
    cwd: REPO,
    detached: true,
    stdio: "ignore",
    env: { ...process.env, PATH: `${join(REPO, "node_modules/.bin")}:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false", CI: "true" },
  },
);
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {}
  await sleep(300);
}
/** RssAnon (MB) of every workerd process of the group: memory the runtime allocated, not file pages. */
const anon = () =>
  execFileSync("ps", ["-o", "pid=,args=", "-g", String(child.pid)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .filter((l) => l.includes("workerd serve"))
    .map((l) => Number(/RssAnon:\s+(\d+)/.exec(readFileSync(`/proc/${l.trim().split(/\s+/)[0]}/status`, "utf8"))?.[1] ?? 0))
    .map((kb) => Math.round(kb / 1024));
const rounds = [];
for (let r = 0; r < 3; r++) {
  const before = anon();
  let n = 0;
  const end = Date.now() + 20_000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < end) {
        await (await fetch(url)).text();
        n++;
      }
    }),
  );
  await sleep(2000);
  rounds.push({ requests: n, anonMbBefore: before, anonMbAfter: anon() });
  console.log(JSON.stringify(rounds.at(-1)));
}
process.kill(-child.pid, "SIGKILL");
