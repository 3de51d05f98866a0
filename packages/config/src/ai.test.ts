import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './load.ts';
import { serviceConfigSchemas } from './services.ts';

const schema = serviceConfigSchemas['ai-core'];
const DATABASE_URL = 'postgres://localhost/db';

test('ai-core runs without an LLM by default', () => {
  const result = parseConfig(schema, { DATABASE_URL, AI_LLM_BASE_URL: '', AI_LLM_MODEL: '' });
  assert.ok(result.ok);
  assert.equal(result.config.AI_LLM_BASE_URL, undefined);
  assert.equal(result.config.AI_CATEGORIZE_MIN_CONFIDENCE, 0.4);
});

test('an LLM base URL needs a model', () => {
  const result = parseConfig(schema, { DATABASE_URL, AI_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' });
  assert.deepEqual(result.ok ? [] : result.problems, [{ variable: 'AI_LLM_MODEL', reason: 'is required when AI_LLM_BASE_URL is set' }]);
  assert.ok(parseConfig(schema, { DATABASE_URL, AI_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', AI_LLM_MODEL: 'llama3.1' }).ok);
});

test('the confidence threshold is a share between 0 and 1', () => {
  const result = parseConfig(schema, { DATABASE_URL, AI_CATEGORIZE_MIN_CONFIDENCE: '40' });
  assert.deepEqual(result.ok ? [] : result.problems.map((problem) => problem.variable), ['AI_CATEGORIZE_MIN_CONFIDENCE']);
});
