/** `?minVersion=` is a decimal integer and nothing else (issue 7, defect 12): what Number() would also read is a 400. */
import { expect, it } from "vitest";
import { call, createOrder, json, tokenFor } from "../support/api.ts";

it("refuses every minVersion that is not plain decimal digits with 400 validation_failed, and reads your writes with one that is", async () => {
  const token = await tokenFor("c-minv", "customer");
  const id = await createOrder(token);
  const answers: Record<string, unknown> = {};
  // "501": no order ever gets past 500 events, so waiting for it could only end in a 503.
  for (const raw of ["1e3", "0x10", " 5", "5 ", "-1", "1.0", "+1", "", "1_000", "1234567890123456", "501", "999999999999999"]) {
    const res = await call("GET", `/orders/${id}?minVersion=${encodeURIComponent(raw)}`, { token });
    const body = await json(res);
    answers[raw] = [res.status, body.code, (body.errors as { path: string }[] | undefined)?.[0]?.path];
  }
  expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((raw) => [raw, [400, "validation_failed", "minVersion"]])));
  for (const raw of ["1", "001"]) {
    const res = await call("GET", `/orders/${id}?minVersion=${raw}`, { token });
    expect([raw, res.status]).toEqual([raw, 200]);
    expect(await json(res)).toMatchObject({ orderId: id, version: 1 });
  }
});
