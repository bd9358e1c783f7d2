import type { Framework } from './report.js';

/**
 * Words that show which JWT or session framework a project uses, so the runbook can name the
 * step that invalidates its tokens. Plain substring tests on texts already read.
 */
const MARKERS: ReadonlyArray<[Framework, readonly string[]]> = [
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

export function frameworksIn(text: string, into: Set<Framework>): void {
  for (const [framework, words] of MARKERS) {
    if (into.has(framework)) continue;
    if (words.some((w) => text.includes(w))) into.add(framework);
  }
}

/** In a fixed order, so reports are deterministic. */
export function sortedFrameworks(found: ReadonlySet<Framework>): Framework[] {
  return MARKERS.map(([f]) => f).filter((f) => found.has(f));
}
