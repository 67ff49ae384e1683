/**
 * `--model-server URL` for the benchmarks: the settings that point kefu at an OpenAI-compatible server, so the same
 * protocols measure what a real embedding model (and re-ranker) buys over the offline default. Without the option the
 * benchmark runs offline. Other model settings are taken from the environment as kefu would read them.
 *   --model-server URL        OPENAI_BASE_URL (e.g. http://localhost:8000/v1); embeddings from it unless EMBEDDING_BASE_URL
 *   --embedding-model NAME    EMBEDDING_MODEL (default: the environment's, else text-embedding-3-small)
 *   --chat-model NAME         CHAT_MODEL, to have document answers written by the model too (slower)
 */
export function modelServerSettings(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index > 0 ? argv[index + 1] : undefined;
  };
  const url = option('model-server');
  if (!url) return {};
  const passed = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && /^(EMBEDDING_|RERANK_|CHAT_STRUCTURED_OUTPUT$|ANSWER_BUDGET_MS$|CHAT_TIMEOUT_MS$)/.test(entry[0])),
  );
  const chatModel = option('chat-model');
  return {
    ...passed,
    OPENAI_BASE_URL: url,
    // without a chat model the key would also switch on generation; a bench of retrieval runs without it
    ...(chatModel ? { OPENAI_API_KEY: env.OPENAI_API_KEY ?? 'none', CHAT_MODEL: chatModel } : { EMBEDDING_BASE_URL: env.EMBEDDING_BASE_URL ?? url, EMBEDDING_API_KEY: env.EMBEDDING_API_KEY ?? env.OPENAI_API_KEY ?? 'none' }),
    EMBEDDING_PROVIDER: 'openai',
    EMBEDDING_MODEL: option('embedding-model') ?? env.EMBEDDING_MODEL ?? 'text-embedding-3-small',
  };
}

/** One line saying which model path a benchmark runs. */
export function modelServerLabel(settings: Record<string, string>): string {
  if (!settings.EMBEDDING_PROVIDER) return 'offline (local embedding, no model server)';
  const chat = settings.CHAT_MODEL ? `, chat "${settings.CHAT_MODEL}"` : '';
  const rerank = settings.RERANK_URL ? `, re-ranker ${settings.RERANK_URL}` : '';
  return `model server ${settings.EMBEDDING_BASE_URL ?? settings.OPENAI_BASE_URL}: embeddings "${settings.EMBEDDING_MODEL}"${chat}${rerank}`;
}
