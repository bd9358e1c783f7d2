import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../core/meta.js';
import type { RuleMeta } from '../core/rule.js';
import type { Finding, ScanResult, Severity } from '../core/types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, the rule catalogue with help, relative
 * URIs against %SRCROOT%, and `partialFingerprints` so alerts follow a secret when lines move.
 */
export interface SarifOptions {
  /**
   * The absolute directory the URIs are relative to (%SRCROOT%): the repository root, so that
   * code scanning finds the files when a subdirectory was scanned. Paths must already be
   * relative to it (see rootRelative). Omitted: %SRCROOT% is left for the consumer to resolve.
   */
  srcRoot?: string;
}

export function formatSarif(result: ScanResult, rules: readonly RuleMeta[], toolVersion: string, options: SarifOptions = {}): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secret-hygiene',
            informationUri: 'https://github.com/secret-hygiene/secret-hygiene',
            semanticVersion: toolVersion,
            version: toolVersion,
            rules: rules.map((r) => ({
              id: r.id,
              name: pascal(r.id),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              help: { text: r.help, markdown: `${r.help}\n\n[Rule documentation](${ruleDocsUrl(r.id)})` },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { tags: ['security', 'secrets'], 'security-severity': r.defaultSeverity === 'error' ? '8.0' : '5.0' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': options.srcRoot !== undefined ? { uri: directoryUri(options.srcRoot) } : {} },
        results: result.findings.map((f) => toResult(f, ruleIndex)),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [...result.problems.map((p) => ({ file: p.file, text: p.reason })), ...(result.notes ?? []).map((n) => ({ file: n.file, text: n.message }))].map((n) => ({
              level: 'note',
              message: { text: n.text },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(n.file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function toResult(f: Finding, ruleIndex: Map<string, number>) {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodePath(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    ...(f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: { artifactLocation: { uri: encodePath(r.file), uriBaseId: '%SRCROOT%' }, region: { startLine: r.line } },
            ...(r.message !== undefined ? { message: { text: r.message } } : {}),
          })),
        }
      : {}),
    partialFingerprints: { 'secretHygiene/v1': f.fingerprint },
    properties: {
      context: f.context,
      ...(f.secret ? { secretPreview: f.secret.preview, secretLength: f.secret.length, secretFingerprint: f.secret.fingerprint } : {}),
      ...(f.commit ? { commit: f.commit.sha, commitDate: f.commit.date, ...(f.commit.stillPresent !== undefined ? { stillPresentAtHead: f.commit.stillPresent } : {}) } : {}),
    },
  };
}

/** Relative URI: each segment percent-encoded, `/` kept. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** A directory as a file URI with the trailing slash SARIF §3.14.14 requires of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A result whose paths are relative to the scanned root, re-based on a root `prefix` ('sub/dir/') above it. */
export function rootRelative<T extends { findings: { file: string; related: { file: string }[] }[]; problems: { file: string }[]; notes?: { file: string }[] }>(result: T, prefix: string): T {
  if (prefix === '') return result;
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, file: prefix + f.file, related: f.related.map((r) => ({ ...r, file: prefix + r.file })) })),
    problems: result.problems.map((p) => ({ ...p, file: prefix + p.file })),
    ...(result.notes ? { notes: result.notes.map((n) => ({ ...n, file: prefix + n.file })) } : {}),
  };
}
