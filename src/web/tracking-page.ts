/**
 * The tracking page (API.md, "Tracking page"): one static document with its
 * stylesheet and script inline, so it needs no other request. The script is
 * src/web/client/, bundled into tracking-client.generated.ts.
 */
import { TRACKING_CLIENT } from "./tracking-client.generated.ts";
import { TRACKING_STYLE } from "./tracking-style.ts";

export const TRACKING_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order tracking</title>
<link rel="icon" href="data:,">
<style>${TRACKING_STYLE}</style>
</head>
<body>
<main>
<h1>Order tracking</h1>
<noscript><p>This page needs JavaScript to follow an order live.</p></noscript>

<form id="open-form" hidden aria-labelledby="form-heading">
<h2 id="form-heading">Follow an order</h2>
<p id="form-message" class="notice" role="alert" hidden></p>
<p><label for="order-input">Order id</label><br>
<input id="order-input" name="order" required maxlength="64" pattern="[A-Za-z0-9_\\-]+" autocomplete="off" spellcheck="false" aria-describedby="order-hint"></p>
<p id="order-hint" class="hint">As in your order confirmation: letters, digits, “-” and “_”.</p>
<p><label for="token-input">Access token</label><br>
<input id="token-input" name="token" type="password" required autocomplete="off" aria-describedby="token-hint"></p>
<p id="token-hint" class="hint">It is kept after the “#” in this page's address, a part that is not sent when the page loads.</p>
<p><button type="submit">Follow order</button></p>
</form>

<section id="tracker" hidden aria-labelledby="tracker-heading">
<h2 id="tracker-heading">Order <code id="order-id" data-testid="order-id"></code></h2>
<p id="connection" data-testid="connection-state" data-state="connecting" role="status">Connecting…</p>
<div id="order-body" hidden>
<p id="status-line" aria-live="polite" aria-atomic="true"><strong id="order-status" class="status" data-testid="order-status"></strong> <span id="status-summary" data-testid="status-summary"></span></p>
<ol id="progress" class="progress" data-testid="progress" aria-label="Progress"></ol>
<dl class="facts">
<div><dt>Items</dt><dd id="item-count" data-testid="item-count"></dd></div>
<div><dt>Total</dt><dd id="order-total" data-testid="order-total"></dd></div>
<div><dt>Last update</dt><dd id="order-updated"></dd></div>
</dl>

<h3 id="lines-heading">Items</h3>
<div id="lines-region" class="table-scroll" hidden>
<table id="lines" data-testid="order-lines" aria-labelledby="lines-heading">
<thead><tr><th scope="col">SKU</th><th scope="col">Item</th><th scope="col" class="num"><span class="wide-only">Quantity</span><span class="narrow-only" aria-hidden="true">Qty</span></th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Line total</th></tr></thead>
<tbody id="line-rows"></tbody>
<tfoot><tr><th scope="row" colspan="4">Total</th><td id="lines-total" class="num"></td></tr></tfoot>
</table>
</div>
<p id="no-lines">No items yet.</p>

<h3>Delivery and payment</h3>
<dl id="details" class="details"></dl>

<h3 id="timeline-heading">History</h3>
<ol id="timeline" class="timeline" data-testid="timeline" aria-labelledby="timeline-heading"></ol>

<details class="technical" data-testid="technical-details">
<summary>Technical details</summary>
<dl class="details">
<div><dt>Order version</dt><dd id="order-version" data-testid="order-version"></dd></div>
</dl>
</details>
</div>
</section>
</main>
<script>${TRACKING_CLIENT}</script>
</body>
</html>
`;
