import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../common/project-root';
import { hasCjk } from '../text';
import { ComplaintExample, ComplaintModel } from './complaint-model';

/** The project's own labelled chat messages (written for kefu, see labelled/README.md); read from the source tree, also by the compiled build. */
export const LABELLED_DIR = path.join(projectRoot(), 'src', 'escalation', 'mood', 'labelled');

export type MessageLabel = 'complaint' | 'human' | 'none';

export interface LabelledMessage {
  text: string;
  label: MessageLabel;
  lang?: 'zh' | 'en';
  subset?: string;
  batch?: number;
}

export function readLabelledFile(file: string): LabelledMessage[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      try {
        return JSON.parse(line) as LabelledMessage;
      } catch (error) {
        throw new Error(`${file}:${i + 1}: invalid JSON (${(error as Error).message})`);
      }
    });
}

/** Every labelled message of the folder, file by file in name order. */
export function readLabelledMessages(dir = LABELLED_DIR): LabelledMessage[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readLabelledFile(path.join(dir, name)));
}

/**
 * The Chinese messages, which the model reads (see detectMood). Requests for a person are left out: many are said
 * angrily and labelled `human` only because that rule takes priority, so they would teach that anger is no complaint.
 */
export function complaintExamples(messages: readonly LabelledMessage[]): ComplaintExample[] {
  return messages.filter((message) => message.label !== 'human' && hasCjk(message.text)).map((message) => ({ text: message.text, complaint: message.label === 'complaint' }));
}

let shared: ComplaintModel | undefined;

/** The model trained on every labelled message, once per process (a few hundred milliseconds, on first use). */
export function sharedComplaintModel(): ComplaintModel {
  shared ??= ComplaintModel.train(complaintExamples(readLabelledMessages()));
  return shared;
}
