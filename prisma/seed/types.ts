export interface SeedMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface SeedCompletion {
  model: string;
  text: string;
}

export interface SeedItem {
  id: string;
  messages: SeedMessage[];
  completions?: SeedCompletion[];
  priority?: number;
}
