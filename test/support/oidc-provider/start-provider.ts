import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stopChild } from '../child-process';

/** The test provider's one client. */
export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface RunningProvider {
  issuer: string;
  stop: () => Promise<void>;
}

/**
 * Starts provider.mjs with plain node (oidc-provider is ESM-only) and resolves with its issuer;
 * on `port` when given (to start one again where a stopped one was), else on a free one.
 */
export async function startProvider(client: TestClient, port?: number): Promise<RunningProvider> {
  const child = spawn(process.execPath, [join(__dirname, 'provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_CLIENT_ID: client.clientId,
      OIDC_TEST_CLIENT_SECRET: client.clientSecret,
      OIDC_TEST_REDIRECT_URI: client.redirectUri,
      ...(port === undefined ? {} : { OIDC_TEST_PORT: String(port) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start: ${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /running (\S+)/.exec(output);
      if (!running) return;
      clearTimeout(timer);
      resolve(running[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OIDC provider exited with ${code}: ${output}`));
    });
  });
  return { issuer, stop: () => stopChild(child, 'SIGTERM') };
}
