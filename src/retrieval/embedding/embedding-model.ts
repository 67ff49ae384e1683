/** Turns texts into vectors; which implementation is used is decided once, at start-up, from the settings. */
export interface EmbeddingModel {
  /** stable id of the vector space, e.g. "local:hash-v1:512" or "openai:text-embedding-3-small:1536"; vectors of two ids are never mixed */
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

export const EMBEDDING_MODEL = Symbol('EMBEDDING_MODEL');
