import type { Metadata } from "next";
import { ModelEndpointCard } from "@/components/admin/model-endpoint-card";
import { ModelEndpointForm } from "@/components/admin/model-endpoint-form";
import type { ModelEndpointView } from "@/components/admin/model-endpoint-view";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { listModelEndpoints } from "@/lib/server/models/model-endpoint-record";
import {
  createModelEndpointAction,
  removeModelEndpointAction,
  testModelEndpointAction,
  updateModelEndpointAction,
} from "./actions";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  await requirePageAdmin();
  const endpoints: ModelEndpointView[] = (await listModelEndpoints()).map((e) => ({
    id: e.id,
    name: e.name,
    baseUrl: e.baseUrl,
    model: e.model,
    hasKey: e.hasKey,
    keyEnv: e.keyEnv,
    temperature: e.temperature,
    topP: e.topP,
    maxTokens: e.maxTokens,
    stop: e.stop,
    seed: e.seed,
    maxConcurrency: e.maxConcurrency,
    requestsPerMinute: e.requestsPerMinute,
    inputPricePerMTok: e.inputPricePerMTok,
    outputPricePerMTok: e.outputPricePerMTok,
    lastTest: e.lastTest ? { ...e.lastTest, at: e.lastTest.at.toISOString() } : null,
  }));
  return (
    <>
      <PageHeader
        title="Models"
        description="OpenAI-compatible endpoints (vLLM, llama.cpp, Ollama, TGI, OpenAI, Together ...). Keys are stored encrypted and never shown again."
      />
      <div className="space-y-6">
        <Card title="Add an endpoint">
          <ModelEndpointForm action={createModelEndpointAction} />
        </Card>
        <Card title={`Endpoints (${endpoints.length})`}>
          {endpoints.length === 0 ? (
            <EmptyState title="No model endpoints yet" testId="models-empty">
              Add one above. To try things offline, <code>npm run stub:openai</code> serves demo stand-in models
              (stub-careful, stub-terse, stub-rambling) at http://127.0.0.1:8089/v1.
            </EmptyState>
          ) : (
            <ul className="-mx-5 -my-5 divide-y divide-slate-100" data-testid="model-endpoints">
              {endpoints.map((endpoint) => (
                <ModelEndpointCard
                  key={endpoint.id}
                  endpoint={endpoint}
                  updateAction={updateModelEndpointAction}
                  removeAction={removeModelEndpointAction}
                  testAction={testModelEndpointAction}
                />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
