/**
 * The operations console (docs/API.md, "Operations"; GET /admin): one static
 * document, its stylesheet and script inline, holding no data. The script
 * (src/web/console/client/, bundled into client.generated.ts) asks for a
 * staff token and then polls the /admin endpoints with it.
 */
import { CONSOLE_CLIENT } from "./client.generated.ts";
import { CONSOLE_STYLE } from "./style.ts";

export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Operations console</title>
<link rel="icon" href="data:,">
<style>${CONSOLE_STYLE}</style>
</head>
<body>
<header class="top">
<div class="top-inner">
<h1>Operations console</h1>
<p id="session" class="session" hidden><span id="session-who" data-testid="session-who"></span> <button id="sign-out" type="button" class="secondary">Sign out</button></p>
</div>
</header>
<main>
<noscript><p>This console needs JavaScript.</p></noscript>

<form id="token-form" class="card narrow" hidden aria-labelledby="form-heading">
<h2 id="form-heading">Sign in</h2>
<p id="form-message" class="notice" data-testid="form-message" role="alert" hidden></p>
<p><label for="token-input">Staff token</label><br>
<input id="token-input" name="token" type="password" required autocomplete="off" spellcheck="false" aria-describedby="token-hint"></p>
<p id="token-hint" class="hint">A JWT with the role <code>staff</code>. It stays in this browser tab (session storage) and goes only to this server's <code>/admin</code> endpoints, never into the address.</p>
<p><button type="submit">Open the console</button></p>
</form>

<div id="console" hidden>
<p class="live"><span id="live" data-testid="live" data-state="connecting" role="status">Connecting…</span> <span id="updated" class="hint"></span></p>

<section class="card" aria-labelledby="charts-heading">
<h2 id="charts-heading">Lag and throughput</h2>
<p id="charts-source" class="hint"></p>
<div class="charts">
<figure id="lag-chart" data-testid="lag-chart">
<figcaption>Lag <span id="lag-unit" class="unit">(how long events wait to be projected)</span></figcaption>
<div class="chart-canvas"></div>
<ul class="legend" aria-label="Lines"></ul>
</figure>
<figure id="throughput-chart" data-testid="throughput-chart">
<figcaption>Throughput <span id="throughput-unit" class="unit">(events projected per minute)</span></figcaption>
<div class="chart-canvas"></div>
<ul class="legend" aria-label="Series"></ul>
</figure>
</div>
</section>

<section class="card" aria-labelledby="views-heading">
<h2 id="views-heading">Projections</h2>
<p id="generation-line" data-testid="generation-line"></p>
<table id="views" class="views" data-testid="views" role="table" aria-labelledby="views-heading">
<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">View</th><th scope="col" role="columnheader" class="num">Generation</th><th scope="col" role="columnheader" class="num">Position</th><th scope="col" role="columnheader" class="num">Lag</th><th scope="col" role="columnheader" class="num">Backlog</th><th scope="col" role="columnheader">Last projected</th></tr></thead>
<tbody id="view-rows" role="rowgroup"></tbody>
</table>
<h3 id="partitions-heading">Partitions of the events Queue</h3>
<p id="partitions-line" data-testid="partitions-line"></p>
<table id="partitions" class="views" data-testid="partitions" role="table" aria-labelledby="partitions-heading">
<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Partition</th><th scope="col" role="columnheader" class="num">Generation</th><th scope="col" role="columnheader" class="num">Position</th><th scope="col" role="columnheader" class="num">Lag</th><th scope="col" role="columnheader" class="num">Backlog</th><th scope="col" role="columnheader">Last projected</th></tr></thead>
<tbody id="partition-rows" role="rowgroup"></tbody>
</table>
</section>

<div class="pair">
<section id="rebuild" class="card" data-testid="rebuild" data-state="idle" aria-labelledby="rebuild-heading">
<h2 id="rebuild-heading">Rebuild</h2>
<p class="hint">Rebuilds every view from the event store into a new generation, then switches queries to it. Queries keep answering from the active generation meanwhile.</p>
<p id="rebuild-state" data-testid="rebuild-state"></p>
<div id="rebuild-progress" hidden>
<p><progress id="rebuild-bar" max="1" value="0" aria-labelledby="rebuild-shards-label" aria-describedby="rebuild-shards"></progress></p>
<dl class="facts">
<div><dt id="rebuild-shards-label">Shards scanned</dt><dd id="rebuild-shards" data-testid="rebuild-shards"></dd></div>
<div><dt>Orders scanned</dt><dd id="rebuild-orders" data-testid="rebuild-orders"></dd></div>
<div><dt>Started</dt><dd id="rebuild-started"></dd></div>
<div><dt>Last progress</dt><dd id="rebuild-moved"></dd></div>
</dl>
<p id="rebuild-stalled" class="notice" data-testid="rebuild-stalled" hidden></p>
</div>
<p class="actions"><button id="rebuild-button" type="button" data-testid="rebuild-button">Start rebuild</button></p>
<p id="rebuild-message" data-testid="rebuild-message" role="status"></p>
</section>

<section id="dead-letters-section" class="card" aria-labelledby="dead-letters-heading">
<h2 id="dead-letters-heading">Dead letters <span id="dead-letter-count" class="count" data-testid="dead-letter-count"></span></h2>
<p class="hint">Messages the events queue gave up on, oldest first (up to 100). Redrive sends them back to the queue once their cause is fixed.</p>
<p class="actions"><button id="redrive-button" type="button" class="secondary" data-testid="redrive-button">Redrive</button> <span id="redrive-result" data-testid="redrive-result" role="status"></span></p>
<p id="dead-letters-empty" data-testid="dead-letters-empty" hidden>None: every message was delivered.</p>
<ol id="dead-letters" class="letters" data-testid="dead-letters" aria-labelledby="dead-letters-heading"></ol>
</section>
</div>
</div>
</main>
<script>${CONSOLE_CLIENT}</script>
</body>
</html>
`;
