// The demo's production feedback (docs/FEEDBACK.md): what users of a made-up deployed assistant
// did with its replies over two weeks. Our own content, generated deterministically: thumbs and
// 1-5 scores, edits, regenerate choices, two model versions, and a few emails and phone numbers
// that scrubbing replaces on ingest.

export interface DemoFeedbackEvent {
  id: string;
  conversation: { role: "user" | "assistant"; content: string }[];
  response: string;
  rating: "up" | "down" | number;
  edit?: string;
  alternatives?: { text: string; chosen: boolean }[];
  model: string;
  user: string;
  consent: boolean;
  metadata: Record<string, string>;
  occurredAt: string;
}

const EXCHANGES: { prompt: string; good: string; weak: string; fixed: string }[] = [
  {
    prompt: "How long should I boil an egg for a runny yolk?",
    good: "About 6 minutes from when the water is boiling, then straight into cold water for a minute.",
    weak: "Boil it for 10 to 12 minutes until it is done.",
    fixed: "Six minutes in boiling water, then a minute in cold water, gives a runny yolk and a set white.",
  },
  {
    prompt: "Write a one-line out-of-office reply.",
    good: "I'm away until Monday 14 April with limited email; I'll reply when I'm back.",
    weak: "I am currently out of the office.",
    fixed: "I'm out of the office until Monday and will answer your message when I return.",
  },
  {
    prompt: "What does HTTP status 429 mean?",
    good: "Too Many Requests: the server is rate-limiting you. Wait (see the Retry-After header) and try again.",
    weak: "It means the page was not found.",
    fixed: "429 means Too Many Requests: slow down and retry after the time the Retry-After header gives.",
  },
  {
    prompt: "Suggest a name for a small bakery by the sea.",
    good: "Salt & Crumb",
    weak: "Bakery Shop",
    fixed: "Tidewater Bakehouse",
  },
  {
    prompt: "Convert 5 miles to kilometres.",
    good: "5 miles is about 8.05 kilometres.",
    weak: "5 miles is 3.1 kilometres.",
    fixed: "5 miles ≈ 8.05 km (1 mile = 1.609 km).",
  },
  {
    prompt: "Is it safe to leave cooked rice out overnight?",
    good: "Better not: spores of Bacillus cereus can survive cooking and grow at room temperature. Cool it within an hour and refrigerate.",
    weak: "Yes, rice keeps fine at room temperature for a day or two.",
    fixed: "No. Cool cooked rice within about an hour and keep it in the fridge; reheat it until steaming hot.",
  },
  {
    prompt: "Summarise: 'The meeting moved from Tuesday to Thursday at 3pm in room B.'",
    good: "The meeting is now on Thursday at 3pm in room B.",
    weak: "There is a meeting.",
    fixed: "Meeting moved: Thursday, 3pm, room B.",
  },
  {
    prompt: "Can you remind me how to reach support?",
    good: "Write to support@example-shop.test or call +1 415 555 0132 on weekdays.",
    weak: "Contact support.",
    fixed: "Email support@example-shop.test, or call +1 415 555 0132 (weekdays, 9–5).",
  },
];

const DAY_MS = 86_400_000;
/** Two weeks ending on a fixed day, so that the demo's chart looks the same on every machine. */
const LAST_DAY = Date.UTC(2026, 10, 30, 12, 0, 0);

/** A small deterministic generator (mulberry32): the same events on every run. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function demoFeedbackEvents(count = 160): DemoFeedbackEvent[] {
  const random = generator(15);
  const events: DemoFeedbackEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const exchange = EXCHANGES[i % EXCHANGES.length]!;
    // The newer model answers well more often: the chart's up/down rate per model shows it.
    const model = random() < 0.5 ? "assistant-2026-10" : "assistant-2026-11";
    const goodShare = model === "assistant-2026-11" ? 0.8 : 0.55;
    const good = random() < goodShare;
    const response = good ? exchange.good : exchange.weak;
    const day = Math.floor(random() * 14);
    const occurredAt = new Date(LAST_DAY - day * DAY_MS - Math.floor(random() * 8 * 3_600_000)).toISOString();
    const event: DemoFeedbackEvent = {
      id: `demo-fb-${String(i + 1).padStart(4, "0")}`,
      conversation: [
        {
          role: "user",
          // Some users sign their messages: scrubbing replaces the addresses on ingest.
          content: i % 11 === 3 ? `${exchange.prompt} (I'm at jo.reader${i}@mail.example)` : exchange.prompt,
        },
      ],
      response,
      rating: i % 5 === 4 ? (good ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 2)) : good ? "up" : "down",
      model,
      user: `u-${Math.floor(random() * 40)}`,
      consent: true,
      metadata: { surface: i % 3 === 0 ? "mobile" : "web" },
      occurredAt,
    };
    // A user fixing a weak reply, or regenerating and keeping the better one.
    if (!good && i % 4 === 1) event.edit = exchange.fixed;
    if (!good && i % 4 === 2)
      event.alternatives = [
        { text: exchange.weak, chosen: false },
        { text: exchange.good, chosen: true },
      ];
    events.push(event);
  }
  return events;
}

/** The demo reviewer's correction of a reply the demo's assistant gave (null: not one of ours). */
export function correctedReply(response: string): string | null {
  const exchange = EXCHANGES.find((e) => e.good === response || e.weak === response);
  return exchange ? exchange.fixed : null;
}
