// `npm run create-admin -- --email you@example.org --tenant "My household"`: creates a tenant and
// its owner through the gateway (POST /v1/auth/register). The password is asked for without echo,
// or read from standard input when that is not a terminal; it is never a flag nor a default.
import { createGatewayClient } from '@ai-service/contracts';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run create-admin -- --email <email> --tenant <name> [--name <display name>] [--url <gateway url>]
  --url defaults to http://127.0.0.1:3000 (the gateway of \`npm start\`).
  The password is prompted for (hidden), or read from standard input: echo "$PASSWORD" | npm run create-admin -- ...`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parse() {
  try {
    const { values } = parseArgs({
      options: {
        email: { type: 'string' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) fail(USAGE, 0);
    if (!values.email || !values.tenant) fail(USAGE, 2);
    return { email: values.email, tenant: values.tenant, name: values.name, url: values.url };
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(() => resolve(value));
        if (char === '\u0003') return finish(() => reject(new Error('cancelled')));
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return (await text(process.stdin)).replace(/\r?\n$/, '');
  const password = await promptHidden('Password (at least 10 characters): ');
  if ((await promptHidden('Repeat the password: ')) !== password) fail('The passwords differ.');
  return password;
}

const args = parse();
const password = await readPassword().catch((error: Error) => fail(error.message));
if (!password) fail('No password given.');

const client = createGatewayClient({ baseUrl: args.url });
const result = await client
  .POST('/v1/auth/register', { body: { tenantName: args.tenant, email: args.email, password, ...(args.name ? { displayName: args.name } : {}) } })
  .catch((error: Error) => fail(`Cannot reach ${args.url} (${error.message}). Is \`npm start\` running? Use --url for another address.`));

if (!result.data) {
  const problem = (result.error ?? {}) as { title?: string; detail?: string; errors?: { field: string; message: string }[] };
  const fields = (problem.errors ?? []).map((error) => `\n  ${error.field}: ${error.message}`).join('');
  fail(`Not created: ${result.response.status} ${problem.title ?? ''}${problem.detail ? ` — ${problem.detail}` : ''}${fields}`);
}

const { tenant, user } = result.data;
process.stdout.write(
  [
    `Created tenant "${tenant.name}" (${tenant.id}).`,
    `Owner: ${user.email} (${user.id}), roles: ${user.roles.join(', ')}.`,
    `Sign in with that email and password: POST ${args.url}/v1/auth/login`,
    '',
  ].join('\n'),
);
