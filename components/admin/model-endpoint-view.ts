// An endpoint as the Models page shows it: no key, only whether there is one and where it lives.
export interface ModelEndpointView {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  hasKey: boolean;
  keyEnv: string | null;
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  stop: string[];
  seed: number | null;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  lastTest: { at: string; ok: boolean; latencyMs: number | null; message: string | null } | null;
}

/** Stop sequences as the form field takes them back (a JSON array keeps \n visible). */
export const stopText = (stop: string[]) => (stop.length === 0 ? "" : JSON.stringify(stop));
