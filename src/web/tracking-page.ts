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
<p id="form-message" class="notice" hidden></p>
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
<p id="status-line" aria-live="polite" aria-atomic="true">Status: <strong id="order-status" class="status" data-testid="order-status">–</strong></p>
<dl class="facts">
<div><dt>Version</dt><dd id="order-version" data-testid="order-version">–</dd></div>
<div><dt>Items</dt><dd id="item-count" data-testid="item-count">–</dd></div>
<div><dt>Total</dt><dd id="order-total" data-testid="order-total">–</dd></div>
<div><dt>Last update</dt><dd id="order-updated"></dd></div>
</dl>

<h3 id="lines-heading">Items</h3>
<table id="lines" data-testid="order-lines" aria-labelledby="lines-heading" hidden>
<thead><tr><th scope="col">SKU</th><th scope="col">Item</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Line total</th></tr></thead>
<tbody id="line-rows"></tbody>
<tfoot><tr><th scope="row" colspan="4">Total</th><td id="lines-total" class="num"></td></tr></tfoot>
</table>
<p id="no-lines">No items yet.</p>

<h3>Delivery and payment</h3>
<dl id="details" class="details"></dl>

<h3 id="timeline-heading">Timeline</h3>
<ol id="timeline" class="timeline" data-testid="timeline" aria-labelledby="timeline-heading"></ol>
</section>
</main>
<script>${TRACKING_CLIENT}</script>
</body>
</html>
`;
