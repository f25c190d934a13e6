import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lints `code` as if it were the file at `filePath` and returns the messages of the boundary rules. */
async function boundaryProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) =>
      ['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals'].includes(
        m.ruleId ?? '',
      ),
    )
    .map((m) => m.message);
}

describe('lint keeps workflows and domain code deterministic', () => {
  // The first lint builds the TypeScript program for type-aware rules; later ones reuse it.
  beforeAll(async () => {
    await boundaryProblems('src/workflows/index.ts', 'export {};\n');
  }, 60_000);

  it.each([
    ["import { readFile } from 'node:fs';", 'Node built-ins'],
    ["import crypto from 'crypto';", 'Node built-ins'],
    ["import { Pool } from 'pg';", 'pg'],
    ["import express from 'express';", 'HTTP'],
    ["import { Client } from '@temporalio/client';", 'client'],
    ["import { Worker } from '@temporalio/worker';", 'worker'],
    ["import { Context } from '@temporalio/activity';", 'Activity'],
    ["import { createActivities } from '../activities';", 'only as types'],
  ])('a workflow file may not `%s`', async (line, reason) => {
    const problems = await boundaryProblems(
      'src/workflows/index.ts',
      `${line}\nexport const used = [${line.match(/import \{? ?(\w+)/)![1]}];\n`,
    );
    expect(problems.join('\n')).toContain(reason);
  });

  it('a workflow file may import activities as types', async () => {
    const problems = await boundaryProblems(
      'src/workflows/index.ts',
      "import type { ClaimActivities } from '../activities';\nexport type A = ClaimActivities;\n",
    );
    expect(problems).toEqual([]);
  });

  it('domain code may not read the clock or import the database', async () => {
    const clock = await boundaryProblems(
      'src/domain/cadence.ts',
      'export const now = Date.now();\nexport const d = new Date();\n',
    );
    expect(clock).toHaveLength(2);
    const db = await boundaryProblems(
      'src/domain/cadence.ts',
      "import { createPool } from '../db/pool';\nexport const p = createPool;\n",
    );
    expect(db.join('\n')).toContain('not deterministic');
  });

  it('the same imports are allowed in activities', async () => {
    const problems = await boundaryProblems(
      'src/activities/index.ts',
      "import { readFile } from 'node:fs';\nexport const r = readFile;\n",
    );
    expect(problems).toEqual([]);
  });
});
