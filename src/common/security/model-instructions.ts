/**
 * Phrases that only make sense as instructions to a language model: in a knowledge file or a model's reply they are
 * a prompt injection (a pasted supplier text, a tampered page, an obeyed customer), never shop knowledge. Role
 * labels such as "System:" alone are not enough — product specs use them ("System: Android 14") — so each pattern
 * needs an instruction to the model.
 */
const INSTRUCTION_PATTERNS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|preceding|system)\s+(?:instructions?|prompts?|rules|directions)\b/i,
  /\b(?:reveal|print|show|repeat|output|leak|tell\s+me)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+|hidden\s+|initial\s+)?(?:prompt|instructions)\b/i,
  /\byou\s+are\s+now\s+(?:in\s+)?(?:a\s+|an\s+)?(?:developer|jailbreak|unrestricted|unfiltered|DAN)\b/i,
  /\b(?:developer|jailbreak|god)\s+mode\s+(?:enabled|activated|on)\b/i,
  /(?:忽略|无视|忘记|忘掉)(?:掉)?(?:你)?(?:之前|以上|上面|前面|上述|先前|所有|全部)(?:的)?(?:所有|全部)?(?:指令|指示|提示|规则|设定)/,
  /(?:输出|显示|告诉我|透露|泄露|重复)(?:你的|你)?(?:系统)?(?:提示词|系统提示|初始指令)/,
  /你现在(?:是|处于|进入)(?:一个)?(?:开发者模式|越狱模式|没有任何限制)/,
];

/** The phrase that reads as an instruction to a model, if the text holds one. */
export function findModelInstruction(text: string): string | undefined {
  for (const pattern of INSTRUCTION_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return undefined;
}

/** Whether a model's reply quotes its own instructions: any run of `minChars` characters of the prompt, spaces aside. */
export function echoesPrompt(reply: string, prompt: string, minChars = 40): boolean {
  const squeeze = (text: string) => text.replace(/\s+/g, ' ').toLowerCase();
  const haystack = squeeze(reply);
  const needle = squeeze(prompt);
  for (let start = 0; start + minChars <= needle.length; start += Math.floor(minChars / 2)) {
    if (haystack.includes(needle.slice(start, start + minChars))) return true;
  }
  return false;
}
