import { describe, expect, it } from 'vitest';
import { roleOfDocument } from '../../src/core/path-context.js';

describe('a document is a test by its content when its path does not say so', () => {
  it.each([
    ['app/check_auth.py', 'import os\nimport pytest\n\ndef test_login(client):\n    assert client\n'],
    ['app/check_auth.py', 'from django.test import TestCase\n'],
    ['src/main/java/com/acme/AuthCheck.java', 'package com.acme;\nimport org.junit.jupiter.api.Test;\n'],
    ['internal/auth/check.go', 'package auth\n\nimport "testing"\n'],
    ['src/AuthCheck.php', '<?php\nclass AuthCheck extends \\PHPUnit\\Framework\\TestCase {}\n'],
    ['lib/auth_check.rb', "describe 'Auth' do\n  it 'logs in' do\n  end\nend\n"],
    ['src/auth.check.ts', "import { describe, it } from 'vitest';\n"],
    ['src/auth.check.js', "const request = require('supertest');\n"],
    // No known language: every test applies.
    ['scripts/check', 'import pytest\n'],
  ])('%s', (path, text) => {
    expect(roleOfDocument(path, text)).toBe('test');
  });

  it.each([
    // A docstring that says "describe" is no RSpec block, and RSpec is not read in Python.
    ['src/flask/app.py', '"""\nExamples:\n    describe Blueprint do\n"""\nimport os\n'],
    // One language's test import is not read in another's file.
    ['src/config.py', 'import "testing"\n'],
    ['src/app.ts', 'import pytest\n'],
    ['app/settings.py', 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n'],
  ])('%s stays production', (path, text) => {
    expect(roleOfDocument(path, text)).toBe('production');
  });
});
