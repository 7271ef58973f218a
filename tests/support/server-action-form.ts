// A server action called the way React 19 calls it from a browser, for tests that post to
// the app directly (tests/e2e/authz-matrix.spec.ts). Checked against React's own encoder
// and decoder (tests/unit/server-action-form.test.ts) and against a real call from Chromium
// (the matrix spec's first test).
//
// A form bound to an action through useActionState (`<form action={formAction}>`) is sent,
// with JavaScript, as a fetch to the page's URL with the header `Next-Action: <action id>`
// and a multipart body that React's encodeReply writes for the arguments
// (previous state, form data):
//   _1_<field>  every field of the form, under the prefix of the FormData it becomes ("$K1")
//   0           the arguments themselves: [null, "$K1"]
// (A plain `<form action={fn}>` sends ["$K1"]; fn.bind(null, x) sends [x, "$K1"].)
// Order matters: React's decodeReply builds the FormData when it reads "0", from the "_1_"
// fields that came before it. A body with "0" first, or fields named "1_<field>", reaches the
// action as an empty form.
//
// Without JavaScript the browser posts the form itself (no Next-Action header); React's
// progressive enhancement adds hidden fields naming the action and its bound arguments, which
// decodeAction reads: $ACTION_REF_1, $ACTION_1:0 = {"id", "bound"}, $ACTION_1:1 = [null]
// (the bound arguments), or for a plain action just $ACTION_ID_<id>.
// (The browser also sends $ACTION_KEY, which only routes the result back to its
// useActionState. With JavaScript the same hidden inputs ride along inside the form as
// "_1_$ACTION_..."; the actions ignore them, so actionCallBody leaves them out.)

/**
 * The arguments an action receives before its form: [previous state] from useActionState
 * (null at first), [] for a plain `<form action={fn}>`, the bound values for `fn.bind(null, ...)`.
 */
export type LeadingArguments = (string | number | boolean | null)[];
const STATE_AND_FORM: LeadingArguments = [null];

/** React writes a string that starts with "$" with one more "$" (its own references start so). */
const escaped = (value: LeadingArguments[number]) =>
  typeof value === "string" && value.startsWith("$") ? `$${value}` : value;

/** The body of a call with JavaScript (fetch with Next-Action), in the order React writes it. */
export function actionCallBody(fields: Record<string, string>, leading = STATE_AND_FORM): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append("0", JSON.stringify([...leading.map(escaped), "$K1"]));
  return body;
}

/** The body a browser without JavaScript posts for the same form (progressive enhancement). */
export function noScriptFormBody(actionId: string, fields: Record<string, string>, leading = STATE_AND_FORM) {
  const body = new FormData();
  if (leading.length === 0) {
    body.append(`$ACTION_ID_${actionId}`, "");
  } else {
    body.append("$ACTION_REF_1", "");
    body.append("$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" }));
    body.append("$ACTION_1:1", JSON.stringify(leading.map(escaped)));
  }
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

/**
 * The page a build's action is served by, from its worker in the server-reference manifest
 * ("app/(app)/admin/projects/[slug]/page"): its segments (route groups included) and URL.
 */
export function actionPage(worker: string, params: Record<string, string>) {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter(Boolean);
  const valueOf = (segment: string) => {
    const name = /^\[(\w+)\]$/.exec(segment)?.[1];
    if (!name) return segment;
    const value = params[name];
    if (value === undefined) throw new Error(`No value for [${name}] of ${worker}`);
    return value;
  };
  const url = `/${segments
    .filter((s) => !/^\(.*\)$/.test(s))
    .map(valueOf)
    .join("/")}`;
  return { segments, url, routerStateTree: routerStateTree(segments, valueOf) };
}

/**
 * The Next-Router-State-Tree header the app router sends with an action call from that page:
 * the URI-encoded tree of its segments, a dynamic one as [name, value, "d", null].
 */
function routerStateTree(segments: string[], valueOf: (segment: string) => string): string {
  let node: unknown[] = ["__PAGE__", {}, null, null, 0];
  for (const segment of [...segments].reverse()) {
    const name = /^\[(\w+)\]$/.exec(segment)?.[1];
    node = [name ? [name, valueOf(segment), "d", null] : segment, { children: node }, null, null, 0];
  }
  return encodeURIComponent(JSON.stringify(["", { children: node }, null, null, 16]));
}

/** The fields of a multipart body, in order (for comparing a captured request). */
export function multipartFields(body: Buffer, contentType: string): [string, string][] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) throw new Error(`Not a multipart body: ${contentType}`);
  const parts = body.toString("utf8").split(`--${boundary[1] ?? boundary[2]}`);
  return parts.slice(1, -1).map((part) => {
    const [head, ...rest] = part.replace(/^\r\n/, "").split("\r\n\r\n");
    const name = /name="([^"]*)"/.exec(head!)?.[1];
    if (name === undefined) throw new Error(`A part without a name: ${head}`);
    return [name, rest.join("\r\n\r\n").replace(/\r\n$/, "")];
  });
}
