import { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import { RoutingSweepService } from '../../src/agents/routing/routing-sweep.service';
import { connect, until, waitFor } from '../support/live-chat';
import { adminToken, createAgent, login, smallKnowledgeFolder, spawnInstance, startInstance, waitingConversation } from '../support/instances';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { TempKnowledgeFolder } from '../support/test-config';

/**
 * An instance that dies without a word (SIGKILL: no disconnect handler, no shutdown hook) leaves its agents marked
 * online; their presence lease runs out, the surviving instance's sweep marks them offline and, after the grace
 * period, gives their chats back to the queue — once.
 */
describe('presence leases when an instance is killed', () => {
  const env = { PRESENCE_LEASE_SECONDS: '2', AGENT_GRACE_SECONDS: '1' };
  let database: PgliteServer;
  let folder: TempKnowledgeFolder;
  let survivor: { app: INestApplication; url: string };
  let doomed: { child: ChildProcess; url: string } | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await startPgliteServer();
    folder = smallKnowledgeFolder();
    survivor = await startInstance({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir, ...env });
    doomed = await spawnInstance({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir, ...env });
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    doomed?.child.kill('SIGKILL');
    await survivor?.app.close();
    await database?.stop();
    folder?.dispose();
  });

  const scalar = async (sql: string, params: unknown[] = []) => (await database.db.query<{ v: unknown }>(sql, params)).rows[0]?.v;

  it('takes the agents of a killed instance offline after their lease expires and requeues their chats once', async () => {
    const token = await adminToken(survivor.app);
    const agent = await createAgent(survivor.app, token, 'lease@kefu.test', 3);
    const socket = connect(doomed!.url, '/agent', { token: await login(doomed!.url, agent.email, agent.password) });
    sockets.push(socket);
    await waitFor(socket, 'queue', () => true, 30_000);
    // (without REDIS_URL the assignment event reaches the agent only from their own instance: the database is checked)
    const conversationId = await waitingConversation(survivor.url);
    await until(() => scalar('SELECT agent_id AS v FROM conversation WHERE id = $1', [conversationId]), (holder) => holder === agent.id, 30_000);
    expect(await scalar('SELECT presence AS v FROM agent WHERE id = $1', [agent.id])).toBe('online');

    doomed!.child.kill('SIGKILL');
    await new Promise((resolve) => doomed!.child.once('exit', resolve));

    await until(() => scalar('SELECT presence AS v FROM agent WHERE id = $1', [agent.id]), (presence) => presence === 'offline', 30_000);
    await until(() => scalar('SELECT state AS v FROM conversation WHERE id = $1', [conversationId]), (state) => state === 'waiting', 30_000);

    // whoever sweeps again, and however often, the chat went back once
    const sweep = survivor.app.get(RoutingSweepService);
    for (let i = 0; i < 3; i++) expect((await sweep.sweep()).requeued).toBe(0);
    expect(await scalar(`SELECT count(*)::int AS v FROM conversation_event WHERE conversation_id = $1 AND reason = 'agent_disconnected'`, [conversationId])).toBe(1);
    expect(await scalar(`SELECT count(*)::int AS v FROM message WHERE conversation_id = $1 AND details->>'kind' = 'requeued'`, [conversationId])).toBe(1);
    expect(await scalar(`SELECT count(*)::int AS v FROM agent_presence_lease WHERE agent_id = $1 AND expires_at > now()`, [agent.id])).toBe(0);
  });
});
