import { splitSentences } from '../text/sentences';

/** Consecutive sentences up to this many characters make one example: about one fact, as a question asks about one. */
export const PASSAGE_WINDOW_CHARS = 80;

export interface PassageSource {
  title: string;
  headingPath: string[];
  text: string;
}

/**
 * A document passage as classifier examples: its sentences packed into short windows, each led by the document's
 * title and the passage's own heading. A question about a document names one fact in it (an error code, an
 * interval, a fee); the whole chunk as one example would bury that fact among the others. Measured with
 * npm run bench:quality (README "Benchmarks").
 */
export function passageExamples(passage: PassageSource, windowChars = PASSAGE_WINDOW_CHARS): string[] {
  const heading = passage.headingPath.at(-1);
  const lead = heading && heading !== passage.title ? `${passage.title} ${heading}`.trim() : passage.title.trim();
  const windows: string[] = [];
  let window = '';
  for (const sentence of splitSentences(passage.text)) {
    if (window && window.length + sentence.length > windowChars) {
      windows.push(window);
      window = '';
    }
    window = window ? `${window} ${sentence}` : sentence;
  }
  if (window) windows.push(window);
  return windows.map((text) => (lead ? `${lead} ${text}` : text));
}
