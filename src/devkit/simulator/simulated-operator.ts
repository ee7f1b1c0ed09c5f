/** An operator of a website, as `listWebsiteOperators` shows it in `details` (Crisp's field names). */
export interface SimulatedOperator {
  readonly user_id: string;
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly role: "owner" | "member";
  readonly title?: string;
  readonly availability: "online" | "away" | "offline";
}
