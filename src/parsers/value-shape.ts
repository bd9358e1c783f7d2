/**
 * Recognises values that are not secrets but slots a tool fills in later, so that correct setups
 * stay silent: Helm/Jinja `{{ .Values.x }}`, Azure Pipelines tokens `#{jwt-secret-key}#`, GitHub
 * `${{ secrets.X }}`, Kubernetes `$(VAR)`, Spring `${k}`, Octopus `#{Var}`, ERB `<%= ... %>`.
 */
export type ValueShape = 'empty' | 'managed' | 'template' | 'literal';

export function shapeOfValue(raw: string): ValueShape {
  const v = raw.trim();
  if (v === '' || v === '""' || v === "''" || v === '~' || v === 'null') return 'empty';
  if (/^\$\{\{\s*secrets\.[A-Za-z0-9_-]+\s*\}\}$/.test(v)) return 'managed';
  // Ciphertext meant to be committed: dotenvx `encrypted:BD…` values, sops `ENC[AES256_GCM,data:…]`.
  if (/^encrypted:[A-Za-z0-9+/=_-]{16,}$/.test(v) || /^ENC\[AES256_GCM,data:/.test(v)) return 'managed';
  if (v.includes('${{') || v.includes('{{') || v.includes('{%') || v.includes('<%')) return 'template';
  if (/^#\{[^}]*\}#?$/.test(v)) return 'template';
  if (/^\$\([A-Za-z0-9_.-]+\)$/.test(v)) return 'template';
  if (/^__[A-Za-z0-9_]+__$/.test(v)) return 'template';
  return 'literal';
}
