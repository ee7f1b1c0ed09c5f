/**
 * The address Crisp opens for a website: the plugin's Settings URL with `website_id` and the
 * website's `token` in the query string. `origin` is where the runtime listens.
 */
export function settingsPageLink(origin: string, websiteId: string, token: string, locale?: string): string {
  const query = new URLSearchParams({ website_id: websiteId, token, ...(locale === undefined ? {} : { locale }) });
  return `${origin}/settings?${query.toString()}`;
}
