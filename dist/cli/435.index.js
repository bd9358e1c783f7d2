export const id = 435;
export const ids = [435];
export const modules = {

/***/ 2435:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exposureCommand: () => (/* binding */ exposureCommand),
  exposureHelp: () => (/* binding */ exposureHelp)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/config/load.js + 4 modules
var load = __webpack_require__(1647);
// EXTERNAL MODULE: ./lib/core/secret-names.js
var secret_names = __webpack_require__(1226);
// EXTERNAL MODULE: ./lib/parsers/index.js + 16 modules
var parsers = __webpack_require__(3019);
// EXTERNAL MODULE: ./lib/sources/history.js + 2 modules
var sources_history = __webpack_require__(3172);
// EXTERNAL MODULE: ./lib/sources/git.js + 3 modules
var sources_git = __webpack_require__(8373);
// EXTERNAL MODULE: ./lib/sources/worktree.js + 2 modules
var sources_worktree = __webpack_require__(6256);
// EXTERNAL MODULE: ./lib/sources/read-files.js
var read_files = __webpack_require__(6350);
// EXTERNAL MODULE: ./lib/sources/run-git.js
var run_git = __webpack_require__(8598);
// EXTERNAL MODULE: ./lib/core/path-context.js
var path_context = __webpack_require__(2);
;// CONCATENATED MODULE: ./lib/exposure/frameworks.js
/**
 * Words that show which JWT or session framework a project uses, so the runbook can name the
 * step that invalidates its tokens. Plain substring tests on texts already read.
 */
const MARKERS = [
    ['simplejwt', ['rest_framework_simplejwt', 'djangorestframework-simplejwt', 'djangorestframework_simplejwt']],
    ['django', ['DJANGO_SETTINGS_MODULE', 'django.contrib', 'from django', 'Django==', 'django>=']],
    ['flask-jwt-extended', ['flask_jwt_extended', 'Flask-JWT-Extended', 'flask-jwt-extended']],
    ['pyjwt', ['import jwt\n', 'PyJWT', 'pyjwt']],
    ['jsonwebtoken', ["'jsonwebtoken'", '"jsonwebtoken"']],
    ['jose', ["from 'jose'", 'from "jose"', "require('jose')", '"jose":']],
    ['rails', ['secret_key_base', 'Rails.application']],
    ['laravel', ['laravel/framework', 'php artisan']],
    ['spring', ['io.jsonwebtoken', 'org.springframework']],
    ['golang-jwt', ['github.com/golang-jwt/jwt', 'github.com/dgrijalva/jwt-go']],
];
function frameworksIn(text, into) {
    for (const [framework, words] of MARKERS) {
        if (into.has(framework))
            continue;
        if (words.some((w) => text.includes(w)))
            into.add(framework);
    }
}
/** In a fixed order, so reports are deterministic. */
function sortedFrameworks(found) {
    return MARKERS.map(([f]) => f).filter((f) => found.has(f));
}

;// CONCATENATED MODULE: ./lib/exposure/forms.js
/**
 * The distinct strings to search for, longest first so that a longer form wins where two overlap
 * (base64url is base64 without padding when the value has no `+` or `/`). Base64 is searched
 * without its padding: `data:` values may be padded or not.
 */
function needlesOf(key) {
    return key.reveal((value) => {
        const bytes = Buffer.from(value, 'utf8');
        const candidates = [
            { form: 'raw', text: value },
            { form: 'base64', text: bytes.toString('base64').replace(/=+$/, '') },
            { form: 'base64url', text: bytes.toString('base64url') },
            { form: 'hex', text: bytes.toString('hex') },
            { form: 'hex', text: bytes.toString('hex').toUpperCase() },
            { form: 'url-encoded', text: encodeURIComponent(value) },
            { form: 'url-encoded', text: encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) },
            { form: 'escaped', text: JSON.stringify(value).slice(1, -1) },
        ];
        const seen = new Set();
        const out = [];
        for (const n of candidates) {
            if (n.text.length === 0 || seen.has(n.text))
                continue;
            seen.add(n.text);
            out.push(n);
        }
        return out.sort((a, b) => b.text.length - a.text.length);
    });
}
/** What the report says was searched: every form, including those that coincide for a given key (base64url and unpadded base64). */
const SEARCHED_FORMS = ['raw', 'quoted', '${VAR:-...} default', 'base64', 'base64url', 'hex', 'URL-encoded', 'JSON-escaped'];

// EXTERNAL MODULE: ./lib/sources/cat-file.js
var cat_file = __webpack_require__(2589);
// EXTERNAL MODULE: ./lib/sources/decode.js
var decode = __webpack_require__(1018);
// EXTERNAL MODULE: ./lib/sources/object-sizes.js
var object_sizes = __webpack_require__(9344);
;// CONCATENATED MODULE: ./lib/exposure/refs.js





/** Tree lookups (`<commit>:<path>`) this step may make, whatever the number of refs and paths. */
const MAX_LOOKUPS = 20_000;
/** Last-holder commits whose dates are asked in one `git show`. */
const MAX_DATED = 500;
/**
 * Which refs still hold the key, whether HEAD does, and where it was taken out. Only the paths
 * that ever held it (from the history walk) are looked at: every file at a ref's tip was
 * introduced by a commit of the history, so no other path can hold it there. The blobs are read
 * through the same `git cat-file` readers as the history.
 */
async function refFacts(root, paths, holds, range, maxFileBytes, problems) {
    const facts = { branches: [], tags: [], remotes: [], atHead: false, removals: [] };
    if (paths.length === 0)
        return facts;
    const sizes = new object_sizes/* ObjectSizes */.c(root);
    const blobs = new cat_file/* BlobReader */.n(root);
    const cache = new Map();
    let lookups = 0;
    let capped = false;
    const holdsAt = (sha, path) => {
        const id = `${sha}:./${path}`;
        let known = cache.get(id);
        if (known)
            return known;
        if (lookups >= MAX_LOOKUPS) {
            capped = true;
            return Promise.resolve(false);
        }
        lookups++;
        known = sizes.size(id).then(async (size) => {
            if (size === null || size > maxFileBytes)
                return false;
            const bytes = await blobs.read(id);
            return bytes !== null && !(0,decode/* isBinary */.G)(bytes) && holds((0,decode/* decodeText */.g)(bytes).text);
        });
        cache.set(id, known);
        return known;
    };
    const holdsAnywhere = async (sha) => (await Promise.all(paths.map((p) => holdsAt(sha, p)))).some(Boolean);
    try {
        const candidates = [];
        const head = (await (0,run_git/* runGit */.E)(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], [0, 1])).trim();
        if (head !== '')
            facts.atHead = await holdsAnywhere(head);
        const listing = await (0,run_git/* runGit */.E)(root, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(authordate:iso-strict)%00%(*authordate:iso-strict)', 'refs/heads', 'refs/tags', 'refs/remotes']);
        for (const line of listing.split('\n')) {
            const [ref = '', object = '', peeled = '', date = '', peeledDate = ''] = line.split('\0');
            if (ref === '' || ref.endsWith('/HEAD'))
                continue;
            const sha = peeled !== '' ? peeled : object;
            if (!(await holdsAnywhere(sha)))
                continue;
            const short = ref.replace(/^refs\/(heads|tags|remotes)\//, '');
            if (ref.startsWith('refs/heads/'))
                facts.branches.push(short);
            else if (ref.startsWith('refs/tags/'))
                facts.tags.push(short);
            else
                facts.remotes.push(short);
            candidates.push({ sha, date: peeled !== '' ? peeledDate : date, ref: short });
        }
        // Where each path lost it: a commit that touches the path, does not hold it there, and has a parent that does.
        const lastBefore = new Set();
        for (const path of paths) {
            const log = await (0,run_git/* runGit */.E)(root, ['log', '--full-history', '--format=%H %aI %P', ...(0,sources_history/* revisionArgs */.vp)(range), '--', path]);
            // Asked all at once: the cat-file readers answer in order while more questions queue up.
            const found = await Promise.all(log.split('\n').map(async (line) => {
                // A root commit has no parents: `%P` is empty, and '' would name the index (`:./path`).
                const [sha = '', date = '', ...parents] = line.split(' ').filter((w) => w !== '');
                if (sha === '' || (await holdsAt(sha, path)))
                    return null;
                const holding = await Promise.all(parents.map((parent) => holdsAt(parent, path)));
                const parent = parents.find((_, i) => holding[i]);
                return parent === undefined ? null : { sha, date, file: path, parent };
            }));
            for (const f of found) {
                if (f === null)
                    continue;
                facts.removals.push({ sha: f.sha, date: f.date, file: f.file });
                lastBefore.add(f.parent);
            }
        }
        if (lastBefore.size > 0) {
            // Dates for the last holders; a bounded list keeps the command line short (the newest is what matters, and removals are few).
            const shown = await (0,run_git/* runGit */.E)(root, ['show', '-s', '--format=%H %aI', ...[...lastBefore].slice(0, MAX_DATED)]);
            for (const line of shown.split('\n')) {
                const [sha = '', date = ''] = line.split(' ');
                if (sha !== '')
                    candidates.push({ sha, date });
            }
        }
        facts.lastHolder = candidates.sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
        facts.removals.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || (a.file < b.file ? -1 : 1));
        for (const list of [facts.branches, facts.tags, facts.remotes])
            list.sort();
    }
    finally {
        sizes.close();
        blobs.close();
    }
    if (capped)
        problems.push({ file: '.', reason: `checked at most ${MAX_LOOKUPS} file versions for which refs still hold the key; the branch and tag lists may be incomplete` });
    return facts;
}

;// CONCATENATED MODULE: ./lib/exposure/report.js
/** Commits listed per place; the count says how many there were. */
const MAX_COMMITS_LISTED = 20;
/** Lines listed per place. */
const MAX_LINES_LISTED = 20;

;// CONCATENATED MODULE: ./lib/exposure/scan-text.js
/** At most this many places are taken from one text (a generated fixture may repeat a key thousands of times). */
const MAX_OCCURRENCES_PER_TEXT = 200;
/**
 * Every place `text` holds one of the needles, in text order. Native `indexOf` per needle: the
 * work is linear in the text, and the key never leaves this process (no `git grep -e KEY`, which
 * would put it on a command line). A shorter needle inside a longer one's match is not counted twice.
 */
function findOccurrences(text, needles, max = MAX_OCCURRENCES_PER_TEXT) {
    const spans = [];
    for (const n of needles) {
        for (let at = text.indexOf(n.text); at !== -1 && spans.length < max; at = text.indexOf(n.text, at + n.text.length)) {
            const end = at + n.text.length;
            if (spans.some((s) => at < s.end && end > s.start))
                continue;
            spans.push({ start: at, end, form: n.form });
        }
    }
    if (spans.length === 0)
        return [];
    spans.sort((a, b) => a.start - b.start);
    const lineStarts = lineStartsOf(text);
    return spans.map((s) => {
        const line = lineAt(lineStarts, s.start);
        const lineStart = lineStarts[line - 1] ?? 0;
        const before = text.slice(Math.max(lineStart, s.start - 200), s.start);
        const after = text.charAt(s.end);
        const named = nameBefore(before);
        const quote = before.charAt(before.length - 1);
        const writtenAs = named?.isDefault ? 'default' : (quote === '"' || quote === "'" || quote === '`') && after === quote ? 'quoted' : 'plain';
        const o = { line, column: s.start - lineStart + 1, form: s.form, writtenAs };
        if (named && !overlapsNeedle(named.name, needles))
            o.name = named.name;
        return o;
    });
}
/**
 * The name written just before a value on its line: `NAME=`, `NAME: `, `"name": "`, `name => '`,
 * or `${NAME:-` / `${NAME-` (a default). A character loop from the end, no regex over the line.
 */
function nameBefore(before) {
    let i = before.length;
    const skip = (chars) => {
        while (i > 0 && chars.includes(before.charAt(i - 1)))
            i--;
    };
    skip('"\'` \t');
    // ${NAME:-value} or ${NAME-value}
    if (before.charAt(i - 1) === '-') {
        let j = i - 1;
        if (before.charAt(j - 1) === ':')
            j--;
        const end = j;
        while (j > 0 && isNameChar(before.charCodeAt(j - 1), false))
            j--;
        if (j < end && before.slice(j - 2, j) === '${')
            return { name: before.slice(j, end), isDefault: true };
    }
    if (before.endsWith('=>'))
        i -= 2;
    else if (before.charAt(i - 1) === '=' || before.charAt(i - 1) === ':')
        i--;
    else
        return null;
    if (before.charAt(i - 1) === ':')
        i--; // `:=` (Go, Makefiles)
    skip('"\'` \t]');
    const end = i;
    while (i > 0 && isNameChar(before.charCodeAt(i - 1), true))
        i--;
    const name = before.slice(i, end);
    return /^[A-Za-z_]/.test(name) && name.length <= 100 ? { name, isDefault: false } : null;
}
function isNameChar(c, dotted) {
    return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (dotted && (c === 0x2e || c === 0x2d));
}
/** A name is text of the file: it is dropped if it holds a piece of the key (a key used as a mapping key). */
function overlapsNeedle(name, needles) {
    return needles.some((n) => name.includes(n.text) || (name.length >= 8 && n.text.includes(name)));
}
/** The parser's assignments whose value is the key (k8s `data:` values come decoded). */
function bindingsOf(assignments, key, text) {
    const out = [];
    let lineStarts = null;
    for (const a of assignments) {
        if (a.value === undefined || a.value.length !== key.length || !key.equals(a.value))
            continue;
        lineStarts ??= lineStartsOf(text);
        const b = { line: lineAt(lineStarts, a.span.start), key: a.key, keyId: a.keyId, origin: a.origin, context: a.context };
        if (a.encoding)
            b.encoding = a.encoding;
        out.push(b);
    }
    return out;
}
function lineStartsOf(text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
        starts.push(i + 1);
    return starts;
}
/** 1-based line of an offset, by binary search over line starts. */
function lineAt(starts, offset) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo + 1;
}

// EXTERNAL MODULE: ./lib/core/redact.js + 1 modules
var redact = __webpack_require__(8387);
// EXTERNAL MODULE: ./lib/parsers/jwt-tokens.js
var jwt_tokens = __webpack_require__(5464);
// EXTERNAL MODULE: ./lib/rules/jwt-verify.js
var jwt_verify = __webpack_require__(606);
;// CONCATENATED MODULE: ./lib/exposure/tokens.js




/** At most this many distinct tokens are remembered; beyond it each is verified again (still within the budget). */
const MAX_REMEMBERED = 100_000;
/**
 * Which committed JWTs the key signs (HS256/384/512, verified offline by jwt-verify.ts). Each
 * distinct token is verified once however many files and commits hold it, within the scan-wide
 * HMAC budget the jwt-forgeable rule uses.
 */
class TokenVerifier {
    verdicts = new Map();
    budget = new jwt_verify/* VerificationBudget */.d7();
    keys;
    /** Distinct HMAC tokens left unverified because the budget ran out. */
    skipped = 0;
    fingerprints;
    constructor(key) {
        this.keys = key.hmacKeys();
        this.fingerprints = key.fingerprints;
    }
    signedIn(text) {
        const out = [];
        let starts = null;
        for (const t of (0,jwt_tokens/* findJwts */.OK)(text)) {
            const alg = this.verdict(t.token, t.header.alg);
            if (alg === null)
                continue;
            starts ??= lineStartsOf(text);
            const line = lineAt(starts, t.span.start);
            out.push({ line, column: t.span.start - (starts[line - 1] ?? 0) + 1, alg, token: (0,redact/* summarizeSecret */.q9)(t.token, this.fingerprints) });
        }
        return out;
    }
    verdict(token, alg) {
        const known = this.verdicts.get(token);
        if (known !== undefined)
            return known;
        const parts = (0,jwt_verify/* hmacToken */.JF)(token, alg);
        let result = null;
        if (parts) {
            const granted = this.budget.take(this.keys.length);
            if (granted < this.keys.length)
                this.skipped++;
            for (let i = 0; i < granted && result === null; i++)
                if ((0,jwt_verify/* verifiesWith */.gd)(parts, this.keys[i]))
                    result = parts.alg;
        }
        if (this.verdicts.size < MAX_REMEMBERED)
            this.verdicts.set(token, result);
        return result;
    }
}

;// CONCATENATED MODULE: ./lib/exposure/collect.js














/**
 * Finds every place `key` has been: the working tree, then every version of every text file in
 * the history (every branch, tag and remote ref, through historySource's bounded reader), then
 * which refs still hold it. Memory grows with the places found, not with the history.
 */
async function collectExposure(root, key, config, options = {}) {
    const needles = needlesOf(key);
    const acc = new Accumulator(key, needles, config);
    const problems = [];
    const git = await (0,sources_git/* isGitWorkTree */.q1)(root);
    const worktree = (0,sources_worktree/* worktreeSource */.H)({ root, maxFileBytes: config.maxFileBytes, exclude: [] });
    for await (const doc of worktree.documents()) {
        if (doc.path === options.keyFile)
            continue;
        acc.examine(doc, null);
        frameworksIn(doc.text, acc.frameworks);
    }
    problems.push(...worktree.problems);
    // Dotenv files git ignores are not exposure, but they are where the live key is set, so the
    // runbook's `generate --rotate` names them.
    if (git) {
        const ignored = await ignoredDotenvFiles(root);
        for await (const doc of (0,read_files/* readDocuments */.r)(root, ignored, { maxFileBytes: config.maxFileBytes }, problems, { bytesRead: 0 }))
            acc.examineIgnored(doc);
    }
    let commits = 0;
    let facts = null;
    if (git) {
        const total = options.commitCount ?? (await (0,sources_history/* countCommits */.Wt)(root, options));
        commits = total;
        const mentions = (text) => text.includes('eyJ') || needles.some((n) => text.includes(n.text));
        const history = (0,sources_history/* historySource */.GT)({
            root,
            maxFileBytes: config.maxFileBytes,
            exclude: [],
            isScannable: () => true,
            mentions,
            ...rangeOf(options),
            ...(options.onProgress ? { onCommit: (done) => options.onProgress?.(done, total) } : {}),
        });
        for await (const doc of history.documents())
            acc.examine(doc, doc.commit ?? null);
        acc.textsRead += history.filesListed ?? 0;
        problems.push(...history.problems);
        facts = await refFacts(root, [...acc.historyPaths].sort(), (text) => needles.some((n) => text.includes(n.text)), options, config.maxFileBytes, problems);
    }
    if (acc.tokens.skipped > 0)
        problems.push({ file: '.', reason: `${acc.tokens.skipped} committed tokens were not verified: the budget of HMAC computations ran out` });
    const files = acc.fileList();
    const tokens = acc.tokenList();
    const first = acc.firstCommit;
    const report = {
        version: 1,
        key: key.summary,
        exposed: files.length > 0 || tokens.length > 0,
        scope: { git, commits, ...(limitOf(options) ? { limit: limitOf(options) } : {}), textsRead: acc.textsRead, forms: [...SEARCHED_FORMS] },
        ...(first ? { firstCommit: first } : {}),
        ...(facts?.lastHolder ? { lastCommit: facts.lastHolder } : {}),
        atHead: facts?.atHead ?? false,
        inWorktree: files.some((f) => f.inWorktree),
        refs: { branches: facts?.branches ?? [], tags: facts?.tags ?? [], remotes: facts?.remotes ?? [] },
        removals: facts?.removals ?? [],
        files,
        roles: acc.roleList(),
        names: acc.nameList(),
        uses: acc.useList(options.names ?? []),
        tokens,
        frameworks: sortedFrameworks(acc.frameworks),
        problems: distinctProblems(problems),
    };
    return report;
}
function rangeOf(o) {
    const r = {};
    if (o.range !== undefined)
        r.range = o.range;
    if (o.since !== undefined)
        r.since = o.since;
    if (o.maxCount !== undefined)
        r.maxCount = o.maxCount;
    return r;
}
function limitOf(o) {
    const parts = [o.range !== undefined ? `range ${o.range}` : '', o.since !== undefined ? `since ${o.since}` : '', o.maxCount !== undefined ? `the ${o.maxCount} most recent commits` : ''].filter(Boolean);
    return parts.length > 0 ? parts.join(', ') : undefined;
}
/** Where a place was seen: the working tree (commit null) or a commit of the history. */
function newSeen() {
    return { inWorktree: false, commits: [], commitCount: 0 };
}
function see(seen, commit) {
    if (commit === null) {
        seen.inWorktree = true;
        return;
    }
    if (seen.commits.some((c) => c.sha === commit.sha))
        return;
    seen.commitCount++;
    if (seen.commits.length < MAX_COMMITS_LISTED)
        seen.commits.push({ sha: commit.sha, date: commit.date });
}
/** Records a line a place was seen at: the working tree's is the one shown, else the newest version's (history streams oldest first). */
function atLine(place, line, commit) {
    if (commit === null || !place.inWorktree)
        place.line = line;
    if (!place.lines.includes(line) && place.lines.length < MAX_LINES_LISTED)
        place.lines.push(line);
}
function sortLines(p) {
    return { ...p, lines: [...p.lines].sort((a, b) => a - b) };
}
/** Gathers places, roles and tokens as documents stream past; keeps no text. */
class Accumulator {
    key;
    needles;
    frameworks = new Set();
    historyPaths = new Set();
    tokens;
    textsRead = 0;
    firstCommit;
    files = new Map();
    roles = new Map();
    names = new Set();
    signed = new Map();
    parse;
    storeUses = [];
    constructor(key, needles, config) {
        this.key = key;
        this.needles = needles;
        this.tokens = new TokenVerifier(key);
        this.parse = (0,parsers/* createDocumentParser */.LY)((0,secret_names/* createSecretNameMatcher */.ot)(config.secretNames), config.secretNames);
    }
    examine(doc, commit) {
        if (commit === null)
            this.textsRead++;
        let parsed;
        const parse = () => (parsed === undefined ? (parsed = this.parsed(doc)) : parsed);
        if (commit === null && (doc.text.includes('secrets.') || doc.text.includes('secretKeyRef')))
            this.collectUses(doc, parse());
        const occurrences = findOccurrences(doc.text, this.needles);
        if (occurrences.length > 0) {
            if (commit !== null) {
                this.historyPaths.add(doc.path);
                if (!this.firstCommit || Date.parse(commit.date) < Date.parse(this.firstCommit.date))
                    this.firstCommit = { sha: commit.sha, date: commit.date };
            }
            let file = this.files.get(doc.path);
            if (!file)
                this.files.set(doc.path, (file = { file: doc.path, places: [], byPlace: new Map(), ...newSeen() }));
            see(file, commit);
            if (commit === null && doc.tracked !== undefined)
                file.tracked = doc.tracked;
            const p = parse();
            const bindings = p ? bindingsOf(p.assignments, this.key, doc.text) : [];
            for (const o of occurrences) {
                const binding = bindings.find((b) => b.line === o.line);
                const name = binding?.key ?? o.name;
                // One row per way the file holds it, however its line moves across versions (edits above it).
                const id = `${o.form}\0${o.writtenAs}\0${name ?? ''}`;
                let place = file.byPlace.get(id);
                if (!place) {
                    place = { line: o.line, lines: [], form: o.form, writtenAs: o.writtenAs, ...(name !== undefined ? { name } : {}), ...newSeen() };
                    file.byPlace.set(id, place);
                }
                atLine(place, o.line, commit);
                see(place, commit);
                if (name !== undefined)
                    this.names.add(name);
            }
            for (const b of bindings)
                this.addRole(doc.path, b, commit);
        }
        if (doc.text.includes('eyJ')) {
            for (const t of this.tokens.signedIn(doc.text)) {
                let entry = this.signed.get(t.token.fingerprint);
                if (!entry)
                    this.signed.set(t.token.fingerprint, (entry = { alg: t.alg, token: t.token, places: [], byPlace: new Map() }));
                let place = entry.byPlace.get(doc.path);
                if (!place)
                    entry.byPlace.set(doc.path, (place = { file: doc.path, line: t.line, lines: [], ...newSeen() }));
                atLine(place, t.line, commit);
                see(place, commit);
            }
        }
    }
    /** An ignored file: only the settings that bind the key are kept (it is no place anyone else can read). */
    examineIgnored(doc) {
        if (findOccurrences(doc.text, this.needles, 1).length === 0)
            return;
        const p = this.parsed(doc);
        for (const b of p ? bindingsOf(p.assignments, this.key, doc.text) : [])
            this.addRole(doc.path, b, null, true);
    }
    parsed(doc) {
        try {
            return this.parse(doc);
        }
        catch {
            // A parser failing on odd input still leaves the textual places, which are reported.
            return null;
        }
    }
    /** Settings that read a secret-named variable from a store; kept until the key's names are known. */
    collectUses(doc, parsed) {
        for (const a of parsed?.assignments ?? []) {
            if (a.origin !== 'managed')
                continue;
            const text = doc.text.slice(a.span.start, Math.min(a.span.end, a.span.start + 2000));
            const line = lineAt(lineStartsOf(doc.text), a.span.start);
            if (a.context.format === 'ci') {
                const secret = /secrets\.([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
                if (secret === undefined)
                    continue;
                this.storeUses.push({ kind: 'ci-secret', file: doc.path, line, name: a.key, keyId: a.keyId, secret, ...(a.context.ci?.job !== undefined ? { job: a.context.ci.job } : {}) });
            }
            else if (a.context.kubernetes) {
                const secret = /\bname:\s*["']?([A-Za-z0-9][A-Za-z0-9.-]*)/.exec(text)?.[1];
                const secretKey = /\bkey:\s*["']?([A-Za-z0-9._-]+)/.exec(text)?.[1];
                if (secret === undefined)
                    continue;
                const k = a.context.kubernetes;
                this.storeUses.push({
                    kind: 'kubernetes-secret',
                    file: doc.path,
                    line,
                    name: a.key,
                    keyId: a.keyId,
                    secret,
                    ...(secretKey !== undefined ? { secretKey } : {}),
                    workload: { kind: k.kind, ...(k.name !== undefined ? { name: k.name } : {}), ...(k.namespace !== undefined ? { namespace: k.namespace } : {}) },
                });
            }
        }
    }
    /** The store uses of a name the key is bound to (or of the variable it was read from). */
    useList(extraNames) {
        const ids = new Set([...this.names, ...extraNames].map(secret_names/* normalizeKey */.l5));
        return this.storeUses
            .filter((u) => ids.has(u.keyId))
            .map(({ keyId: _keyId, ...u }) => u)
            .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    }
    addRole(file, b, commit, ignored = false) {
        const kind = roleKind(b.context);
        const k8s = b.context.kubernetes;
        const id = [kind, file, b.keyId, b.context.service ?? '', k8s?.namespace ?? '', k8s?.name ?? '', b.context.ci?.job ?? ''].join('\0');
        let role = this.roles.get(id);
        if (!role) {
            role = { kind, file, line: b.line, name: b.key, keyId: b.keyId, origin: b.origin, isExample: b.context.isExample, ...newSeen() };
            if (b.encoding)
                role.encoding = b.encoding;
            if (ignored)
                role.ignored = true;
            if (b.context.service !== undefined)
                role.service = b.context.service;
            if (k8s)
                role.kubernetes = { kind: k8s.kind, ...(k8s.name !== undefined ? { name: k8s.name } : {}), ...(k8s.namespace !== undefined ? { namespace: k8s.namespace } : {}) };
            if (b.context.ci)
                role.ci = { system: b.context.ci.system, ...(b.context.ci.job !== undefined ? { job: b.context.ci.job } : {}) };
            this.roles.set(id, role);
        }
        // The working tree's line is the one to edit; else the newest version's.
        if (commit === null || !role.inWorktree)
            role.line = b.line;
        see(role, commit);
        if (!ignored)
            this.names.add(b.key);
    }
    fileList() {
        return [...this.files.values()]
            .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
            .map(({ byPlace, ...f }) => ({ ...f, places: [...byPlace.values()].map(sortLines).sort((a, b) => a.line - b.line || (a.form < b.form ? -1 : a.form > b.form ? 1 : 0)) }));
    }
    roleList() {
        const order = ['dotenv', 'compose', 'kubernetes', 'ci', 'code', 'config'];
        return [...this.roles.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);
    }
    nameList() {
        return [...this.names].sort();
    }
    tokenList() {
        return [...this.signed.values()]
            .map(({ byPlace, ...t }) => ({ ...t, places: [...byPlace.values()].map(sortLines).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)) }))
            .sort((a, b) => ((a.places[0]?.file ?? '') < (b.places[0]?.file ?? '') ? -1 : 1));
    }
}
/** Dotenv files git ignores (an ignored directory is listed as one entry, not walked). */
async function ignoredDotenvFiles(root) {
    const out = await (0,run_git/* runGit */.E)(root, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--no-empty-directory'], [0]).catch(() => '');
    return out
        .split('\0')
        .filter((p) => p !== '' && !p.endsWith('/') && (0,path_context/* isDotenvPath */.wd)(p))
        .sort()
        .map((path) => ({ path, tracked: false, ignored: true }));
}
function roleKind(context) {
    switch (context.format) {
        case 'dotenv':
            return 'dotenv';
        case 'compose':
            return 'compose';
        case 'kubernetes':
        case 'helm':
            return context.kubernetes ? 'kubernetes' : 'config';
        case 'ci':
            return 'ci';
        case 'code':
        case 'dockerfile':
            return 'code';
        default:
            return 'config';
    }
}
function distinctProblems(problems) {
    const seen = new Set();
    return problems
        .filter((p) => {
        const id = `${p.file}\0${p.reason}`;
        if (seen.has(id))
            return false;
        seen.add(id);
        return true;
    })
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./lib/exposure/held-key.js



/**
 * The key under investigation, held in memory only. It cannot be printed by accident: every way a
 * value turns into text (`String()`, template literals, `JSON.stringify`, `util.inspect`, console)
 * gives `[key]`. Code that needs the bytes asks for them by name (`forms`, `hmacKey`, `equals`).
 */
class HeldKey {
    fingerprints;
    #value;
    #digest;
    summary;
    /** `fingerprints`: the repository's (see core/redact.ts), so the summary matches what scans print. */
    constructor(value, fingerprints) {
        this.fingerprints = fingerprints;
        this.#value = value;
        this.#digest = digestOf(value);
        this.summary = (0,redact/* summarizeSecret */.q9)(value, fingerprints);
    }
    get length() {
        return this.#value.length;
    }
    /** Compared by SHA-256 digest in constant time: no early exit that depends on the value. */
    equals(candidate) {
        return (0,external_node_crypto_.timingSafeEqual)(this.#digest, digestOf(candidate));
    }
    /** The HMAC keys a token may have been signed with: the bytes as written, and base64-decoded when they look like base64 (jjwt, Spring). */
    hmacKeys() {
        const keys = [(0,external_node_crypto_.createSecretKey)(Buffer.from(this.#value, 'utf8'))];
        if (/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(this.#value) && this.#value.length % 4 !== 1) {
            const decoded = Buffer.from(this.#value, /[-_]/.test(this.#value) ? 'base64url' : 'base64');
            if (decoded.length >= 16)
                keys.push((0,external_node_crypto_.createSecretKey)(decoded));
        }
        return keys;
    }
    /** Hands the value to `use` (form building, the purge file); nothing else can read it. */
    reveal(use) {
        return use(this.#value);
    }
    toString() {
        return '[key]';
    }
    toJSON() {
        return '[key]';
    }
    [external_node_util_.inspect.custom]() {
        return '[key]';
    }
}
function digestOf(value) {
    return (0,external_node_crypto_.createHash)('sha256').update(value, 'utf8').digest();
}

;// CONCATENATED MODULE: ./lib/exposure/key-input.js


/** A key is at most this long: a signing key, not a file. */
const MAX_KEY_BYTES = 64 * 1024;
/** Shorter values match ordinary words and identifiers everywhere; a real signing key is longer (RFC 7518 §3.2 asks 32 bytes). */
const MIN_KEY_CHARS = 8;
class KeyInputError extends Error {
}
/**
 * Reads the key from the environment, a file or stdin. One trailing newline (what `echo` and
 * editors add) is dropped; nothing else is trimmed, as a key may end in spaces.
 */
async function readKey(source, env, stdin, fingerprints) {
    let value;
    let what;
    if (source.kind === 'env') {
        what = `the environment variable ${source.name}`;
        const v = env[source.name];
        // A name that names no variable is not repeated: it may be the key itself, pasted in its place.
        if (v === undefined)
            throw new KeyInputError(`the environment variable --from-env names is not set (the name is not shown: it may be the key itself). Export it in this shell (or the CI job's env:) and run again.`);
        value = v;
    }
    else {
        what = source.kind === 'stdin' ? 'stdin' : source.path;
        value = stripNewline(key_input_decode(source.kind === 'stdin' ? await stdin() : await readSmallFile(source.path), what));
    }
    if (value.length === 0)
        throw new KeyInputError(`${what} is empty: give the key whose exposure to trace.`);
    if (value.length < MIN_KEY_CHARS) {
        throw new KeyInputError(`the key from ${what} is ${value.length} characters long; below ${MIN_KEY_CHARS} it would match ordinary text everywhere. A key this short is weak anyway: rotate it (secret-hygiene generate).`);
    }
    return new HeldKey(value, fingerprints);
}
async function readSmallFile(path) {
    let fh;
    try {
        fh = await (0,promises_.open)(path, 'r');
    }
    catch (err) {
        // A path that opens nothing is not repeated: it may be the key itself, pasted in its place.
        throw new KeyInputError(`cannot read the key file --from-file names (${err.code ?? 'error'}; the path is not shown: it may be the key itself): give a readable file holding only the key.`);
    }
    try {
        const st = await fh.stat();
        if (!st.isFile())
            throw new KeyInputError(`${path} is not a regular file: give a file holding only the key, or - for stdin.`);
        if (st.size > MAX_KEY_BYTES)
            throw new KeyInputError(`${path} is ${st.size} bytes, more than a key (at most ${MAX_KEY_BYTES}): give a file holding only the key.`);
        return await fh.readFile();
    }
    finally {
        await fh.close();
    }
}
/** Reads all of stdin, up to the key size cap. */
async function readStdin(stream = process.stdin) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += b.length;
        if (size > MAX_KEY_BYTES)
            throw new KeyInputError(`stdin holds more than ${MAX_KEY_BYTES} bytes: pipe in only the key.`);
        chunks.push(b);
    }
    return Buffer.concat(chunks);
}
function key_input_decode(bytes, what) {
    if (bytes.includes(0))
        throw new KeyInputError(`${what} holds binary data: give the key as text, as the application reads it.`);
    return bytes.toString('utf8');
}
function stripNewline(v) {
    return v.endsWith('\r\n') ? v.slice(0, -2) : v.endsWith('\n') ? v.slice(0, -1) : v;
}

;// CONCATENATED MODULE: ./lib/exposure/follow-fingerprint.js







/** A fingerprint as findings show it: the whole 20 hex digits (JSON) or the 8 the text report prints. */
function isFingerprint(text) {
    return /^[0-9a-f]{8,64}$/i.test(text);
}
/** Distinct values fingerprinted at most; beyond it a value seen again is fingerprinted again. */
const follow_fingerprint_MAX_REMEMBERED = 200_000;
/**
 * Finds the value a scan reported by its fingerprint: the secret values the parsers see in the
 * working tree, then in every version in the history, are fingerprinted with the scan's own
 * function (core/redact.ts) until one matches. A prefix that matches two different values is
 * ambiguous (a usage error): the full fingerprint is in `--format json`.
 *
 * The work is bounded as a scan's is: random-looking values take the fast hash, the others scrypt
 * within the fingerprinter's budget, so a repository that plants thousands of short values (in the
 * tree or across its history) costs seconds, not hours. What the budget left unhashed is counted:
 * no match then means "not found in what was checked", which the caller must say.
 */
async function followFingerprint(root, fingerprint, config, range, fingerprints) {
    const wanted = fingerprint.toLowerCase();
    const parse = (0,parsers/* createDocumentParser */.LY)((0,secret_names/* createSecretNameMatcher */.ot)(config.secretNames), config.secretNames);
    const seen = new Set();
    const unhashed = new Set();
    let unchecked = 0;
    let match = null;
    const look = (doc) => {
        for (const a of parse(doc).assignments) {
            const v = a.value;
            if (v === undefined || v.length === 0 || seen.has(v))
                continue;
            if (seen.size < follow_fingerprint_MAX_REMEMBERED)
                seen.add(v);
            // Keyed by the repository and memoized per value, like the scan that printed it.
            const fp = fingerprints.budgeted(v);
            if (fp === undefined) {
                if (!unhashed.has(v)) {
                    unchecked++;
                    if (unhashed.size < follow_fingerprint_MAX_REMEMBERED)
                        unhashed.add(v);
                }
                continue;
            }
            if (!fp.startsWith(wanted))
                continue;
            if (match !== null && match !== v) {
                throw new KeyInputError(`the fingerprint ${fingerprint} matches more than one value: give the full 20-digit fingerprint (secret.fingerprint in scan --format json).`);
            }
            match = v;
        }
    };
    const base = { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude };
    const worktree = (0,sources_worktree/* worktreeSource */.H)({ ...base, contentWords: (0,parsers/* contentWords */.ZF)(config.secretNames) });
    for await (const doc of worktree.documents())
        look(doc);
    // A whole fingerprint cannot match two values; a prefix must be checked against the history too.
    if ((match === null || wanted.length < 20) && (await (0,sources_git/* isGitWorkTree */.q1)(root))) {
        const history = (0,sources_history/* historySource */.GT)({ ...base, ...range, isScannable: parsers/* isScannablePath */.BQ, mentions: (0,parsers/* createContentFilter */.Mj)(config.secretNames) });
        for await (const doc of history.documents())
            look(doc);
    }
    return { key: match === null ? null : new HeldKey(match, fingerprints), unchecked };
}

;// CONCATENATED MODULE: ./lib/exposure/verdict.js
/** The one line an incident ticket starts with: who can read the key, since when, and where it still is. */
function verdictOf(r) {
    const searched = r.scope.git
        ? r.scope.limit
            ? `the working tree and the ${plural(r.scope.commits, 'commit')} searched (${r.scope.limit}; older history was not searched)`
            : `the working tree and the ${plural(r.scope.commits, 'commit')} of every branch and tag`
        : `the ${plural(r.scope.textsRead, 'file')} of this directory (not a git repository: there is no history to search)`;
    if (!r.exposed) {
        const local = [...new Set(r.roles.filter((x) => x.ignored).map((x) => x.file))];
        const where = local.length > 0 ? ` Only ${listed(local, 4)}, which git ignores, holds it.` : '';
        return `This key appears nowhere in ${searched}, in none of its forms (${r.scope.forms.join(', ')}), and no committed token verifies with it.${where}`;
    }
    const tokens = r.tokens.length > 0 ? ` ${plural(r.tokens.length, 'committed token')} ${r.tokens.length === 1 ? 'verifies' : 'verify'} with it.` : '';
    if (r.firstCommit) {
        const where = [];
        if (r.atHead)
            where.push('at HEAD');
        const refs = [...r.refs.branches.map((b) => `branch ${b}`), ...r.refs.tags.map((t) => `tag ${t}`), ...r.refs.remotes.map((t) => `remote branch ${t}`)];
        if (refs.length > 0)
            where.push(`on ${listed(refs, 6)}`);
        const still = where.length > 0
            ? `, and it still is: ${where.join(', ')}`
            : r.lastCommit
                ? `; no branch or tag holds it any more (last in ${verdict_short(r.lastCommit.sha)}, ${day(r.lastCommit.date)}), but the history keeps it`
                : '';
        return `This key is public to anyone who can read the repository since ${day(r.firstCommit.date)} (commit ${verdict_short(r.firstCommit.sha)})${still}.${tokens} Rotate it: taking it out of the files does not make it secret again.`;
    }
    const inTree = r.files.filter((f) => f.inWorktree).map((f) => f.file);
    if (inTree.length > 0) {
        return `This key is not in the history, but the working tree holds it in ${listed(inTree, 4)}: it is one commit away from being public.${tokens}`;
    }
    return `The key itself is in none of ${searched}, but ${plural(r.tokens.length, 'committed token')} ${r.tokens.length === 1 ? 'verifies' : 'verify'} with it: anyone who reads ${r.tokens.length === 1 ? 'it' : 'them'} holds a valid credential until the key changes.`;
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function verdict_short(sha) {
    return sha.slice(0, 7);
}
/** The calendar day of an ISO date as the author wrote it (`2024-03-02`). */
function day(iso) {
    return iso.slice(0, 10);
}
function listed(items, max) {
    if (items.length <= max)
        return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
    return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

;// CONCATENATED MODULE: ./lib/exposure/describe.js

/** Words shared by the text and Markdown reports: built from names, places and commits only. */
function commitText(c) {
    return `${verdict_short(c.sha)} (${day(c.date)})`;
}
/** `working tree; 3 commits, first abc1234 (2024-03-02), last def5678 (2024-04-01)`. */
function seenText(s) {
    const parts = [];
    if (s.inWorktree)
        parts.push('working tree');
    const first = s.commits[0];
    const last = s.commits[s.commits.length - 1];
    if (first && last) {
        parts.push(s.commitCount === 1 ? `1 commit: ${commitText(first)}` : `${plural(s.commitCount, 'commit')}: first ${commitText(first)}, last listed ${commitText(last)}`);
    }
    return parts.join('; ');
}
function formText(l) {
    const how = l.writtenAs === 'default' ? 'as a ${...:-} default' : l.writtenAs === 'quoted' ? 'quoted' : '';
    return [l.form, how].filter(Boolean).join(', ');
}
/** What a role is, for people: `compose service api`, `Kubernetes Secret prod/api-secrets`, `GitHub Actions variable (job test)`. */
function roleText(r) {
    switch (r.kind) {
        case 'dotenv':
            return r.isExample ? 'example dotenv file' : r.ignored ? 'dotenv file (ignored by git: not exposed)' : 'dotenv file';
        case 'compose':
            return `compose service ${r.service ?? '?'}${r.origin === 'default' ? ' (default of ${' + r.name + ':-...})' : ''}`;
        case 'kubernetes': {
            const k = r.kubernetes;
            const name = k?.name !== undefined ? ` ${k.namespace !== undefined ? `${k.namespace}/` : ''}${k.name}` : '';
            return `Kubernetes ${k?.kind ?? 'object'}${name}${r.encoding === 'base64' ? ' (base64 data)' : ''}`;
        }
        case 'ci': {
            const system = r.ci?.system === 'github' ? 'GitHub Actions' : r.ci?.system === 'gitlab' ? 'GitLab CI' : 'CI';
            return `${system} variable${r.ci?.job !== undefined ? ` (job ${r.ci.job})` : ''}`;
        }
        case 'code':
            return r.origin === 'default' ? 'code default' : 'code literal';
        case 'config':
            return r.origin === 'default' ? 'config default' : 'config value';
    }
}
/** `.github/workflows/deploy.yml:12 (job deploy): JWT_SECRET_KEY from the CI secret JWT_SECRET_KEY`. */
function useText(u) {
    if (u.kind === 'ci-secret')
        return `${u.file}:${u.line}${u.job !== undefined ? ` (job ${u.job})` : ''}: ${u.name} from the CI secret ${u.secret}`;
    const w = u.workload;
    const who = w ? `${w.kind}${w.name !== undefined ? ` ${w.namespace !== undefined ? `${w.namespace}/` : ''}${w.name}` : ''}` : 'a workload';
    return `${u.file}:${u.line} (${who}): ${u.name} from Secret ${u.secret}${u.secretKey !== undefined ? ` key ${u.secretKey}` : ''}`;
}
/** `line 12` or `line 12 (earlier at 9, 10 and 11)`: a place keeps one row however its line moved. */
function linesText(p) {
    const others = p.lines.filter((l) => l !== p.line);
    return others.length === 0 ? `line ${p.line}` : `line ${p.line} (also at ${listedNumbers(others)} in other versions)`;
}
function listedNumbers(ns) {
    const shown = ns.slice(0, 6).map(String);
    return ns.length > 6 ? `${shown.join(', ')} and ${ns.length - 6} more` : shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

;// CONCATENATED MODULE: ./lib/exposure/format-markdown.js


/** For an incident ticket: the verdict first, then tables, then the runbook as a checklist. */
function formatExposureMarkdown(r) {
    const out = [];
    out.push(`## Key exposure: \`${r.key.preview}\` (${r.key.length} chars, fingerprint \`${r.key.fingerprint}\`)`, '');
    out.push(`> **Verdict:** ${r.verdict}`, '');
    if (r.exposed && r.scope.git) {
        out.push('| | |', '|---|---|');
        out.push(`| First commit holding it | ${r.firstCommit ? cell(commitText(r.firstCommit)) : 'none'} |`);
        if (r.lastCommit)
            out.push(`| Last commit holding it | ${cell(commitText(r.lastCommit) + (r.lastCommit.ref !== undefined ? `, the tip of ${r.lastCommit.ref}` : ''))} |`);
        out.push(`| At HEAD | ${r.atHead ? 'yes' : 'no'} |`, `| In the working tree | ${r.inWorktree ? 'yes' : 'no'} |`);
        out.push(`| Branches still holding it | ${cell(r.refs.branches.join(', ') || 'none')} |`, `| Tags still holding it | ${cell(r.refs.tags.join(', ') || 'none')} |`);
        if (r.refs.remotes.length > 0)
            out.push(`| Remote branches | ${cell(r.refs.remotes.join(', '))} |`);
        for (const rm of r.removals)
            out.push(`| Taken out of ${cell(rm.file)} | ${cell(commitText(rm))} (the history keeps it) |`);
        out.push('');
    }
    if (r.files.length > 0) {
        out.push(`### Where it is (${plural(r.files.length, 'file')})`, '', '| File | Line | Name | Form | Seen |', '|---|---|---|---|---|');
        for (const f of r.files)
            for (const l of f.places)
                out.push(`| ${cell(f.file)} | ${cell(linesText(l).replace(/^line /, ''))} | ${cell(l.name ?? '')} | ${cell(formText(l))} | ${cell(seenText(l))} |`);
        out.push('');
    }
    if (r.roles.length > 0) {
        out.push('### What binds it', '', '| Role | Where | Name | Seen |', '|---|---|---|---|');
        for (const role of r.roles)
            out.push(`| ${cell(roleText(role))} | ${cell(`${role.file}:${role.line}`)} | ${cell(role.name)} | ${cell(seenText(role))} |`);
        out.push('');
        const settings = new Set(r.roles.map((x) => x.keyId));
        if (settings.size > 1)
            out.push(`One value for ${plural(settings.size, 'setting')} (${cell(listed([...settings].sort(), 12))}): whoever holds it can forge what each signs.`, '');
    }
    if (r.tokens.length > 0) {
        out.push('### Tokens it signs', '', '| Algorithm | Token | Where | Seen |', '|---|---|---|---|');
        for (const t of r.tokens)
            for (const p of t.places)
                out.push(`| ${t.alg} | \`${t.token.preview}\` (${t.token.length} chars, \`${t.token.fingerprint}\`) | ${cell(`${p.file}:${p.line}`)} | ${cell(seenText(p))} |`);
        out.push('');
    }
    if (r.uses.length > 0) {
        out.push('### Read from secret stores', '');
        for (const u of r.uses)
            out.push(`- ${cell(useText(u))}`);
        out.push('');
    }
    if (r.runbook.length > 0) {
        out.push('### Rotation runbook', '');
        r.runbook.forEach((step, i) => {
            out.push(`${i + 1}. [ ] **${step.title}**`);
            for (const d of step.details)
                out.push(`   - ${d}`);
            if (step.commands.length > 0)
                out.push('', '   ```sh', ...step.commands.map((c) => `   ${c}`), '   ```');
        });
        out.push('');
    }
    if (r.problems.length > 0) {
        out.push(`<details><summary>Not searched (${plural(r.problems.length, 'problem')})</summary>`, '');
        for (const p of r.problems)
            out.push(`- ${cell(p.file)}: ${cell(p.reason)}`);
        out.push('', '</details>', '');
    }
    out.push(`_Searched ${r.scope.git ? `${plural(r.scope.commits, 'commit')} and ` : ''}${plural(r.scope.textsRead, 'text')} for the key as ${r.scope.forms.join(', ')}, and every committed HS256/384/512 token._`);
    return out.join('\n') + '\n';
}
function cell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

;// CONCATENATED MODULE: ./lib/exposure/format-text.js


/** At most this many problems are listed in text; JSON lists all. */
const PROBLEMS_SHOWN = 5;
function formatExposureText(r) {
    const out = [];
    out.push(`secret-hygiene exposure: key ${r.key.preview} (${r.key.length} chars, fingerprint ${r.key.fingerprint})`, '');
    out.push(r.verdict, '');
    // Where the live key comes from is worth knowing even when it leaked nowhere.
    if (r.uses.length > 0) {
        out.push(r.exposed ? 'Read from secret stores (update these too):' : 'Read from secret stores:');
        for (const u of r.uses)
            out.push(`  ${useText(u)}`);
        out.push('');
    }
    if (r.exposed) {
        if (r.scope.git) {
            const facts = [
                `first held in ${r.firstCommit ? commitText(r.firstCommit) : 'no commit'}`,
                r.lastCommit ? `last in ${commitText(r.lastCommit)}${r.lastCommit.ref !== undefined ? ` at the tip of ${r.lastCommit.ref}` : ''}` : '',
                `at HEAD: ${r.atHead ? 'yes' : 'no'}`,
                `in the working tree: ${r.inWorktree ? 'yes' : 'no'}`,
            ].filter(Boolean);
            out.push(`History: ${facts.join('; ')}.`);
            const refs = [
                r.refs.branches.length > 0 ? `${r.refs.branches.length === 1 ? 'branch' : 'branches'} ${listed(r.refs.branches, 10)}` : '',
                r.refs.tags.length > 0 ? `${r.refs.tags.length === 1 ? 'tag' : 'tags'} ${listed(r.refs.tags, 10)}` : '',
                r.refs.remotes.length > 0 ? `${r.refs.remotes.length === 1 ? 'remote branch' : 'remote branches'} ${listed(r.refs.remotes, 10)}` : '',
            ].filter(Boolean);
            out.push(`Still held by: ${refs.length > 0 ? refs.join('; ') : 'no branch or tag'}.`);
            for (const rm of r.removals)
                out.push(`Taken out of ${rm.file} in ${commitText(rm)}: the history keeps it.`);
            out.push('');
        }
        if (r.files.length > 0) {
            out.push(`Where it is (${plural(r.files.length, 'file')}):`);
            for (const f of r.files) {
                out.push(`  ${f.file}  [${seenText(f)}]`);
                for (const l of f.places)
                    out.push(`    ${linesText(l)}  ${l.name ?? '(no name)'}  ${formText(l)}  [${seenText(l)}]`);
            }
            out.push('');
        }
        if (r.roles.length > 0) {
            out.push('What binds it:');
            for (const role of r.roles)
                out.push(`  ${roleText(role)}: ${role.file}:${role.line} ${role.name}  [${seenText(role)}]`);
            out.push('');
        }
        if (r.names.length > 0) {
            const settings = new Set(r.roles.map((x) => x.keyId));
            out.push(`Names bound to it: ${r.names.join(', ')}${settings.size > 1 ? ` (one value for ${plural(settings.size, 'setting')}: whoever holds it can forge what each of them signs)` : ''}.`, '');
        }
        if (r.tokens.length > 0) {
            out.push(`Tokens it signs (${r.tokens.length}):`);
            for (const t of r.tokens) {
                out.push(`  ${t.alg} ${t.token.preview} (${t.token.length} chars, fingerprint ${t.token.fingerprint})`);
                for (const p of t.places)
                    out.push(`    ${p.file} ${linesText(p)}  [${seenText(p)}]`);
            }
            out.push('');
        }
        out.push('Rotation runbook:');
        r.runbook.forEach((step, i) => {
            out.push(`  ${i + 1}. ${step.title}`);
            for (const d of step.details)
                out.push(`     - ${d}`);
            for (const c of step.commands)
                out.push(`       $ ${c}`);
        });
        out.push('');
    }
    if (r.problems.length > 0) {
        out.push(`Not searched (${plural(r.problems.length, 'problem')}):`);
        for (const p of r.problems.slice(0, PROBLEMS_SHOWN))
            out.push(`  ${p.file}: ${p.reason}`);
        if (r.problems.length > PROBLEMS_SHOWN)
            out.push(`  ... and ${r.problems.length - PROBLEMS_SHOWN} more (--format json lists them all)`);
        out.push('');
    }
    out.push(`Searched ${r.scope.git ? `${plural(r.scope.commits, 'commit')} and ` : ''}${plural(r.scope.textsRead, 'text')} for the key as ${r.scope.forms.join(', ')}, and every committed HS256/384/512 token.`);
    return out.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./lib/exposure/purge-file.js


/** What every form of the key becomes in the rewritten history. */
const PURGE_REPLACEMENT = '***REMOVED-LEAKED-KEY***';
/**
 * Writes a `git filter-repo --replace-text` file: one `literal:FORM==>REPLACEMENT` line per form
 * of the key (raw, base64, base64url, hex, URL-encoded). The file is created new (`wx`: an
 * existing file, or a link planted in its place, is never written through) with mode 0600, since
 * it holds the key; its content is never printed.
 */
async function writePurgeFile(path, key) {
    const lines = needlesOf(key)
        // filter-repo reads one expression per line and splits at '==>'.
        .filter((n) => !n.text.includes('\n') && !n.text.includes('\r') && !n.text.includes('==>'))
        .map((n) => `literal:${n.text}==>${PURGE_REPLACEMENT}\n`);
    const fh = await (0,promises_.open)(path, 'wx', 0o600);
    try {
        await fh.chmod(0o600);
        await fh.writeFile(lines.join(''));
        await fh.sync();
    }
    finally {
        await fh.close();
    }
}

;// CONCATENATED MODULE: ./lib/exposure/runbook.js

/** Where the new key is kept while it is deployed: a file only its owner reads, outside the repository. */
const NEW_KEY_FILE = '"$HOME/new-key.txt"';
const PURGE_FILE = '"$HOME/secret-hygiene-purge.txt"';
/**
 * The steps to take, built from what was found: each dotenv file, Kubernetes Secret, compose
 * service, CI variable and code default by name; the token step for the frameworks in use; the
 * history purge. Commands never hold the key (the new one is read from a file or generated in place).
 */
function runbookOf(r, input) {
    if (!r.exposed)
        return [];
    const steps = [];
    const published = r.firstCommit !== undefined;
    const roles = r.roles.filter((x) => !x.isExample);
    const examples = r.roles.filter((x) => x.isExample);
    const keyIds = [...new Set(roles.map((x) => x.keyId))].sort();
    // 1. New keys, and every dotenv file.
    const dotenvs = roles.filter((x) => x.kind === 'dotenv');
    const gen = { title: dotenvs.length > 0 ? 'Generate a new key and put it in every dotenv file that holds the old one' : 'Generate a new key', details: [], commands: [] };
    if (keyIds.length > 1) {
        gen.details.push(`The key is bound to ${plural(keyIds.length, 'name')} (${listed(keyIds, 8)}): give each its own new key, so that one leak no longer forges what the others sign.`);
    }
    for (const d of dotenvs.filter((x) => x.inWorktree)) {
        const tracked = r.files.find((f) => f.file === d.file)?.tracked === true;
        if (tracked) {
            gen.details.push(`${d.file} is tracked by git: untrack it first (generate refuses a tracked file, since the new key would go into the next commit).`);
            gen.commands.push(`git rm --cached -- ${d.file} && git commit -m 'Stop tracking ${d.file}'`);
        }
        gen.commands.push(`secret-hygiene generate --dotenv ${d.file} --key ${d.name} --rotate`);
    }
    if (dotenvs.some((x) => x.inWorktree)) {
        gen.details.push(published
            ? '--rotate keeps the old value as NAME_PREVIOUS for a grace period, so sessions survive the deploy. The old key is public: anyone can still forge tokens that verify with NAME_PREVIOUS, so delete it as soon as every instance runs with the new key (or leave out --rotate to log everyone out at once).'
            : '--rotate keeps the old value as NAME_PREVIOUS: sign with NAME, accept either until the longest token lifetime has passed, then delete NAME_PREVIOUS.');
    }
    const gone = new Map();
    for (const d of dotenvs.filter((x) => !x.inWorktree))
        gone.set(d.file, [...(gone.get(d.file) ?? []), d.name]);
    for (const [file, names] of gone) {
        gen.details.push(`${file} (${listed(names, 6)}) held it in history and is gone from the working tree: nothing to edit here, but every machine configured from a copy of it needs the new key.`);
    }
    for (const e of examples)
        gen.details.push(`${e.file}:${e.line} is an example file holding the real key as ${e.name}: leave the value empty there.`);
    if (gen.commands.length === 0 && gen.details.length === 0) {
        gen.commands.push(`(umask 077; secret-hygiene generate > ${NEW_KEY_FILE})`);
        gen.details.push(`No dotenv file in the working tree holds it: generate the new key into a file only you can read, for the steps below, and delete it when they are done.`);
    }
    else if (roles.some((x) => x.kind !== 'dotenv')) {
        gen.commands.push(`(umask 077; secret-hygiene generate > ${NEW_KEY_FILE})   # for the secret stores below`);
    }
    steps.push(gen);
    // 2. Everything else that binds it.
    const deploy = { title: 'Replace it wherever else it is bound, then redeploy', details: [], commands: [] };
    for (const [ns, name, keys, files] of kubernetesSecrets(roles)) {
        const nsArg = ns !== undefined ? `-n ${ns} ` : '';
        deploy.details.push(`Kubernetes Secret ${ns !== undefined ? `${ns}/` : ''}${name} (${listed(keys, 6)}) is committed in ${listed(files, 3)}: a Secret's data is base64, not encryption. Update the Secret in the cluster, restart what reads it, and take the manifest out of the repository (Sealed Secrets, SOPS or External Secrets instead).`);
        deploy.commands.push(`kubectl ${nsArg}create secret generic ${name} ${keys.map((k) => `--from-file=${k}=${NEW_KEY_FILE}`).join(' ')} --dry-run=client -o yaml | kubectl ${nsArg}apply -f -`);
        deploy.commands.push(`kubectl ${nsArg}rollout restart deployment   # or only the workloads that read ${name}`);
    }
    for (const k of roles.filter((x) => x.kind === 'kubernetes' && x.kubernetes?.kind !== 'Secret')) {
        deploy.details.push(`${k.file}:${k.line}: ${k.kubernetes?.kind ?? 'a manifest'} ${k.kubernetes?.name ?? ''} sets ${k.name} as a literal: read it from a Secret (valueFrom.secretKeyRef) holding the new key.`.replace('  ', ' '));
    }
    for (const c of roles.filter((x) => x.kind === 'compose')) {
        const svc = c.service !== undefined ? `service ${c.service}` : 'a service';
        deploy.details.push(c.origin === 'default'
            ? `${c.file}:${c.line}: ${svc} falls back to the key as the default of \${${c.name}:-...}: make it \${${c.name}:?${c.name} must be set} (secret-hygiene fix --write does this) and set ${c.name} where compose runs.`
            : `${c.file}:${c.line}: ${svc} sets ${c.name} as a literal: write \${${c.name}:?${c.name} must be set} and set ${c.name} where compose runs.`);
        if (c.service !== undefined && c.inWorktree)
            deploy.commands.push(`docker compose up -d ${c.service}`);
    }
    for (const c of roles.filter((x) => x.kind === 'ci')) {
        const job = c.ci?.job !== undefined ? ` (job ${c.ci.job})` : '';
        if (c.ci?.system === 'github') {
            deploy.details.push(`${c.file}:${c.line}${job} holds it as the CI variable ${c.name}: store the new key as a repository secret and write \${{ secrets.${c.name} }} there.`);
            deploy.commands.push(`gh secret set ${c.name} < ${NEW_KEY_FILE}`);
        }
        else if (c.ci?.system === 'gitlab') {
            deploy.details.push(`${c.file}:${c.line}${job} holds it as the CI variable ${c.name}: add ${c.name} under Settings → CI/CD → Variables (masked, protected) with the new key and delete the literal.`);
        }
        else {
            deploy.details.push(`${c.file}:${c.line}${job} holds it as the CI variable ${c.name}: move it into the CI system's secret store with the new key and delete the literal.`);
        }
    }
    for (const c of roles.filter((x) => x.kind === 'code' || x.kind === 'config')) {
        deploy.details.push(c.origin === 'default'
            ? `${c.file}:${c.line}: ${c.name} falls back to the key as a hardcoded default: read it with no default and fail at start-up when it is missing (secret-hygiene fix --write does this).`
            : `${c.file}:${c.line}: ${c.name} is set to the key in the file: read it from the environment instead.`);
    }
    for (const u of r.uses) {
        if (u.kind === 'ci-secret') {
            deploy.details.push(`${u.file}:${u.line}${u.job !== undefined ? ` (job ${u.job})` : ''} reads ${u.name} from the CI secret ${u.secret}: give it the new key.`);
            deploy.commands.push(`gh secret set ${u.secret} < ${NEW_KEY_FILE}`);
        }
        else {
            const w = u.workload;
            const ns = w?.namespace !== undefined ? `-n ${w.namespace} ` : '';
            deploy.details.push(`${u.file}:${u.line}: ${w?.kind ?? 'a workload'}${w?.name !== undefined ? ` ${w.name}` : ''} reads ${u.name} from Secret ${u.secret}${u.secretKey !== undefined ? ` (key ${u.secretKey})` : ''}: update that Secret, then restart it.`);
            deploy.commands.push(`kubectl ${ns}create secret generic ${u.secret} --from-file=${u.secretKey ?? u.name}=${NEW_KEY_FILE} --dry-run=client -o yaml | kubectl ${ns}apply -f -`);
            if (w?.name !== undefined && /^(Deployment|StatefulSet|DaemonSet)$/.test(w.kind))
                deploy.commands.push(`kubectl ${ns}rollout restart ${w.kind.toLowerCase()}/${w.name}`);
        }
    }
    deploy.commands = [...new Set(deploy.commands)];
    const unbound = r.files.filter((f) => !roles.some((x) => x.file === f.file) && !examples.some((x) => x.file === f.file));
    if (unbound.length > 0)
        deploy.details.push(`Also holding it, with no setting a parser recognises: ${listed(unbound.map((f) => f.file), 8)}. Check what reads these.`);
    if (deploy.details.length > 0)
        steps.push(deploy);
    // 3. Tokens.
    steps.push(tokenStep(r, published));
    // 4. History.
    if (published) {
        const refs = [...r.refs.branches, ...r.refs.tags.map((t) => `tag ${t}`)];
        steps.push({
            title: 'Purge it from the history (after rotating)',
            details: [
                'A purge does not un-leak a public repository: forks, clones, CI caches, package tarballs and web archives keep the old history. Rotating (the steps above) is what protects you; a purge only stops new readers from finding it.',
                input.purgeFile !== undefined
                    ? `The replacements for git filter-repo were written to ${input.purgeFile} (mode 0600; it holds the key in every form found, so keep it off the repository and delete it afterwards).`
                    : `Write the replacements file for git filter-repo (mode 0600, created new, never printed: it holds the key in every form) outside the repository, then rewrite a fresh mirror clone.`,
                refs.length > 0 ? `Refs that still hold it and must be force-pushed: ${listed(refs, 10)}. Everyone with a clone must re-clone; on GitHub, ask support to drop cached views and pull-request refs.` : 'Everyone with a clone must re-clone; on GitHub, ask support to drop cached views and pull-request refs.',
            ],
            commands: [
                ...(input.purgeFile === undefined ? [`secret-hygiene exposure ${input.keyOption} --purge-file ${PURGE_FILE}`] : []),
                'git clone --mirror <repository-url> purge.git && cd purge.git',
                `git filter-repo --replace-text ${input.purgeFile ?? PURGE_FILE}`,
                'git remote add origin <repository-url> && git push --force --mirror origin',
                `shred -u ${input.purgeFile ?? PURGE_FILE}`,
            ],
        });
    }
    steps.push({
        title: 'Check',
        details: ['The old key must appear nowhere in the working tree, and a scan must find no other key in its place.'],
        commands: [`secret-hygiene exposure ${input.keyOption}`, 'secret-hygiene scan .'],
    });
    return steps;
}
function kubernetesSecrets(roles) {
    const byName = new Map();
    for (const r of roles) {
        if (r.kind !== 'kubernetes' || r.kubernetes?.kind !== 'Secret')
            continue;
        const name = r.kubernetes.name ?? '<secret-name>';
        const id = `${r.kubernetes.namespace ?? ''}/${name}`;
        let entry = byName.get(id);
        if (!entry)
            byName.set(id, (entry = [r.kubernetes.namespace, name, new Set(), new Set()]));
        entry[2].add(r.name);
        entry[3].add(r.file);
    }
    return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, [ns, name, keys, files]]) => [ns, name, [...keys].sort(), [...files].sort()]);
}
const TOKEN_ADVICE = {
    simplejwt: {
        details: 'djangorestframework-simplejwt signs access and refresh tokens with SIMPLE_JWT["SIGNING_KEY"] (SECRET_KEY by default): once the old key is gone every token it signed fails. Forged tokens have no row in the blacklist, so the blacklist alone cannot stop them; with the token_blacklist app, also blacklist every outstanding refresh token:',
        commands: ['python manage.py shell -c "from rest_framework_simplejwt.token_blacklist.models import OutstandingToken, BlacklistedToken; [BlacklistedToken.objects.get_or_create(token=t) for t in OutstandingToken.objects.all()]"'],
    },
    django: {
        details: 'Django: a new SECRET_KEY invalidates sessions, password-reset links and signed cookies. Do not list the old key in SECRET_KEY_FALLBACKS: that keeps accepting what it signed. With database sessions, end them all:',
        commands: ['python manage.py shell -c "from django.contrib.sessions.models import Session; Session.objects.all().delete()"'],
    },
    'flask-jwt-extended': { details: 'Flask-JWT-Extended signs with JWT_SECRET_KEY (else SECRET_KEY): changing it invalidates every token. A token_in_blocklist_loader cannot list tokens forged with the old key: change the key.' },
    pyjwt: { details: 'PyJWT: jwt.decode accepts what the key you pass verifies: with the old key (and NAME_PREVIOUS) gone, every old token fails. There is no server-side list to clear.' },
    jsonwebtoken: { details: 'jsonwebtoken: jwt.verify accepts what the configured key verifies: with the old key (and NAME_PREVIOUS) gone, every old token fails. There is no server-side list to clear.' },
    jose: { details: 'jose: jwtVerify accepts what the configured key verifies: with the old key gone, every old token fails.' },
    rails: { details: 'Rails: a new secret_key_base (bin/rails credentials:edit, or SECRET_KEY_BASE) invalidates sessions and signed or encrypted cookies. Do not keep the old one in a key rotator.' },
    laravel: { details: 'Laravel: a new APP_KEY (php artisan key:generate) invalidates sessions and encrypted values. Do not list the old key in APP_PREVIOUS_KEYS.' },
    spring: { details: 'jjwt / Spring: the parser accepts what the configured signing key verifies: change it and restart; every old token fails.' },
    'golang-jwt': { details: 'golang-jwt: the key function decides which key verifies: return only the new key, and every old token fails.' },
};
function tokenStep(r, published) {
    const step = { title: 'Invalidate the tokens the old key signed', details: [], commands: [] };
    for (const f of r.frameworks) {
        const advice = TOKEN_ADVICE[f];
        step.details.push(advice.details);
        step.commands.push(...(advice.commands ?? []));
    }
    if (r.frameworks.length === 0)
        step.details.push('Every token the old key signed stays valid until the key is removed from every verifier (NAME_PREVIOUS included): remove it, and log everyone out.');
    if (published)
        step.details.push('Because the key is public, anyone may have signed tokens of their own with it: after the switch, no old token, real or forged, may verify.');
    if (r.tokens.length > 0) {
        const places = r.tokens.flatMap((t) => t.places.map((p) => `${p.file}:${p.line}`));
        step.details.push(`${plural(r.tokens.length, 'committed token')} ${r.tokens.length === 1 ? 'verifies' : 'verify'} with it (${listed([...new Set(places)], 6)}): each is a working credential until the key changes. If they name real users, treat those accounts' sessions as compromised.`);
    }
    return step;
}

// EXTERNAL MODULE: ./lib/cli/io.js
var cli_io = __webpack_require__(8908);
// EXTERNAL MODULE: ./lib/cli/parse-command.js + 1 modules
var parse_command = __webpack_require__(5642);
// EXTERNAL MODULE: ./lib/cli/progress.js
var cli_progress = __webpack_require__(9095);
// EXTERNAL MODULE: ./lib/cli/usage-error.js
var usage_error = __webpack_require__(4934);
// EXTERNAL MODULE: ./lib/audit.js + 5 modules
var audit = __webpack_require__(7891);
;// CONCATENATED MODULE: ./lib/cli/commands/exposure.js



















const exposureHelp = `Usage: secret-hygiene exposure (--from-env NAME | --from-file FILE | --from-file - | --fingerprint F) [PATH] [options]

After a leak: where has this key been, what does it sign, and how to rotate it. Searches the
working tree and every version of every file on every branch, tag and remote ref for the key as
written, quoted, base64 (Kubernetes data:), base64url, hex, URL-encoded and as a \${VAR:-...}
default; finds every committed HS256/384/512 token it signs and every name bound to it; prints a
verdict and a rotation runbook. The key is never printed, logged or written (except into
--purge-file); never pass it on the command line.

The key (exactly one):
  --from-env NAME       the value of the environment variable NAME
  --from-file FILE      the content of FILE (one trailing newline dropped); - reads stdin
  --fingerprint F       the value a scan reported with this fingerprint (8 or 20 hex digits)

Options:
  --format text|json|markdown   output format (default: text); markdown for an incident ticket
  --output FILE                 write the report to FILE instead of stdout
  --purge-file FILE             write a git filter-repo --replace-text file (created new, mode
                                0600, outside the repository); it holds the key, so it is never printed
  --since DATE                  only commits after DATE
  --max-count N                 only the N most recent commits
  --progress                    show the commit counter on stderr even off a terminal
  --config FILE                 configuration (default: .secret-hygiene.yml in PATH)

Exit codes: 0 the key appears nowhere, 1 it appears (or a committed token verifies with it),
2 usage or runtime error.
`;
const FORMATS = ['text', 'json', 'markdown'];
async function exposureCommand(argv, io) {
    const parsed = parseOptions(argv, io);
    if (parsed === null)
        return usage_error/* EXIT */.dc.clean;
    const { values, positionals } = parsed;
    const format = values.format;
    if (!FORMATS.includes(format))
        throw new usage_error/* UsageError */.eb(`--format must be one of ${FORMATS.join(', ')}; see 'secret-hygiene exposure --help'.`);
    // A positional is never echoed: someone may have typed the key there.
    if (positionals.length > 1)
        throw new usage_error/* UsageError */.eb('exposure takes at most one PATH (the repository). The key goes in --from-env, --from-file or --fingerprint, never on the command line.');
    const root = (0,external_node_path_.resolve)(io.cwd, positionals[0] ?? '.');
    if (!(await (0,promises_.stat)(root).catch(() => null))?.isDirectory()) {
        throw new usage_error/* UsageError */.eb('PATH is not a directory. Give the repository to search (default: .); the key goes in --from-env, --from-file or --fingerprint, never on the command line.');
    }
    const source = keySource(values);
    const range = historyRange(values);
    const config = await (0,load/* loadConfig */.Z9)(root, values.config === undefined ? undefined : (0,external_node_path_.resolve)(io.cwd, values.config));
    const purgeFile = values['purge-file'] === undefined ? undefined : (0,external_node_path_.resolve)(io.cwd, values['purge-file']);
    if (purgeFile !== undefined)
        await checkPurgePath(purgeFile, root);
    let key;
    let unchecked = 0;
    let fingerprints;
    try {
        // Fingerprints are keyed by the repository exactly as scans key them (sources/repo-key.ts).
        fingerprints = await (0,audit/* fingerprinterFor */.Nv)(root);
        if (source.kind === 'fingerprint')
            ({ key, unchecked } = await followFingerprint(root, source.fingerprint, config, range, fingerprints));
        else
            key = await readKey(source.kind === 'file' ? { kind: 'file', path: (0,external_node_path_.resolve)(io.cwd, source.path) } : source, io.env, () => readStdin(), fingerprints);
    }
    catch (err) {
        if (err instanceof KeyInputError)
            throw new usage_error/* UsageError */.eb(err.message);
        throw err;
    }
    if (key === null) {
        const fingerprint = source.fingerprint;
        // Not found in what the budget let it check is no answer: saying "no value has it" would be a lie.
        if (unchecked > 0) {
            throw new usage_error/* UsageError */.eb(`no value checked has the fingerprint ${fingerprint}, but ${unchecked} distinct ${unchecked === 1 ? 'value was' : 'values were'} not fingerprinted: ` +
                `this run's budget of slow fingerprints (${fingerprints.slowBudget} units) was spent. Narrow the history with --since or --max-count, or give the key itself with --from-file.`);
        }
        io.stdout(`No secret value the scan sees in the working tree or the history has the fingerprint ${fingerprint}. Check it against 'secret-hygiene scan --history --format json' (secret.fingerprint).\n`);
        return usage_error/* EXIT */.dc.clean;
    }
    const git = await (0,sources_git/* isGitWorkTree */.q1)(root);
    const keyFile = source.kind === 'file' ? insideRoot((0,external_node_path_.resolve)(io.cwd, source.path), root) : undefined;
    if (keyFile !== undefined) {
        io.stderr(`secret-hygiene exposure: the key file ${keyFile} is inside the repository; it is not searched, but unless git ignores it the next 'git add -A' commits the key: move it out.\n`);
    }
    const commitCount = git ? await (0,sources_history/* countCommits */.Wt)(root, range).catch((err) => {
        throw new usage_error/* UsageError */.eb(`cannot read the history of ${root}: ${err.message}. Check --since and --max-count (git log --all).`);
    }) : 0;
    const progress = (0,cli_progress/* createProgress */.m)(io, 'exposure', values.progress === true);
    let collected;
    try {
        collected = await collectExposure(root, key, config, {
            ...range,
            commitCount,
            ...(source.kind === 'env' ? { names: [source.name] } : {}),
            ...(keyFile !== undefined ? { keyFile } : {}),
            onProgress: (done, total) => progress.update(done, total),
        });
    }
    finally {
        progress.end();
    }
    let written;
    if (purgeFile !== undefined) {
        if (collected.firstCommit === undefined)
            io.stderr('secret-hygiene exposure: the key is in no commit, so there is no history to purge; --purge-file was not written.\n');
        else {
            await writePurgeFile(purgeFile, key).catch((err) => {
                throw new usage_error/* UsageError */.eb(err.code === 'EEXIST' ? `--purge-file ${values['purge-file']} already exists: it is never overwritten. Give a new name.` : `cannot create the --purge-file (${err.code ?? 'error'}; the path is not shown: it may be a value): give a new file in a writable directory.`);
            });
            written = values['purge-file'];
        }
    }
    const report = {
        ...collected,
        verdict: verdictOf(collected),
        runbook: runbookOf(collected, { keyOption: keyOption(source), ...(written !== undefined ? { purgeFile: written } : {}) }),
    };
    const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? formatExposureMarkdown(report) : formatExposureText(report);
    assertKeyAbsent(text, key);
    if (values.output !== undefined) {
        await (0,cli_io/* writeOutput */.zh)((0,external_node_path_.resolve)(io.cwd, values.output), text);
        io.stderr(`secret-hygiene exposure: ${report.verdict}\n`);
    }
    else
        io.stdout(text);
    return report.exposed ? usage_error/* EXIT */.dc.findings : usage_error/* EXIT */.dc.clean;
}
const OPTIONS = {
    'from-env': { type: 'string' },
    'from-file': { type: 'string' },
    fingerprint: { type: 'string' },
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    'purge-file': { type: 'string' },
    since: { type: 'string' },
    'max-count': { type: 'string' },
    progress: { type: 'boolean', default: false },
    config: { type: 'string' },
};
function parseOptions(argv, io) {
    try {
        return (0,parse_command/* parseCommand */.RM)('exposure', argv, io, OPTIONS, exposureHelp);
    }
    catch (err) {
        if (!(err instanceof usage_error/* UsageError */.eb))
            throw err;
        // The parser quotes the argument it rejects, and that argument may be the key: only our own option names are repeated.
        const suggestion = /did you mean (--[a-z-]+)\?/.exec(err.message)?.[1];
        const what = /unknown option/.test(err.message) ? 'an unknown option' : /argument missing/.test(err.message) ? 'an option without its value' : 'an argument it cannot read';
        throw new usage_error/* UsageError */.eb(`exposure was given ${what} (not shown: it may hold the key${suggestion ? `; did you mean ${suggestion}?` : ''}). See 'secret-hygiene exposure --help'.`);
    }
}
function keySource(values) {
    const given = [values['from-env'] !== undefined, values['from-file'] !== undefined, values.fingerprint !== undefined].filter(Boolean).length;
    if (given !== 1) {
        throw new usage_error/* UsageError */.eb(`${given === 0 ? 'give the key' : 'give the key once'}: --from-env NAME (an environment variable), --from-file FILE (or - for stdin) or --fingerprint F (from a scan). It is never taken on the command line.`);
    }
    if (values['from-env'] !== undefined) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(values['from-env']))
            throw new usage_error/* UsageError */.eb('--from-env takes the NAME of an environment variable (letters, digits, _), not the key itself: export it first.');
        return { kind: 'env', name: values['from-env'] };
    }
    if (values['from-file'] !== undefined)
        return values['from-file'] === '-' ? { kind: 'stdin' } : { kind: 'file', path: values['from-file'] };
    const f = values.fingerprint;
    if (!isFingerprint(f))
        throw new usage_error/* UsageError */.eb('--fingerprint takes the 8 or 20 hex digits a scan prints after the preview ([Qw3r… 16 chars, ac0a298a]).');
    return { kind: 'fingerprint', fingerprint: f.toLowerCase() };
}
function keyOption(source) {
    switch (source.kind) {
        case 'env':
            return `--from-env ${source.name}`;
        case 'file':
            return `--from-file ${source.path}`;
        case 'stdin':
            return '--from-file -';
        case 'fingerprint':
            return `--fingerprint ${source.fingerprint}`;
    }
}
function historyRange(values) {
    const range = {};
    if (values.since !== undefined)
        range.since = values.since;
    if (values['max-count'] !== undefined) {
        if (!/^[1-9][0-9]{0,8}$/.test(values['max-count']))
            throw new usage_error/* UsageError */.eb(`--max-count takes a positive number of commits, e.g. --max-count 500.`);
        range.maxCount = Number(values['max-count']);
    }
    return range;
}
/** `file` relative to `root` (`/`-separated, as sources name paths) when it lies inside it. */
function insideRoot(file, root) {
    const rel = (0,external_node_path_.relative)(root, file);
    return rel === '' || rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? undefined : rel.split(external_node_path_.sep).join('/');
}
/** The purge file holds the key: it must not land where `git add -A` would pick it up. */
async function checkPurgePath(file, root) {
    const rel = (0,external_node_path_.relative)(root, file);
    if (rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel))) {
        throw new usage_error/* UsageError */.eb('--purge-file must be outside the repository (e.g. ~/secret-hygiene-purge.txt): it holds the key, and inside the work tree it could be committed.');
    }
    if (await (0,promises_.stat)(file).catch(() => null))
        throw new usage_error/* UsageError */.eb('--purge-file names a file that already exists: it is never overwritten. Give a new name.');
}
/**
 * The last line of defence: the report is built from names and places only, so the key cannot be
 * in it, unless a file name or a key name is the key. Then nothing is printed.
 */
function assertKeyAbsent(text, key) {
    if (needlesOf(key).some((n) => text.includes(n.text))) {
        throw new Error('the report would contain the key (a file or key name in the repository holds it), so it is not printed');
    }
}


/***/ })

};
