import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const STACK = join(__dirname, '..', '..', 'ops', 'stack.sh');

/** Stops or starts one component of the real local stack (the tests that exercise outages). */
export function stack(action: 'up' | 'down', component: string): void {
  execFileSync('bash', [STACK, action, component], { stdio: 'inherit', timeout: 180_000 });
}
