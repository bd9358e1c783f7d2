/**
 * What a library's error may say in our output. Parsers' messages quote the text they failed on
 * (`JSON.parse`: `Unexpected token 'J', "JWT_SECRET"... is not valid JSON`; yaml: `Unresolved
 * alias …: <name>`), and the file may hold secrets, or be a `.env` given as `--config` by mistake.
 * So a message is shown only when it is plain words (no quote, colon or digit that could carry
 * text from the file); otherwise only its kind (the yaml error code, or the error's class) is.
 */
export function safeErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const first = message.split('\n', 1)[0]?.trim() ?? '';
  if (first !== '' && first.length <= 160 && /^[A-Za-z ,.()[\]{}-]+$/.test(first)) return first;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code.toLowerCase().replace(/_/g, ' ');
  if (err instanceof SyntaxError) return 'a syntax error';
  return err instanceof Error && /^[A-Za-z]{1,40}$/.test(err.name) ? `${err.name} (details withheld: they may quote the file)` : 'an error (details withheld: they may quote the file)';
}
