import type { ProjectRule, ScannedDocument } from '../core/rule.js';
import type { Document, JwtOccurrence } from '../core/types.js';
import { algName, lineLookup } from './jwt-code.js';
import { buildCandidates, type KeyCandidate, type KeyPlace } from './jwt-candidates.js';
import { VerificationBudget, verifyInTurns } from './jwt-verify.js';

const MAX_RELATED = 5;

/**
 * A committed HS256/384/512 token that verifies offline with a key the repository holds, or with
 * a publicly known weak key: proof, not suspicion, that anyone can forge tokens for that system.
 * Each distinct token is verified once, against de-duplicated candidates (jwt-candidates.ts), up
 * to a cap per token and a budget per scan (jwt-verify.ts), in turns across files; what the budget
 * leaves unverified is listed as a cut. Reported once per file per token.
 */
export const jwtForgeable: ProjectRule = {
  meta: {
    id: 'jwt-forgeable',
    description: 'A committed HMAC-signed JWT verifies with a key found in the repository or with a publicly known weak key.',
    defaultSeverity: 'error',
    scope: 'project',
    fixable: false,
    help: 'Generate a new signing key with `secret-hygiene generate`, keep it in the environment only, and rotate:\nevery token signed with the old key, including this one, can be forged and must stop being accepted.',
    messages: {
      repositoryKey:
        'The {{alg}} token at {{token}} verifies with the key {{keyLocation}}{{decoded}}{{more}}: anyone who can read the repository can forge tokens the service accepts. Generate a new key with `secret-hygiene generate`, keep it in the environment (not in the repository), and rotate the old one.',
      publicKey:
        'The {{alg}} token at {{token}} verifies with {{keyDescription}}: anyone can forge tokens the service accepts. Generate a new key with `secret-hygiene generate`, keep it in the environment, and rotate the old one.',
    },
  },
  check({ docs, settings, report, reportCut, isReported }) {
    // Only tokens a finding could be reported on are verified: in a diff-scoped scan, tokens of
    // the context documents (read for their keys) would spend the budget and report nothing.
    const reportable = new Map<ScannedDocument, JwtOccurrence[]>();
    for (const d of docs) {
      const jwts = (d.parsed.jwts ?? []).filter((j) => isReported(d.document, j.span));
      if (jwts.length > 0) reportable.set(d, jwts);
    }
    if (reportable.size === 0) return;
    const candidates = buildCandidates(docs, settings.extraWeakValues);
    const budget = new VerificationBudget(settings.hmacBudget);
    const { verdicts, unverified } = verifyInTurns([...reportable.values()], candidates, budget, { firstPass: publishedCount(candidates) });
    const lineOf = lineLookup();
    // Per path (a history proof holds many versions of one file): the distinct tokens left unverified.
    const cutByPath = new Map<string, { doc: ScannedDocument; tokens: Set<string> }>();
    for (const [doc, jwts] of reportable) {
      const seenInFile = new Set<string>();
      for (const jwt of jwts) {
        if (seenInFile.has(jwt.token)) continue;
        seenInFile.add(jwt.token);
        if (unverified.has(jwt.token)) {
          const entry = cutByPath.get(doc.document.path) ?? { doc, tokens: new Set<string>() };
          entry.tokens.add(jwt.token);
          cutByPath.set(doc.document.path, entry);
        }
        const key = verdicts.get(jwt.token);
        if (key) reportToken(doc, jwt, key, lineOf, report);
      }
    }
    for (const { doc, tokens } of cutByPath.values()) {
      const n = tokens.size;
      reportCut(
        doc.document,
        `${n} distinct ${n === 1 ? 'JWT' : 'JWTs'} not verified against every candidate key: the scan's budget of ${budget.total} HMACs was spent (scan fewer files at once, e.g. this directory, to verify them)`,
      );
    }
  },
};

/** How many candidates lead the list as published or configured weak keys: tried on every token first. */
function publishedCount(candidates: readonly KeyCandidate[]): number {
  let n = 0;
  const isPublished = (c: KeyCandidate) => c.variant !== true && (c.publicValue !== undefined || c.configured);
  while (n < candidates.length && isPublished(candidates[n] as KeyCandidate)) n++;
  return n;
}

type Report = Parameters<ProjectRule['check']>[0]['report'];

function reportToken(
  doc: ScannedDocument,
  jwt: JwtOccurrence,
  key: KeyCandidate,
  lineOf: (doc: Document, offset: number) => number,
  report: Report,
): void {
  const alg = algName(jwt.header.alg).toUpperCase();
  const token = `${doc.document.path}:${lineOf(doc.document, jwt.span.start)}`;
  const base = {
    document: doc.document,
    span: jwt.span,
    // The token is a credential: core shows only a preview and a fingerprint of it.
    secret: jwt.token,
    suggestion: 'Generate a new signing key with `secret-hygiene generate`, set it in the environment of every deployment, and stop accepting tokens signed with the old one.',
  };
  const first = key.places[0];
  if (first) {
    report({
      ...base,
      messageId: 'repositoryKey',
      data: {
        alg,
        token,
        keyLocation: placeName(first, lineOf),
        decoded: key.decoded ? ' (base64-decoded)' : '',
        more: key.places.length > 1 ? ` (the same value is set in ${key.places.length - 1} more place${key.places.length > 2 ? 's' : ''})` : '',
      },
      // A token in a test that verifies with a key set in production code proves that key is weak
      // or leaked: core keeps such a finding at its production severity.
      evidence: [...new Set(key.places.map((p) => p.doc.document))],
      related: key.places.slice(0, MAX_RELATED).map((p: KeyPlace) => ({
        document: p.doc.document,
        span: p.a.span,
        message: `${p.a.key} is set here; the token at ${token} verifies with it`,
      })),
    });
    return;
  }
  report({
    ...base,
    messageId: 'publicKey',
    data: {
      alg,
      token,
      // A public value is no secret and may be named; a configured weak value may be private.
      keyDescription:
        key.publicValue !== undefined ? `a publicly known weak secret ("${key.publicValue}")` : 'a weak secret listed in your configuration (weak-values)',
    },
  });
}

/** `docker-compose.yml:12 JWT_SECRET_KEY`: where a key is set, never its value. */
function placeName(p: KeyPlace, lineOf: (doc: Document, offset: number) => number): string {
  return `${p.doc.document.path}:${lineOf(p.doc.document, (p.a.keySpan ?? p.a.span).start)} ${p.a.key}`;
}
