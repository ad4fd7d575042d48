// The floor: a Worker that does nothing but answer. What the local runtime costs by itself.
export default {
  fetch: () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } }),
};
