import type { Socket } from 'socket.io-client';
import { ChatRequest, OpenAiCompatibleServer, startOpenAiCompatibleServer } from '../support/openai-compatible-server';
import { connect, emitAck, LiveChat, startLiveChat, waitFor } from '../support/live-chat';

/** With a model configured, the agent's handoff summary is written by it; the facts still come from the extractor. */
describe('handoff summary written by a model', () => {
  let model: OpenAiCompatibleServer;
  let chat: LiveChat;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    model = await startOpenAiCompatibleServer({
      chat: (request: ChatRequest) =>
        request.messages[0].content.includes('summarise a customer-service chat')
          ? JSON.stringify({ issue: '订单 LM202611230001 一周未发货，客户要求人工处理', mood: 'frustrated', text: '客户的订单一周未发货，要求尽快发货并希望人工跟进。机器人已回答发货时效。' })
          : JSON.stringify({ answerable: false, answer: '', citations: [] }),
    });
    chat = await startLiveChat(undefined, { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: model.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_TIMEOUT_MS: '2000' });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await chat?.close();
    await model?.close();
  });

  it('uses the model’s issue and text, with the extracted facts and masked contacts', async () => {
    const agent = await chat.createAgent('Summary Reader');
    const agentSocket = connect(chat.url, '/agent', { token: agent.token });
    sockets.push(agentSocket);
    await waitFor(agentSocket, 'queue');
    const assigned = waitFor(agentSocket, 'conversation:assigned');
    const customer = connect(chat.url, '/customer');
    sockets.push(customer);
    await waitFor(customer, 'session');
    await emitAck(customer, 'message', { clientMessageId: 's-1', text: '订单LM202611230001一个星期了还没发货，我的电话13812345678，转人工' });

    const { summary } = await assigned;
    expect(summary).toMatchObject({ issue: '订单 LM202611230001 一周未发货，客户要求人工处理', mood: 'frustrated', reason: 'human_requested', facts: { orderNumbers: ['LM202611230001'] } });
    expect(summary.text).toContain('客户的订单一周未发货');
    expect(JSON.stringify(summary)).not.toContain('13812345678');
    const sent = model.requests.find((request) => (request.body as ChatRequest).messages?.[0]?.content.includes('summarise'))!.body as ChatRequest;
    expect(sent.messages[1].content).toContain('LM202611230001');
    expect(sent.messages[1].content).not.toContain('13812345678'); // contacts are masked before they leave for the model
  });
});
