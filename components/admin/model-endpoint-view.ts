import type { PublicModelEndpoint } from "@/lib/server/models/model-endpoint-record";

// An endpoint as the Models page shows it (what the server answers about it, with its times
// as text for the client): no key, only whether there is one and where it lives.
export type ModelEndpointView = Omit<PublicModelEndpoint, "lastTest" | "createdAt" | "updatedAt"> & {
  lastTest: { at: string; ok: boolean; latencyMs: number | null; message: string | null } | null;
};

/** Stop sequences as the form field takes them back (a JSON array keeps \n visible). */
export const stopText = (stop: string[]) => (stop.length === 0 ? "" : JSON.stringify(stop));
