/** Where rule documentation lives; the docs link of a rule is derived from its id, never typed by hand. */
export const PROJECT_URL = 'https://github.com/secret-hygiene/secret-hygiene';

export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${ruleId}.md`;
}
