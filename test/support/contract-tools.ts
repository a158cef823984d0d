import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where ops/deploy-checks.sh installs Schemathesis and openapi-spec-validator (one PyPI venv). */
const ROOT = join(__dirname, '..', '..');
export const CONTRACT_BIN = join(ROOT, '.stack', 'venvs', 'schemathesis', 'bin');

/** Fails with the command that installs the tools, instead of a bare ENOENT. */
export function requireContractTools(): void {
  const missing = ['st', 'openapi-spec-validator'].filter((tool) => !existsSync(join(CONTRACT_BIN, tool)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run bash ops/deploy-checks.sh install`);
  }
}

export interface ToolRun {
  code: number | null;
  output: string;
}

/** Runs a tool of the venv to its end; its exit code and its output (stdout and stderr). */
export function runContractTool(
  tool: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(CONTRACT_BIN, tool), args, {
      // Schemathesis keeps replay data under its working directory: a temporary one, not the checkout.
      cwd: mkdtempSync(join(tmpdir(), 'sa-contract-')),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** openapi-spec-validator's verdict on a document: exit code 0 and "OK" when it is valid OpenAPI. */
export async function validateOpenApi(document: unknown): Promise<ToolRun> {
  const file = join(mkdtempSync(join(tmpdir(), 'sa-openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  return runContractTool('openapi-spec-validator', [file]);
}
