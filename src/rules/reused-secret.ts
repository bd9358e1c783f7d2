import type { ProjectRule } from '../core/rule.js';
import type { SecretAssignment } from '../core/types.js';
import { roleOf } from '../core/secret-names.js';
import { findDefinition, groupByValue, type Placed } from './value-groups.js';

const MAX_RELATED = 5;

/**
 * A framework's master key: Rails derives its cookies, sessions and message verifiers from
 * `secret_key_base`, Play signs its session cookie and CSRF tokens with `play.http.secret.key`.
 * Another secret set to one of them (a JWT or middleware key) shares it whatever its name says.
 */
const FRAMEWORK_KEYS: ReadonlySet<string> = new Set(['SECRET_KEY_BASE', 'PLAY_HTTP_SECRET_KEY', 'PLAY_CRYPTO_SECRET']);

/** The access/refresh side of a key, '' for neither. */
function sideOf(k: string): string {
  return /(^|_)ACCESS(_|$)/.test(k) ? 'access' : /(^|_)REFRESH(_|$)/.test(k) ? 'refresh' : '';
}

/**
 * Two keys serve different purposes when their roles differ, or they are the access/refresh pair.
 * Only the role and the side matter, so a group is split into classes of equal (role, side) once.
 */
function differentClass(a: { role: string; side: string }, b: { role: string; side: string }): boolean {
  if (a.role !== b.role) return true;
  return a.side !== '' && b.side !== '' && a.side !== b.side;
}

/**
 * For each member of a group of equal values, the first `limit` members (in group order) whose key
 * serves another purpose. Linear in the group: members are bucketed by (role, side) and each
 * member looks at the first `limit` of each other class, never at every other member (100k
 * identical `JWT_SECRET=` lines took 551 s pairwise). `steps`, when given, counts the work.
 */
export function partnersOf<T extends { keyId: string }>(group: readonly T[], limit: number, steps?: { n: number }): T[][] {
  const classes = new Map<string, { role: string; side: string; members: number[] }>();
  const classOf: { role: string; side: string }[] = [];
  group.forEach((m, i) => {
    if (steps) steps.n++;
    const role = roleOf(m.keyId);
    const side = sideOf(m.keyId);
    const id = `${role}\0${side}`;
    let c = classes.get(id);
    if (!c) classes.set(id, (c = { role, side, members: [] }));
    if (c.members.length < limit) c.members.push(i);
    classOf.push(c);
  });
  return group.map((_, i) => {
    const mine = classOf[i]!;
    const picked: number[] = [];
    for (const c of classes.values()) {
      if (steps) steps.n++;
      if (c !== mine && differentClass(mine, c)) picked.push(...c.members);
    }
    return picked.sort((a, b) => a - b).slice(0, limit).map((j) => group[j]!);
  });
}

export const reusedSecret: ProjectRule = {
  meta: {
    id: 'reused-secret',
    description: 'One secret value is bound to two different roles (e.g. SECRET_KEY and JWT_SECRET_KEY).',
    defaultSeverity: 'error',
    scope: 'project',
    fixable: false,
    help: 'Give each purpose its own key: generate a separate value for the JWT key with `secret-hygiene generate`\n(and `check-env --distinct SECRET_KEY,JWT_SECRET_KEY` at start-up), so a leak of one cannot forge the other.',
    messages: {
      sameValue:
        '{{key}} has the same value as {{other}} ({{where}}): whoever learns one key can forge what the other protects (sessions, CSRF, JWTs). Generate a separate value for each with `secret-hygiene generate`.',
      byReference:
        '{{key}} is set to {{other}}, so both roles share one key: a leak of {{other}} also lets anyone forge tokens signed with {{key}}. Give {{key}} its own value from the environment (`secret-hygiene generate`).',
    },
  },
  check({ docs, report }) {
    for (const [value, group] of groupByValue(docs)) {
      const partners = partnersOf(group.map((p) => ({ keyId: p.a.keyId, p })), MAX_RELATED);
      for (const [i, p] of group.entries()) {
        // One value in two tests (or docs) is a shared fixture, not a key the app uses twice:
        // reuse matters when one of the places configures the deployable app.
        const others = partners[i]!.map((o) => o.p).filter((o) => (isDeployable(p) || isDeployable(o)) && !isOneBinding(p, o));
        if (others.length === 0) continue;
        const first = others[0] as Placed;
        report({
          messageId: 'sameValue',
          data: { key: p.a.key, other: first.a.key, where: where(p, first) },
          document: p.doc.document,
          span: p.a.span,
          secret: value,
          identity: `${p.a.keyId}=${first.a.keyId}`,
          related: others.slice(0, MAX_RELATED).map((o) => ({ document: o.doc.document, span: o.a.span, message: `${o.a.key} holds the same value` })),
          suggestion: `Generate a separate value for ${p.a.key} with \`secret-hygiene generate\` and rotate both.`,
        });
      }
    }
    for (const doc of docs) {
      if (doc.isExample) continue;
      const said = oneSharingPerPlace(doc.parsed.assignments);
      for (const a of doc.parsed.assignments) {
        if (a.origin !== 'reference' || a.referenceTo === undefined || said.get(placeOf(a)) !== a) continue;
        if (a.keyId === a.referenceTo) continue;
        const framework = FRAMEWORK_KEYS.has(a.referenceTo);
        // `config.secret_key_base = Rails.application.secrets.secret_key_base` is the key itself.
        if (framework && a.keyId.endsWith('_' + a.referenceTo)) continue;
        if (!framework && !differentClass({ role: roleOf(a.keyId), side: sideOf(a.keyId) }, { role: roleOf(a.referenceTo), side: sideOf(a.referenceTo) })) continue;
        if (isAlias(a.key, a.keyId) || isCallable(a.referenceTo)) continue;
        const def = findDefinition(docs, a.referenceTo, doc);
        report({
          messageId: 'byReference',
          data: { key: a.key, other: def?.a.key ?? a.referenceTo },
          document: doc.document,
          span: a.span,
          identity: `${a.keyId}->${a.referenceTo}`,
          related: def ? [{ document: def.doc.document, span: def.a.span, message: `${def.a.key} is set here` }] : [],
          suggestion: `Read ${a.key} from its own environment variable and generate its value with \`secret-hygiene generate\`.`,
        });
      }
    }
  },
};

function placeOf(a: SecretAssignment): string {
  return `${a.span.start}:${a.span.end}:${a.referenceTo ?? ''}`;
}

/**
 * One reference per place: `SECRET_KEY = Rails.application.secrets.secret_key_base` handed to
 * `JWT.encode(payload, SECRET_KEY)` is the constant's reference and the signing call's, at the
 * same place; it is one sharing, said once, in the words of the JWT key when one of them is.
 */
function oneSharingPerPlace(assignments: readonly SecretAssignment[]): Map<string, SecretAssignment> {
  const said = new Map<string, SecretAssignment>();
  for (const a of assignments) {
    if (a.origin !== 'reference' || a.referenceTo === undefined) continue;
    const place = placeOf(a);
    const first = said.get(place);
    if (first === undefined || (roleOf(first.keyId) !== 'jwt' && roleOf(a.keyId) === 'jwt')) said.set(place, a);
  }
  return said;
}

/**
 * A local variable of no purpose of its own (`secret_base = Rails.application.secret_key_base`,
 * then fed to a key derivation): it names the same key, not a second one. A setting (`JWT_SECRET =
 * SECRET_KEY`) or a local that says its purpose (`jwt_secret = ...`) is a second key.
 */
function isAlias(key: string, keyId: string): boolean {
  return /^[a-z][a-z0-9_]*$/.test(key) && roleOf(keyId) === 'other';
}

/** `"JWT_GET_USER_SECRET_KEY": get_user_secret_key`: a function that finds each user's key, not a key. */
function isCallable(referenceTo: string): boolean {
  return /^(GET|LOAD|READ|FETCH|MAKE|BUILD|GENERATE|COMPUTE|CREATE|DERIVE|RESOLVE|LOOKUP|FIND)_/.test(referenceTo);
}

/**
 * Keys a framework reads by itself, by language: Django's and Flask's `SECRET_KEY`, Rails' and
 * Phoenix's `secret_key_base`, Laravel's `APP_KEY`, Play's `play.http.secret.key`. Bound to a
 * literal that the same file also hands to a JWT call, such a key signs the framework's cookies
 * and the tokens at once.
 */
const KEYS_A_FRAMEWORK_READS: Readonly<Record<string, ReadonlySet<string>>> = {
  python: new Set(['SECRET_KEY']),
  ruby: new Set(['SECRET_KEY_BASE']),
  elixir: new Set(['SECRET_KEY_BASE']),
  php: new Set(['APP_KEY']),
  scala: new Set(['PLAY_HTTP_SECRET_KEY', 'PLAY_CRYPTO_SECRET']),
  java: new Set(['PLAY_HTTP_SECRET_KEY', 'PLAY_CRYPTO_SECRET']),
};

/**
 * One literal at one place, seen twice: as the name it is bound to and as the key it reaches
 * through that name (`const SECRET = '...'; jwt.sign(p, SECRET)`, `DEFAULT_SECRET = "..."` as
 * `os.getenv("JWT_SECRET", DEFAULT_SECRET)`'s default). The name's words are no second purpose:
 * it is one key, used once. Unless the name is a key the framework also reads on its own.
 */
function isOneBinding(p: Placed, o: Placed): boolean {
  if (o.doc !== p.doc || o.a.span.start !== p.a.span.start || o.a.span.end !== p.a.span.end) return false;
  const read = KEYS_A_FRAMEWORK_READS[p.a.context.language ?? ''];
  return read === undefined || (!read.has(p.a.keyId) && !read.has(o.a.keyId));
}

/** Production code and config, and dev tooling of the same app (not tests, docs or CI test services). */
function isDeployable(p: Placed): boolean {
  const role = p.a.context.role ?? p.doc.role;
  return role === 'production' || role === 'dev';
}

function where(p: Placed, o: Placed): string {
  return o.doc === p.doc ? 'same file' : o.doc.document.path;
}
