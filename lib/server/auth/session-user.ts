import type { Role } from "@/lib/domain/permissions";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}
