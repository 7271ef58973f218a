// What the labeling page keeps in localStorage per lease: the submit's idempotency key (a
// retried or repeated submit is stored once, even after a reload) and the answer being
// written (a crash or an expired session loses nothing). Both go when the lease is done with.

export const localDraftKey = (leaseId: string) => `rlhf:draft:${leaseId}`;
/** A comparison's or ranking's answer in progress (JSON), kept like a demonstration's text. */
export const localAnswerKey = (leaseId: string) => `rlhf:answer:${leaseId}`;
const submitKeyKey = (leaseId: string) => `rlhf:submit-key:${leaseId}`;

export function idempotencyKeyFor(leaseId: string): string {
  let key = window.localStorage.getItem(submitKeyKey(leaseId));
  if (!key) {
    key = crypto.randomUUID();
    window.localStorage.setItem(submitKeyKey(leaseId), key);
  }
  return key;
}

export function forgetLease(leaseId: string) {
  window.localStorage.removeItem(submitKeyKey(leaseId));
  window.localStorage.removeItem(localDraftKey(leaseId));
  window.localStorage.removeItem(localAnswerKey(leaseId));
}
