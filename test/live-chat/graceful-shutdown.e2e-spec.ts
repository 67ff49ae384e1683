import { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { shutDown } from '../../src/shutdown/shutdown';
import { connect, waitFor } from '../support/live-chat';
import { smallKnowledgeFolder, startInstance } from '../support/instances';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { TempKnowledgeFolder } from '../support/test-config';

/** Stopping an instance (SIGTERM, a rolling deploy) in the middle of a burst of customer messages. */
describe('graceful shutdown', () => {
  let database: PgliteServer;
  let folder: TempKnowledgeFolder;
  let instance: { app: INestApplication; url: string };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await startPgliteServer();
    folder = smallKnowledgeFolder();
    instance = await startInstance({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir });
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await database?.stop();
    folder?.dispose();
  });

  it('loses no acknowledged message, finishes the bot replies in flight, and tells sockets to reconnect', async () => {
    const customers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const socket = connect(instance.url, '/customer');
        sockets.push(socket);
        return { socket, session: (await waitFor(socket, 'session')) as { conversationId: string } };
      }),
    );
    const acked: Array<{ conversationId: string; id: string; text: string }> = [];
    const dropped = customers.map(({ socket }) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
    let shuttingDown: Promise<void> | undefined;
    const sends = customers.flatMap(({ socket, session }, customer) =>
      Array.from({ length: 15 }, (_, index) => {
        const text = `退货期限是多久 #${customer}-${index}`;
        return new Promise<void>((resolve) => {
          socket.once('disconnect', () => resolve());
          socket.emit('message', { clientMessageId: `burst-${customer}-${index}`, text }, (ack: { id?: string }) => {
            if (ack?.id) acked.push({ conversationId: session.conversationId, id: ack.id, text });
            if (acked.length === 10) shuttingDown = shutDown(instance.app);
            resolve();
          });
        });
      }),
    );
    await Promise.all(sends);
    await shuttingDown;
    expect(acked.length).toBeGreaterThanOrEqual(10);

    // a dropped transport, not a server-side disconnect: Socket.IO clients reconnect (elsewhere) by themselves
    expect(await Promise.all(dropped)).toEqual(customers.map(() => 'transport close'));
    for (const message of acked) {
      const stored = await database.db.query<{ text: string; seq: number }>('SELECT text, seq FROM message WHERE id = $1', [message.id]);
      expect(stored.rows).toEqual([{ text: message.text, seq: expect.any(Number) }]);
      // the bot's reply to it was finished before the database closed
      const replies = await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE conversation_id = $1 AND role = 'bot' AND seq > $2`, [message.conversationId, stored.rows[0].seq]);
      expect(replies.rows[0].n).toBeGreaterThan(0);
    }
  });
});
