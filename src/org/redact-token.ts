/**
 * The forms a token takes on its way to GitHub: as given, and inside the `Authorization: Basic`
 * header git sends (base64 of `x-access-token:TOKEN`).
 */
export function tokenForms(token: string): string[] {
  if (token === '') return [];
  return [token, basicCredentials(token)];
}

/** The value of an `Authorization: Basic` header for a token, as git over HTTPS expects it. */
export function basicCredentials(token: string): string {
  return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
}

/** Replaces every form of the token in text (defence in depth: no message should hold it anyway). */
export function redactToken(text: string, token: string | undefined): string {
  let out = text;
  for (const form of tokenForms(token ?? '')) out = out.split(form).join('***');
  return out;
}
