// How long a labeler still waits, in words, rounded up to the minute: "2 days 3 h", "5 h 12 min",
// "12 min", "less than a minute".

export function retryWait(ms: number): string {
  if (ms < 60_000) return "less than a minute";
  const minutes = Math.ceil(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} day${days === 1 ? "" : "s"}${hours ? ` ${hours} h` : ""}`;
  if (hours > 0) return `${hours} h${rest ? ` ${rest} min` : ""}`;
  return `${rest} min`;
}
