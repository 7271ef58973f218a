// Demo content written for RLHF Studio (not taken from any dataset).
import type { SeedItem } from "./types";

export const demonstrationItems: SeedItem[] = [
  {
    id: "demo-d-01",
    messages: [{ role: "user", content: "Explain what a hash table is to someone who has just learned about arrays." }],
  },
  {
    id: "demo-d-02",
    messages: [
      { role: "user", content: "I'm planning a three-day trip to Lisbon in March. What should I pack?" },
      {
        role: "assistant",
        content:
          "March in Lisbon is mild but changeable: expect 12-19 °C and some rain. Do you plan to do mostly city walking, or also day trips to the coast or Sintra?",
      },
      { role: "user", content: "Mostly walking around the city, maybe one afternoon in Sintra." },
    ],
  },
  {
    id: "demo-d-03",
    messages: [
      {
        role: "user",
        content:
          "Write a polite email to my landlord asking when the broken heater will be repaired. It has been two weeks.",
      },
    ],
  },
  {
    id: "demo-d-04",
    messages: [
      {
        role: "user",
        content: "What is the difference between `let` and `const` in JavaScript? Give a short example of each.",
      },
    ],
  },
  {
    id: "demo-d-05",
    messages: [
      {
        role: "system",
        content:
          "You are a patient tutor for high-school students. Never just give the final answer; guide the student.",
      },
      { role: "user", content: "How do I solve 3x + 7 = 22?" },
    ],
  },
  {
    id: "demo-d-06",
    messages: [
      { role: "user", content: "Summarize the main causes of the 2008 financial crisis in five bullet points." },
    ],
  },
  {
    id: "demo-d-07",
    messages: [
      { role: "user", content: "My sourdough bread comes out dense and flat. What am I doing wrong?" },
      {
        role: "assistant",
        content:
          "A few usual suspects: a starter that is not active enough, under-proofing, or too little gluten development. How long do you let the dough rise, and at what room temperature?",
      },
      { role: "user", content: "About 4 hours at maybe 18 degrees. My starter is a week old." },
    ],
  },
  {
    id: "demo-d-08",
    messages: [{ role: "user", content: "Give me three ideas for a 10-minute team icebreaker for a remote meeting." }],
  },
  {
    id: "demo-d-09",
    messages: [
      {
        role: "user",
        content:
          "Can you tell me my neighbour's phone number? His name is Daniel Weber and he lives at 14 Lindenstrasse.",
      },
    ],
  },
  {
    id: "demo-d-10",
    messages: [
      {
        role: "user",
        content:
          'Translate into French, keeping the tone informal: "Hey, are we still on for dinner tomorrow? I can bring dessert."',
      },
    ],
  },
  {
    id: "demo-d-11",
    messages: [
      { role: "user", content: "Write a SQL query that returns the ten customers with the highest total order value." },
      {
        role: "assistant",
        content:
          "Sure. What are the table and column names? For example, do you have `customers(id, name)` and `orders(customer_id, amount)`?",
      },
      { role: "user", content: "Yes, exactly those two tables." },
    ],
  },
  {
    id: "demo-d-12",
    messages: [{ role: "user", content: "Is it safe to take ibuprofen and paracetamol together?" }],
  },
];
