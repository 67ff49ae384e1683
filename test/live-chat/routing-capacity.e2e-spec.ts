import { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { RoutingService } from '../../src/agents/routing/routing.service';
import { connect, waitFor } from '../support/live-chat';
import { adminToken, createAgent, login, smallKnowledgeFolder, startInstance, waitingConversation } from '../support/instances';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { TempKnowledgeFolder } from '../support/test-config';

/**
 * Two instances on one database dispatching the same queue at once: the capacity check and the assignment are one
 * decision in the database, so no agent ever holds more than maxChats, whichever instances race.
 */
describe('routing capacity across instances', () => {
  let database: PgliteServer;
  let folder: TempKnowledgeFolder;
  const instances: Array<{ app: INestApplication; url: string }> = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await startPgliteServer();
    folder = smallKnowledgeFolder();
    for (let i = 0; i < 2; i++) instances.push(await startInstance({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir }));
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const { app } of instances) await app.close();
    await database?.stop();
    folder?.dispose();
  });

  it('dispatches 50 waiting chats to two agents with maxChats 3 without ever giving either more than 3', async () => {
    const [a, b] = instances;
    const token = await adminToken(a.app);
    const agents = [await createAgent(a.app, token, 'one@kefu.test', 3), await createAgent(a.app, token, 'two@kefu.test', 3)];

    // nobody online yet: every handoff waits
    const waiting: string[] = [];
    for (let i = 0; i < 50; i += 10) waiting.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => waitingConversation((i + j) % 2 ? a.url : b.url)))));
    expect(new Set(waiting).size).toBe(50);

    // each agent signs in on both instances at once: four dispatches race, on two instances
    const tokens = await Promise.all(agents.flatMap((agent) => instances.map((instance) => login(instance.url, agent.email, agent.password))));
    const connected: Array<Promise<unknown>> = [];
    tokens.forEach((token, index) => {
      const socket = connect(instances[index % 2].url, '/agent', { token });
      sockets.push(socket);
      socket.on('error', (error: unknown) => fail(`agent socket error: ${JSON.stringify(error)}`));
      connected.push(waitFor(socket, 'queue', () => true, 30_000));
    });
    await Promise.all(connected);
    // and both instances dispatch over and over, concurrently, as a busy deployment would
    await Promise.all(instances.flatMap(({ app }) => Array.from({ length: 8 }, () => app.get(RoutingService).dispatchOnce())));

    const held = await database.db.query<{ agent_id: string; n: number }>(`SELECT agent_id, count(*)::int AS n FROM conversation WHERE state = 'assigned' GROUP BY agent_id`);
    expect(Object.fromEntries(held.rows.map((row) => [row.agent_id, row.n]))).toEqual({ [agents[0].id]: 3, [agents[1].id]: 3 });
    const queued = await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM conversation WHERE state = 'waiting'`);
    expect(queued.rows[0].n).toBe(44);
    const assignments = await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM conversation_event WHERE to_state = 'assigned'`);
    expect(assignments.rows[0].n).toBe(6);
  });
});
