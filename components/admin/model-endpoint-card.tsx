import type { ActionState } from "@/lib/server/actions";
import type { ModelTestState } from "@/app/(app)/admin/models/actions";
import { ModelEndpointForm } from "@/components/admin/model-endpoint-form";
import { ModelEndpointRemove } from "@/components/admin/model-endpoint-remove";
import { ModelEndpointTest } from "@/components/admin/model-endpoint-test";
import { stopText, type ModelEndpointView } from "@/components/admin/model-endpoint-view";
import { Badge } from "@/components/ui/badge";
import { secondaryButtonClass } from "@/components/ui/field-styles";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function keyBadge(endpoint: ModelEndpointView) {
  if (endpoint.keyEnv) return <Badge tone="indigo">key from {endpoint.keyEnv}</Badge>;
  if (endpoint.hasKey) return <Badge tone="green">key stored (encrypted)</Badge>;
  return <Badge>no key</Badge>;
}

function defaults(endpoint: ModelEndpointView): string {
  const parts = [
    endpoint.temperature !== null ? `temperature ${endpoint.temperature}` : null,
    endpoint.topP !== null ? `top_p ${endpoint.topP}` : null,
    endpoint.maxTokens !== null ? `max_tokens ${endpoint.maxTokens}` : null,
    endpoint.seed !== null ? `seed ${endpoint.seed}` : null,
    endpoint.stop.length > 0 ? `stop ${stopText(endpoint.stop)}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "server defaults";
}

/** One endpoint: its settings, its last test, and Test / Edit / Remove. */
export function ModelEndpointCard({
  endpoint,
  updateAction,
  removeAction,
  testAction,
}: {
  endpoint: ModelEndpointView;
  updateAction: Action;
  removeAction: Action;
  testAction: (state: ModelTestState, form: FormData) => Promise<ModelTestState>;
}) {
  const last = endpoint.lastTest;
  return (
    <li className="space-y-3 px-5 py-4" data-testid="model-endpoint" aria-label={endpoint.name}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-semibold text-slate-900">{endpoint.name}</span>
            {keyBadge(endpoint)}
          </p>
          <p className="break-all text-sm text-slate-600">
            <span className="font-mono">{endpoint.model}</span> at <span className="font-mono">{endpoint.baseUrl}</span>
          </p>
          <p className="text-xs text-slate-500">
            {defaults(endpoint)} · {endpoint.maxConcurrency} at once
            {endpoint.requestsPerMinute !== null ? ` · ${endpoint.requestsPerMinute}/min` : ""}
            {endpoint.inputPricePerMTok !== null || endpoint.outputPricePerMTok !== null
              ? ` · $${endpoint.inputPricePerMTok ?? "?"} in / $${endpoint.outputPricePerMTok ?? "?"} out per M tokens`
              : ""}
          </p>
          {last ? (
            <p className="text-xs text-slate-500" data-testid="model-last-test">
              Last test {when(last.at)}:{" "}
              {last.ok ? (
                <span className="text-emerald-700">answered in {last.latencyMs} ms</span>
              ) : (
                <span className="text-rose-700">failed: {last.message}</span>
              )}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <ModelEndpointTest action={testAction} endpointId={endpoint.id} name={endpoint.name} />
          <ModelEndpointRemove action={removeAction} endpointId={endpoint.id} name={endpoint.name} />
        </div>
      </div>
      <details>
        <summary className={`${secondaryButtonClass} cursor-pointer list-none`} aria-label={`Edit ${endpoint.name}`}>
          Edit
        </summary>
        <div className="mt-3 rounded-lg border border-slate-200 p-4">
          <ModelEndpointForm action={updateAction} endpoint={endpoint} />
        </div>
      </details>
    </li>
  );
}
