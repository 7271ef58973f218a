// The browser's side of the review queue (docs/API.md, "Peer review").
import { call } from "@/components/labeling/api";
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ReviewDecision } from "@/lib/validation/reviews";

export interface ReviewTask {
  id: string;
  itemNumber: number;
  messages: ChatMessage[];
  text: string;
  revision: number;
  claimExpiresAt: string;
}

export const claimReview = (slug: string) =>
  call<{ review: ReviewTask | null; pending: number }>(`/api/projects/${encodeURIComponent(slug)}/reviews/next`, {
    method: "POST",
  });

export const sendDecision = (reviewId: string, decision: ReviewDecision) =>
  call<{ status: string; replayed: boolean }>(`/api/reviews/${reviewId}/decision`, {
    method: "POST",
    body: JSON.stringify(decision),
  });
