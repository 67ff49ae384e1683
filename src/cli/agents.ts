import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseArgs } from 'node:util';
import { AgentAccountsService, CreateAgentInput } from '../agents/agent-accounts.service';
import type { AgentRecord } from '../agents/agents.repository';
import { CreateAgentDto } from '../agents/dto/create-agent.dto';
import { DomainError } from '../common/domain-error';
import { AppConfig, ConfigValidationError, loadConfig } from '../config/app-config';

const USAGE = `Usage: npm run agents -- <command> [options]

  add --email <email> --name <name> --password <password>
      [--role agent|admin|content|supervisor] [--skills after-sales,billing] [--max-chats 5]
                           create an agent account (role agent unless told)
  list                     every agent: email, name, role, skills, max chats, status, presence
  disable --email <email>  the agent can no longer sign in; their tokens stop working
  enable --email <email>   let a disabled agent sign in again

Exit codes: 0 done, 1 failed (e.g. the email is taken, no such agent, database in use), 2 bad usage.
Settings come from the environment (DATABASE_URL, KEFU_DATA_DIR…), as for npm start. The embedded database
can be open in one process only: while the server runs, use the admin API (POST /api/v1/agents) instead.`;

class UsageError extends Error {}

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  role: { type: 'string' },
  skills: { type: 'string' },
  'max-chats': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which options each command takes, and which of them it needs. */
const COMMANDS: Record<string, { allowed: string[]; required: string[] }> = {
  add: { allowed: ['email', 'name', 'password', 'role', 'skills', 'max-chats'], required: ['email', 'name', 'password'] },
  list: { allowed: [], required: [] },
  disable: { allowed: ['email'], required: ['email'] },
  enable: { allowed: ['email'], required: ['email'] },
};

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

async function main(argv: string[]): Promise<number> {
  let parsed: { positionals: string[]; values: Values };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, ...extra] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!command) throw new UsageError('Which command?');
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`Unknown command "${command}"`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}" (quote values with spaces: --name "Li Lei")`);
  const given = Object.keys(values).filter((key) => values[key as keyof Values] !== undefined);
  const stray = given.find((key) => !spec.allowed.includes(key));
  if (stray) throw new UsageError(`${command} does not take --${stray}`);
  const missing = spec.required.filter((key) => !values[key as keyof Values]);
  if (missing.length > 0) throw new UsageError(`${command} needs ${missing.map((key) => `--${key}`).join(', ')}`);

  switch (command) {
    case 'add': {
      const input = agentInput(values);
      return withAccounts(async (accounts) => {
        const agent = await accounts.create(input);
        console.log(`Added ${agent.role} ${agent.email} (${agent.name}): ${describeSkills(agent)}, up to ${agent.maxChats} chats at once. Id ${agent.id}`);
        return 0;
      });
    }
    case 'list':
      return withAccounts(async (accounts) => {
        const agents = await accounts.list();
        if (agents.length === 0) console.log('No agents yet. Add one: npm run agents -- add --email … --name … --password … --role admin');
        else console.log(table(agents));
        return 0;
      });
    default: {
      const disable = command === 'disable';
      const email = values.email as string;
      return withAccounts(async (accounts) => {
        const agent = await accounts.setDisabled(email, disable);
        console.log(disable ? `Disabled ${agent.email}: they can no longer sign in, and their tokens stop working.` : `Enabled ${agent.email}: they can sign in again.`);
        return 0;
      });
    }
  }
}

/** The same rules as POST /api/v1/agents. */
function agentInput(values: Values): CreateAgentInput {
  const maxChats = values['max-chats'];
  if (maxChats !== undefined && !/^\s*\d+\s*$/.test(maxChats)) throw new UsageError(`--max-chats must be a whole number, got "${maxChats}"`);
  const skills = values.skills
    ?.split(',')
    .map((skill) => skill.trim())
    .filter(Boolean);
  const dto = plainToInstance(CreateAgentDto, {
    email: values.email,
    name: values.name,
    password: values.password,
    role: values.role,
    skills,
    maxChats: maxChats === undefined ? undefined : Number(maxChats),
  });
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new UsageError(messages.map((message) => message.replace(/^maxChats/, '--max-chats').replace(/^(\w+)/, '--$1')).join('\n'));
  }
  return dto;
}

async function withAccounts(work: (accounts: AgentAccountsService) => Promise<number>): Promise<number> {
  const config: AppConfig = loadConfig();
  config.knowledge.watch = false;
  config.knowledge.indexOnStart = false;
  config.logLevel = 'warn';
  // loaded only now, so usage errors and --help answer at once
  const [{ NestFactory }, { AppModule }] = await Promise.all([import('@nestjs/core'), import('../app.module')]);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app.get(AgentAccountsService));
  } finally {
    await app.close();
  }
}

function describeSkills(agent: AgentRecord): string {
  return agent.skills.length > 0 ? `skills ${agent.skills.join(', ')}` : 'no skills';
}

function table(agents: AgentRecord[]): string {
  const rows = [
    ['EMAIL', 'NAME', 'ROLE', 'SKILLS', 'MAX CHATS', 'STATUS', 'PRESENCE'],
    ...agents.map((agent) => [agent.email, agent.name, agent.role, agent.skills.join(',') || '-', String(agent.maxChats), agent.disabled ? 'disabled' : 'enabled', agent.presence]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]))));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column] - displayWidth(cell))).join('  ').trimEnd()).join('\n');
}

/** Terminal columns: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
  return width;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof ConfigValidationError || error instanceof DomainError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
