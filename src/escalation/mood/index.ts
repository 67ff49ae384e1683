/** Complaint and anger detection: cue rules plus a model learned from the project's labelled messages. */
export { detectMood, moodFromScore, ANGRY_AT, FRUSTRATED_AT } from './mood';
export type { Mood, MoodOptions, MoodResult } from './mood';
export { ANGRY_EMOJI } from './cue-context';
