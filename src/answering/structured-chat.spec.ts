import { decodeEmbedding } from '../retrieval/embedding/openai-embedding';
import { parseModelJson } from './structured-chat';

describe('parseModelJson', () => {
  const object = { answerable: true, answer: 'E3 means {stuck} brush', citations: ['a'] };

  it.each([
    ['bare', JSON.stringify(object)],
    ['in a json code fence', `\`\`\`json\n${JSON.stringify(object, null, 2)}\n\`\`\``],
    ['in a bare code fence', `\`\`\`\n${JSON.stringify(object)}\n\`\`\``],
    ['after a <think> block holding braces', `<think>\nThey ask {"a": 1}; the passage says…\n</think>\n\n${JSON.stringify(object)}`],
    ['after an unclosed-at-start reasoning block', `Okay, let me think {x}.\n</think>\n${JSON.stringify(object)}`],
    ['after a sentence', `Here is the JSON you asked for: ${JSON.stringify(object)} Hope it helps!`],
  ])('reads the object %s', (_case, reply) => {
    expect(parseModelJson(reply)).toEqual(object);
  });

  it('throws when there is no JSON object, or it is cut short', () => {
    expect(() => parseModelJson('Sure! E3 is a brush problem')).toThrow(/did not reply with JSON/);
    expect(() => parseModelJson('{"answerable": true, "answer": "E3')).toThrow(/cut short/);
  });
});

describe('decodeEmbedding', () => {
  it('reads float lists and base64 float32 alike', () => {
    const vector = [0.5, -0.25, 0.125];
    expect(decodeEmbedding(vector)).toEqual(vector);
    expect(decodeEmbedding(Buffer.from(new Float32Array(vector).buffer).toString('base64'))).toEqual(vector);
  });

  it('rejects what is neither', () => {
    expect(() => decodeEmbedding(null)).toThrow(/type null/);
    expect(() => decodeEmbedding('abc')).toThrow(/not float32/);
  });
});
