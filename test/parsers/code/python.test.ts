import { describe, expect, it } from 'vitest';
import { applyFix, checkSyntax, fixedVariants, parse, runCases, type Case } from './harness.js';

const py = (name: string, text: string, expected: Case['expected'], uses?: Case['uses'], path = 'app/settings.py'): Case => ({
  name,
  path,
  text,
  expected,
  ...(uses ? { uses } : {}),
});

const DJANGO_BEFORE = `# Development: Allowed fallback to SECRET_KEY
if DEBUG:
    JWT_SECRET_KEY = config('JWT_SECRET_KEY', default=None)
    if JWT_SECRET_KEY:
        SIMPLE_JWT['SIGNING_KEY'] = JWT_SECRET_KEY
    else:
        SIMPLE_JWT['SIGNING_KEY'] = SECRET_KEY  # risk
`;

const DJANGO_AFTER = `# All environments: JWT_SECRET_KEY is REQUIRED
JWT_SECRET_KEY = config('JWT_SECRET_KEY', default=None)
if not JWT_SECRET_KEY:
    raise ImproperlyConfigured(
        "JWT_SECRET_KEY environment variable is required."
    )
if JWT_SECRET_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "JWT_SECRET_KEY must be different from SECRET_KEY."
    )
SIMPLE_JWT['SIGNING_KEY'] = JWT_SECRET_KEY
`;

describe('python: catching cases', () => {
  runCases([
    py('a conditional expression: the literal branch is the default', 'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY") if PROD else "cond-default"\nSECRET_KEY = "dev-branch" if DEBUG else os.environ["SECRET_KEY"]\n', [
      { key: 'JWT_SECRET_KEY', origin: 'default', value: 'cond-default', line: 1 },
      { key: 'SECRET_KEY', origin: 'default', value: 'dev-branch', line: 2 },
    ]),
    py('seed: os.getenv default, keyed by the variable read', 'import os\nSECRET_KEY = os.getenv("JWT_SECRET_KEY", "your-secret-key-change-this-in-production")\n', [
      { key: 'JWT_SECRET_KEY', keyId: 'JWT_SECRET_KEY', origin: 'default', envName: 'JWT_SECRET_KEY', value: 'your-secret-key-change-this-in-production', line: 2, spanText: 'your-secret-key-change-this-in-production' },
    ]),
    py('os.getenv default named by keyword', 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", default="dev")\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'dev', line: 2 }]),
    py('os.environ.get default, single quotes', "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', 'changeme')\n", [{ key: 'SECRET_KEY', origin: 'default', value: 'changeme', spanText: 'changeme' }]),
    py('bare getenv after from-import', 'from os import getenv\nJWT_SECRET = getenv("JWT_SECRET", "x1")\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'x1', line: 2 }]),
    py('variable not secret-named: the target names the key', 'import os\nSECRET_KEY = os.getenv("APP_TOKEN", "abc")\n', [{ key: 'SECRET_KEY', keyId: 'SECRET_KEY', envName: 'APP_TOKEN', origin: 'default', value: 'abc' }]),
    py('os.getenv(...) or "x"', 'import os\nJWT_SECRET = os.getenv("JWT_SECRET") or "fallback"\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'fallback', spanText: 'fallback' }]),
    py('os.environ.get(...) or "x" across a parenthesised line break', 'import os\nJWT_SECRET = (os.environ.get("JWT_SECRET")\n    or "wrapped")\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'wrapped', line: 3 }]),
    py('decouple config default keyword', "from decouple import config\nSECRET_KEY = config('SECRET_KEY', default='django-insecure-abc')\n", [{ key: 'SECRET_KEY', origin: 'default', value: 'django-insecure-abc' }]),
    py('decouple config default among other keywords', "from decouple import config\nSECRET_KEY = config('SECRET_KEY', default='dflt', cast=str)\n", [{ key: 'SECRET_KEY', origin: 'default', value: 'dflt' }]),
    py('decouple positional default', "from decouple import config\nSECRET_KEY = config('SECRET_KEY', 'positional')\n", [{ key: 'SECRET_KEY', origin: 'default', value: 'positional' }]),
    py('django-environ env() and env.str() defaults', "import environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY', default='e1')\nJWT_SECRET = env.str('JWT_SECRET', default='e2')\n", [
      { key: 'SECRET_KEY', origin: 'default', value: 'e1', line: 3 },
      { key: 'JWT_SECRET', origin: 'default', value: 'e2', line: 4 },
    ]),
    py('os.environ.setdefault', 'import os\nos.environ.setdefault("JWT_SECRET", "sd")\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'sd' }]),
    py('fallback: os.getenv(...) or SECRET_KEY', 'import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY") or SECRET_KEY\n', [
      { key: 'JWT_SECRET_KEY', origin: 'fallback', referenceTo: 'SECRET_KEY', spanText: 'os.getenv("JWT_SECRET_KEY") or SECRET_KEY' },
    ]),
    py('fallback: os.getenv default argument is a variable', 'import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", SECRET_KEY)\n', [{ key: 'JWT_SECRET_KEY', origin: 'fallback', referenceTo: 'SECRET_KEY' }]),
    py('fallback: decouple default is a variable', "JWT_SECRET_KEY = config('JWT_SECRET_KEY', default=SECRET_KEY)\n", [{ key: 'JWT_SECRET_KEY', origin: 'fallback', referenceTo: 'SECRET_KEY' }]),
    py('fallback: default is settings.SECRET_KEY', "JWT_SECRET_KEY = config('JWT_SECRET_KEY', default=settings.SECRET_KEY)\n", [{ origin: 'fallback', referenceTo: 'SECRET_KEY' }]),
    py('fallback to another environment variable', 'import os\nJWT_SECRET = os.getenv("JWT_SECRET") or os.getenv("SECRET_KEY")\n', [
      { key: 'JWT_SECRET', origin: 'fallback', referenceTo: 'SECRET_KEY', line: 2 },
      { key: 'SECRET_KEY', origin: 'env', line: 2, spanText: 'os.getenv("SECRET_KEY")' },
    ]),
    py('reference: JWT_SECRET_KEY = SECRET_KEY', 'JWT_SECRET_KEY = SECRET_KEY\n', [{ key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', spanText: 'SECRET_KEY' }]),
    py('seed: the Django block falls back to SECRET_KEY in DEBUG', DJANGO_BEFORE, [
      { key: 'JWT_SECRET_KEY', origin: 'env', line: 3 },
      { key: "SIMPLE_JWT['SIGNING_KEY']", keyId: 'SIGNING_KEY', origin: 'fallback', referenceTo: 'SECRET_KEY', line: 7, spanText: 'SECRET_KEY' },
    ]),
    py('simplejwt dict entry SIGNING_KEY: SECRET_KEY', "SIMPLE_JWT = {\n    'ALGORITHM': 'HS256',\n    'SIGNING_KEY': SECRET_KEY,\n}\n", [
      { key: 'SIGNING_KEY', keyId: 'SIGNING_KEY', origin: 'fallback', referenceTo: 'SECRET_KEY', line: 3 },
    ]),
    py('simplejwt dict entry to settings.SECRET_KEY, last entry without comma', "SIMPLE_JWT = {\n    'SIGNING_KEY': settings.SECRET_KEY\n}\n", [{ origin: 'fallback', referenceTo: 'SECRET_KEY', spanText: 'settings.SECRET_KEY' }]),
    py('module literal', 'SECRET_KEY = "django-insecure-0123456789"\n', [{ key: 'SECRET_KEY', origin: 'literal', value: 'django-insecure-0123456789', spanText: 'django-insecure-0123456789' }]),
    py('annotated module literal', 'JWT_SECRET: str = "annotated"\n', [{ key: 'JWT_SECRET', origin: 'literal', value: 'annotated' }]),
    py('class-level literal', 'class Config:\n    SECRET_KEY = "cls"\n', [{ key: 'SECRET_KEY', origin: 'literal', value: 'cls', line: 2 }]),
    py('Flask app.secret_key attribute', 'app.secret_key = "flask"\n', [{ key: 'app.secret_key', keyId: 'SECRET_KEY', origin: 'literal', value: 'flask' }]),
    py("app.config['SECRET_KEY'] subscript", "app.config['SECRET_KEY'] = 'sub'\napp.config[\"JWT_SECRET_KEY\"] = \"sub2\"\n", [
      { key: "app.config['SECRET_KEY']", keyId: 'SECRET_KEY', origin: 'literal', value: 'sub', line: 1 },
      { key: 'app.config["JWT_SECRET_KEY"]', keyId: 'JWT_SECRET_KEY', origin: 'literal', value: 'sub2', line: 2 },
    ]),
    py('app.config.update keyword argument', 'app.config.update(SECRET_KEY="upd", DEBUG=True)\n', [{ key: 'SECRET_KEY', origin: 'literal', value: 'upd' }]),
    py('Flask tutorial from_mapping, multi-line', 'app.config.from_mapping(\n    SECRET_KEY="dev",\n    DATABASE=path,\n)\n', [{ key: 'SECRET_KEY', origin: 'literal', value: 'dev', line: 2 }]),
    py('dict entry literal', "CONFIG = {'JWT_SECRET_KEY': \"dict-lit\"}\n", [{ key: 'JWT_SECRET_KEY', origin: 'literal', value: 'dict-lit' }]),
    py('escapes, raw and bytes literals are decoded as Python reads them', 'A_SECRET_KEY = "a\\tb"\nB_SECRET_KEY = r"a\\tb"\nC_SECRET_KEY = b"bytes"\nD_SECRET_KEY = "lit".encode()\n', [
      { key: 'A_SECRET_KEY', value: 'a\tb', origin: 'literal' },
      { key: 'B_SECRET_KEY', value: 'a\\tb', origin: 'literal' },
      { key: 'C_SECRET_KEY', value: 'bytes', origin: 'literal' },
      { key: 'D_SECRET_KEY', value: 'lit', origin: 'literal' },
    ]),
    py('triple-quoted literal', 'SECRET_KEY = """tri"""\n', [{ origin: 'literal', value: 'tri', spanText: 'tri' }]),
    py('f-string without placeholders is a literal', 'SECRET_KEY = f"plain"\n', [{ origin: 'literal', value: 'plain' }]),
    py('pydantic settings field with a literal default', 'class Settings(BaseSettings):\n    SECRET_KEY: str\n    JWT_SECRET: str = "pyd"\n', [
      { key: 'JWT_SECRET', origin: 'default', envName: 'JWT_SECRET', value: 'pyd', line: 3 },
    ]),
    py('PyJWT encode with a literal key', 'token = jwt.encode(payload, "pyjwt-lit", algorithm="HS256")\njwt.decode(token, key="kw-lit", algorithms=["HS256"])\n', [
      { key: 'jwt.encode', keyId: 'JWT_SECRET', origin: 'literal', value: 'pyjwt-lit', line: 1 },
      { key: 'jwt.decode', keyId: 'JWT_SECRET', origin: 'literal', value: 'kw-lit', line: 2 },
    ]),
    py('runtime values', 'import secrets\nSECRET_KEY = secrets.token_urlsafe(64)\nJWT_SECRET = get_random_secret_key()\nSESSION_SECRET = os.urandom(32)\n', [
      { key: 'SECRET_KEY', origin: 'runtime', spanText: 'secrets.token_urlsafe(64)' },
      { key: 'JWT_SECRET', origin: 'runtime' },
      { key: 'SESSION_SECRET', origin: 'runtime' },
    ]),
    py('runtime fallback of an env read', 'import os\nSECRET_KEY = os.getenv("SECRET_KEY") or secrets.token_hex(32)\n', [{ key: 'SECRET_KEY', origin: 'runtime' }]),
    py('template-looking values are templates, not literals', 'SECRET_KEY = "{{ secret_key }}"\nJWT_SECRET = "#{jwt-secret-key}#"\n', [
      { key: 'SECRET_KEY', origin: 'template' },
      { key: 'JWT_SECRET', origin: 'template' },
    ]),
    py('CRLF line endings keep offsets right', 'import os\r\nDEBUG = True\r\nSECRET_KEY = os.getenv("SECRET_KEY", "crlf")\r\n', [{ origin: 'default', value: 'crlf', line: 3, spanText: 'crlf' }]),
    py('a literal after a multi-line string', 'DOC = """\nSECRET_KEY = "inside"\n"""\nSECRET_KEY = "after"\n', [{ origin: 'literal', value: 'after', line: 4 }]),
  ]);
});

describe('python: correct setups stay silent', () => {
  runCases([
    py('os.environ[...] with no default', 'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n', [{ key: 'JWT_SECRET_KEY', origin: 'env', spanText: 'os.environ["JWT_SECRET_KEY"]' }]),
    py('os.getenv without default, and default None', 'import os\nA_SECRET_KEY = os.getenv("A_SECRET_KEY")\nB_SECRET_KEY = os.getenv("B_SECRET_KEY", None)\nC_SECRET_KEY = os.getenv("C_SECRET_KEY", "")\n', [
      { key: 'A_SECRET_KEY', origin: 'env' },
      { key: 'B_SECRET_KEY', origin: 'env' },
      { key: 'C_SECRET_KEY', origin: 'env' },
    ]),
    py('seed: the fixed Django block (raise when missing, compare, assign)', DJANGO_AFTER, [{ key: 'JWT_SECRET_KEY', origin: 'env', line: 2 }]),
    py('config default=None', "JWT_SECRET_KEY = config('JWT_SECRET_KEY', default=None)\n", [{ origin: 'env' }]),
    py('pydantic field without default, and annotations', 'class Settings(BaseSettings):\n    SECRET_KEY: str\n    JWT_SECRET: Optional[str] = None\nSECRET_KEY: str\n', []),
    py('function parameters named secret', 'def sign(secret_key: str, jwt_secret="param", *, signing_key: str = "kw"):\n    return hmac.new(secret_key)\n', []),
    py('comparisons and truthiness checks', 'if JWT_SECRET_KEY == SECRET_KEY:\n    raise ValueError("same")\nif not SECRET_KEY: raise ValueError("missing")\nassert settings.SECRET_KEY != "x"\n', []),
    py('an alias within one role is how keys are passed around', 'SIMPLE_JWT["SIGNING_KEY"] = JWT_SECRET_KEY\napp.secret_key = SECRET_KEY\nSECRET_KEY = settings.SECRET_KEY\n', []),
    py('jwt.encode with a variable key', 'jwt.encode(payload, SECRET_KEY, algorithm=ALGORITHM)\njwt.decode(token, settings.JWT_SECRET_KEY, algorithms=["HS256"])\n', []),
    py('names that only contain a secret word', 'SECRET_KEY_LENGTH = 64\nJWT_SECRET_KEY_ENV = "JWT_SECRET_KEY"\nsecrets_dir = "/run/secrets"\n', []),
    py('commented-out code', '# SECRET_KEY = "commented"\n#JWT_SECRET = os.getenv("JWT_SECRET", "x")\n', []),
    py('empty literal', 'SECRET_KEY = ""\n', []),
    py('f-string with a placeholder is not a literal', 'SECRET_KEY = f"{prefix}-key"\n', []),
    py('secret word inside a string', 'x = "SECRET_KEY = \'not code\'"\n', []),
  ]);
});

describe('python: logged secrets', () => {
  runCases([
    py('seed: print(f"Using secret: {secret_key}")', 'print(f"Using secret: {secret_key}")\n', [], [{ key: 'secret_key', keyId: 'SECRET_KEY', sink: 'print', line: 1 }]),
    py('seed: logger.info(f"SECRET_KEY={secret_key}")', 'logger.info(f"SECRET_KEY={secret_key}")\n', [], [{ key: 'secret_key', keyId: 'SECRET_KEY', sink: 'logger.info' }]),
    py('logging.debug(SECRET_KEY)', 'logging.debug(SECRET_KEY)\n', [], [{ key: 'SECRET_KEY', sink: 'logging.debug' }]),
    py('print(os.environ["JWT_SECRET"])', 'import os\nprint(os.environ["JWT_SECRET"])\n', [{ key: 'JWT_SECRET', origin: 'env' }], [{ key: 'os.environ["JWT_SECRET"]', keyId: 'JWT_SECRET', sink: 'print', line: 2 }]),
    py('seed: a prefix of settings.SECRET_KEY is still the secret', 'print(f"SECRET_KEY: {settings.SECRET_KEY[:20]}...")\n', [], [{ key: 'settings.SECRET_KEY', keyId: 'SECRET_KEY' }]),
    py('%-formatting, format() and self.logger', 'self.logger.warning("key %s", self.jwt_secret)\nlog.error("{}".format(app.config["SECRET_KEY"]))\n', [], [
      { key: 'self.jwt_secret', keyId: 'JWT_SECRET', sink: 'self.logger.warning', line: 1 },
      { key: 'app.config["SECRET_KEY"]', keyId: 'SECRET_KEY', sink: 'log.error', line: 2 },
    ]),
    py('f-string debug specifier', 'print(f"{jwt_secret=}")\n', [], [{ key: 'jwt_secret', keyId: 'JWT_SECRET' }]),
    py(
      'a bearer token taken from the Authorization header',
      'def view(request):\n    auth = request.headers.get("Authorization", "")\n    token = auth.split(" ")[1]\n    logger.info("token %s", token)\n    print(request.META["HTTP_AUTHORIZATION"])\n',
      [],
      [
        { key: 'token', keyId: 'AUTHORIZATION', sink: 'logger.info', line: 4 },
        { key: 'request.META["HTTP_AUTHORIZATION"]', keyId: 'AUTHORIZATION', sink: 'print', line: 5 },
      ],
      'app/views.py',
    ),
  ]);
  runCases([
    py('seed: a membership check only prints a boolean', "print('SECRET_KEY' in os.environ)\n", []),
    py('seed: a comparison only prints a boolean', 'print(f"Are they different? {settings.SECRET_KEY != settings.JWT_SECRET_KEY}")\n', []),
    py('length and truthiness', 'print(len(secret_key))\nlogger.info("set: %s", bool(SECRET_KEY))\nprint(f"{SECRET_KEY is not None}")\nprint("set" if SECRET_KEY else "unset")\n', []),
    py('a message that only names the key', 'logger.warning("SECRET_KEY not set")\nprint("Generate JWT_SECRET_KEY with secrets.token_urlsafe")\n', []),
    py('printing a freshly generated key', 'print(secrets.token_urlsafe(64))\nprint(get_random_secret_key())\n', []),
    py('keyword argument names in a log call', 'logger.info("loaded", extra=dict(secret_key_set=True))\n', []),
    py(
      'whether the Authorization header is there',
      'def view(request):\n    auth = request.headers.get("Authorization")\n    has_auth = auth is not None\n    logger.info("auth header: %s", bool(auth))\n    logger.info("has auth: %s", has_auth)\n    logger.info("missing %s", "Authorization")\n',
      [],
      [],
      'app/views.py',
    ),
  ]);
});

describe('python: strict-read repairs', () => {
  it('rewrites each default to os.environ[...] in the file\'s quote style', () => {
    const text = "import os\nA = os.getenv('JWT_SECRET', 'x')\nB = os.environ.get(\"SECRET_KEY\") or \"y\"\n";
    const parsed = parse('app.py', text);
    const edits = parsed.assignments.map((a) => a.strictRead?.edits[0]?.text);
    expect(edits).toEqual(["os.environ['JWT_SECRET']", 'os.environ["SECRET_KEY"]']);
    expect(parsed.assignments.every((a) => a.strictRead?.removesCommittedValue === true)).toBe(true);
  });

  it('drops only the default keyword from decouple and django-environ calls', () => {
    const text = "SECRET_KEY = config('SECRET_KEY', default='x', cast=str)\n";
    const fixed = fixedVariants('settings.py', text);
    expect(fixed).toEqual(["SECRET_KEY = config('SECRET_KEY', cast=str)\n"]);
  });

  it('offers no repair for a bare getenv when os cannot be named, nor for a positional decouple default', () => {
    const parsed = parse('app.py', 'from os import getenv\nA = getenv("JWT_SECRET", "x")\nB = config("SECRET_KEY", "y")\n');
    expect(parsed.assignments.map((a) => a.strictRead)).toEqual([undefined, undefined]);
  });

  const sources = [
    'import os\nSECRET_KEY = os.getenv("JWT_SECRET_KEY", "your-secret-key-change-this-in-production")\n',
    "import os\nJWT = os.environ.get('JWT_SECRET') or 'fallback'\n",
    'import os\nJWT = (os.environ.get("JWT_SECRET")\n       or "wrapped")\n',
    'import os\nclass C:\n    X = dict(a=os.getenv("SECRET_KEY", default="d"), b=1)\n',
    "from decouple import config\nSECRET_KEY = config(\n    'SECRET_KEY',\n    default='x',\n)\n",
    "import environ\nenv = environ.Env()\nJWT_SECRET = env.str('JWT_SECRET', default='e', multiline=False)\n",
    'import os\r\nSECRET_KEY = os.getenv("SECRET_KEY", "crlf")\r\n',
  ];
  it.each(sources.map((s, n) => [n, s] as const))('repair %i still compiles (python3 -m py_compile) and leaves no default', (_n, source) => {
    const fixed = fixedVariants('app.py', source);
    expect(fixed.length).toBe(1);
    const after = fixed[0] ?? '';
    checkSyntax('fixed.py', after, 'python3', (file) => ['-m', 'py_compile', file]);
    const again = parse('app.py', after);
    expect(again.assignments.filter((a) => a.origin === 'default')).toEqual([]);
    if (source.includes('\r\n')) expect(after.includes('\r\n')).toBe(true);
  });

  it('applyFix leaves the rest of the file byte for byte', () => {
    const text = '# header\nimport os\nSECRET_KEY = os.getenv("SECRET_KEY", "x")  # trailing\n';
    const fix = parse('a.py', text).assignments[0]?.strictRead;
    expect(fix && applyFix(text, fix)).toBe('# header\nimport os\nSECRET_KEY = os.environ["SECRET_KEY"]  # trailing\n');
  });
});
