/** Ends of sentences: Chinese and Latin terminal punctuation (with closing quotes kept), a period before a space, a line break. */
const SENTENCE_END = /(?<=[。！？!?；;][”」』）)]?)(?![。！？!?；;”」』）)])|(?<=\.)\s+|\n+/;

export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).map((sentence) => sentence.trim()).filter(Boolean);
}
