// The demo accounts. Their passwords are printed by `npm run demo`: demo data only,
// never seeded outside the demo.
export const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin", password: "admin-demo-password" },
  { email: "lena@example.com", name: "Lena Labeler", role: "labeler", password: "labeler-demo-password" },
  { email: "omar@example.com", name: "Omar Labeler", role: "labeler", password: "labeler-demo-password" },
  { email: "yuki@example.com", name: "Yuki Labeler", role: "labeler", password: "labeler-demo-password" },
] as const;
