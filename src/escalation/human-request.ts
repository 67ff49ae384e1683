/**
 * Detects a customer asking for a person (转人工, "talk to a human", "agent please"…).
 *
 * Each pattern has a score; the message's score is the best pattern that is not negated
 * ("不用转人工", "I don't want to talk to an agent"). `requested` = score ≥ 0.5.
 *
 * Deliberate choices:
 *  - English "customer service / customer support" on its own names a department: "how do I contact
 *    customer service?", "what hours is customer service open?" ask for contact details, which the
 *    FAQ answers, so they score 0.4 (below the bar). A *person* in that department
 *    ("a customer service rep", "support staff", "an agent") is a request for a human.
 *  - Chinese 客服 in a shop chat means the staff (the bot is 机器人 / 智能客服), so "找客服",
 *    "联系在线客服", "客服呢？" are requests; "客服电话多少", "客服几点上班" are not.
 *  - "human" / "real" / "人工" / "真人" as modifiers are not requests: "human body sensor",
 *    "is this a real product?", "人工智能", "人工费", "真人实拍图".
 *  - Saying one does not want the bot ("not a bot", "不想跟机器人说话") counts (0.65).
 */
import { normalizeForMatching, round2 } from './text';

export interface HumanRequestResult {
  requested: boolean;
  /** 0..1 */
  score: number;
  /** the matched wording, when a pattern fired */
  cue?: string;
}

export interface HumanRequestOptions {
  /** Extra phrases (kefu.yaml) that count as a request for a person. */
  extraHumanPhrases?: string[];
}

export const HUMAN_REQUEST_THRESHOLD = 0.5;

interface Pattern {
  weight: number;
  re: RegExp;
  /** false: the negation check is skipped (the pattern is itself a refusal of the bot). */
  negatable?: boolean;
}

/* ---- English building blocks ---------------------------------------------------------------- */
const DET = String.raw`(?:(?:a|an|the|some|your|ur|one of (?:your|ur|the)|any|another|to)\s+)?`;
const MOD = String.raw`(?:(?:real|actual|live|human|proper|physical|bloody|damn|goddamn|fucking|freaking|competent|different|english[- ]speaking|chinese[- ]speaking|customer|consumer|support|service|care|sales|technical|tech|senior)\s+){0,3}`;
/** People whose job is to help — enough on their own ("I need an agent"). */
const ROLE = String.raw`(?:humans?|human beings?|agents?|representatives?|reps?|operators?|staff(?: members?)?|team members?|employees?|advisors?|advisers?|supervisors?|managers?|bosse?s?|specialists?|officers?|assistants?)`;
/** Anybody — a request only after a talk-verb or with real/actual/live. */
const ANYONE = String.raw`(?:persons?|people|someone|somebody|anyone|anybody)`;
const NOUN = `(?:${ROLE}|${ANYONE})`;

/** words that may follow "human" when it is a noun (else "human body sensor", "human hair") */
const HUMAN_FOLLOWERS = new Set([
  'agent', 'agents', 'being', 'beings', 'please', 'pls', 'plz', 'rep', 'representative', 'operator', 'support',
  'staff', 'assistance', 'help', 'here', 'there', 'to', 'i', 'who', 'that', 'on', 'in', 'available', 'now',
  'asap', 'right', 'instead', 'not', 'and', 'or', 'about', 'for', 'with', 'at', 'working', 'today', 'please.',
  'customer', 'person', 'thanks', 'thank', 'immediately', 'already', 'because', 'this', 'so', 'if', 'one',
]);
/** words after agent/staff/operator that make it a compound ("agent fee", "staff discount") */
const ROLE_COMPOUND = /^(?:fee|fees|commission|code|id|number|program|app|software|mode|discount|price|login|portal|pick|picks|only|room|list|manual)$/;

const EN_PATTERNS: Pattern[] = [
  // talk / speak / chat with a person
  { weight: 0.9, re: new RegExp(String.raw`\b(?:talk|speak|chat|converse|communicate|reach|contact|call|phone|get hold of|get in touch with|get through to)\w*\s+(?:(?:to|with)\s+)?(?:me\s+)?${DET}${MOD}${NOUN}\b`) },
  // connect / transfer me to a person
  { weight: 0.9, re: new RegExp(String.raw`\b(?:connect|transfer|put|forward|pass|switch|hand|route|escalate|redirect|patch)\w*\s+(?:(?:me|us|this|it|my \w+|the (?:chat|call|case))\s+)?(?:(?:over|through|back|in touch)\s+)?(?:to|with)\s+(?:me\s+)?${DET}${MOD}${NOUN}\b`) },
  // get me / I need / I want an agent, a real person
  { weight: 0.85, re: new RegExp(String.raw`\b(?:get|need|want|request|require|give|bring|find|prefer|assign|send)\w*\s+(?:me\s+)?${DET}(?:${MOD}${ROLE}|(?:real|actual|live|human)\s+${ANYONE})\b`) },
  // the whole message is the request: "agent", "real person please", "live agent!"
  { weight: 0.9, re: new RegExp(String.raw`^(?:(?:hi|hello|hey|excuse me|please|pls|plz|ok|okay|um+|uh+)[\s,.!]*)*${DET}${MOD}(?:${ROLE}|real person|live person|actual person|person|someone|somebody)(?:[\s,.!]*(?:please|pls|plz|now|asap|thanks|thank you|needed|required)?)*[\s.!?]*$`) },
  // "person, please", "human pls"
  { weight: 0.85, re: new RegExp(String.raw`\b(?:${ROLE}|person|real person|someone)\s*,?\s*(?:please|pls|plz)\b`) },
  // is there a real person / are there any humans
  { weight: 0.85, re: new RegExp(String.raw`\b(?:is there|are there|do you have|have you got|any)\s+(?:(?:a|an|any)\s+)?(?:(?:real|actual|live)\s+)?(?:humans?|persons?|people|agents?|operators?|representatives?|staff|anyone|anybody|someone|somebody)\b(?:\s+(?:i can|i could|to|who|available|there|working|on|here|online|around|at|that))`) },
  { weight: 0.85, re: /\b(?:is there|are there)\s+(?:(?:a|an|any)\s+)?(?:real|actual|live)\s+(?:humans?|persons?|people|agents?)\b/ },
  // help from a human agent; get a person on the chat
  { weight: 0.8, re: new RegExp(String.raw`\b(?:help|assistance|support)\s+from\s+${DET}${MOD}(?:${ROLE}|(?:real|actual|live)\s+${ANYONE})\b`) },
  { weight: 0.85, re: /\b(?:get|put|bring|have)\s+(?:a|an|some)\s+(?:real\s+|actual\s+|live\s+)?(?:person|human|someone|somebody|agent|rep)\s+(?:on|in|into|to)\s+(?:the|this)\s+(?:chat|line|call|phone|conversation)\b/ },
  // get me someone who can help; I need a person to look at this
  { weight: 0.8, re: /\b(?:get|find|need|want|send)\s+(?:me\s+)?(?:someone|somebody|a person|a human|a real person|an actual person)\s+(?:who|that)\s+(?:can|could|knows|will|is able)\b/ },
  { weight: 0.8, re: /\b(?:need|want|get)\s+(?:me\s+)?(?:a|some)\s+(?:real\s+|actual\s+)?(?:person|human|someone|somebody)\s+to\s+(?:look|check|help|handle|review|talk|deal|sort|call|fix|explain)\b/ },
  // someone real
  { weight: 0.8, re: /\b(?:someone|somebody|a person|a human) real\b|\breal (?:someone|somebody)\b|\bactual human\b|\breal human\b/ },
  // can someone from your team take over / can a staff member help
  { weight: 0.75, re: new RegExp(String.raw`\b(?:can|could|would|will|may)\s+(?:(?:a|an|some|one of your|any)\s+)?(?:(?:real|actual|live|human)\s+)?(?:someone|somebody|anyone|anybody|staff(?: member)?|team member|agent|human|person|rep|representative|employee|operator)\s+(?:(?:from|on|at) (?:your|the|ur) (?:team|company|store|shop|side|support|end)\s+|there\s+|here\s+)?(?:please\s+)?(?:help|assist|take over|look|handle|check|contact|call|reach|get back|deal|sort|fix)\b`) },
  // callbacks
  { weight: 0.85, re: /\b(?:is|are)\s+(?:(?:a|an|any|the)\s+)?(?:(?:real|live|human|actual)\s+)?(?:agents?|persons?|humans?|representatives?|operators?|someone|somebody|anyone|anybody|staff)\s+(?:available|around|online|free|on duty)\b/ },
  { weight: 0.8, re: /\b(?:a|an)\s+(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|representative)\s+would\s+be\s+(?:nice|great|good|better|helpful|appreciated|lovely)\b/ },
  { weight: 0.75, re: /\b(?:someone|somebody|an agent|a person|a human|staff|your team|a rep|customer service)\b.{0,20}\b(?:call|phone|ring|email|contact|message|text|reach|get back to) me\b|\b(?:request|want|need|like|arrange|schedule|book)\w* (?:a )?call ?back\b|\b(?:please|pls|can you|could you) call me\b/ },
  // refusing the bot
  { weight: 0.65, negatable: false, re: /(?<!i'm |i am )\b(?:not|no|stop|hate|don'?t want|do not want|don'?t wanna|tired of|sick of|done with|enough of|instead of)\s+(?:to\s+)?(?:talk(?:ing)? to |chat(?:ting)? with |speak(?:ing)? (?:to|with) |with )?(?:a |an |the |this |your |some )?(?:stupid |damn |bloody |useless )?(?:bot|robot|chatbot|machine|automated (?:reply|replies|answers?|system)|auto[- ]?reply|ai)\b/ },
  // weak: department, "are you a bot?", "anyone there?"
  { weight: 0.4, re: /\b(?:talk|speak|chat|contact|reach|call|get in touch)\w*\s+(?:(?:to|with)\s+)?(?:the |your )?(?:customer (?:service|support|care|assistance)|support|help ?desk|service desk|your team)\b/ },
  { weight: 0.35, re: /\bare you (?:a )?(?:bot|robot|human|real|machine|ai)\b|\bis (?:any|some)(?:one|body) (?:there|here)\b|\banyone (?:there|here)\b/ },
];

/* ---- Chinese -------------------------------------------------------------------------------- */
/** what may NOT follow 人工/真人 in a request (人工智能, 人工费, 真人实拍…) */
const ZH_NOT_AFTER = '(?!智能|智障|费|成本|合成|降雨|湖|养殖|草|心脏|晶体|耳蜗|材料|皮革|繁殖|授粉|呼吸|关节|骨|牙|实拍|试穿|秀|版|图|模特|讲解|视频|照|演示|尺寸|测评|拍|配音|发)';
const ZH_PATTERNS: Pattern[] = [
  { weight: 0.9, re: new RegExp(`(?:转|转接|接|找|要|叫|呼叫|需要|联系|切换|换|请|安排|接通|申请|给我|来个|来一个|有没有|有无|是否有|有)(?:一下|个|一个|下|到|给|成|位)?(?:在线的?)?(?:人工|活人)${ZH_NOT_AFTER}`) },
  // 真人 is also "real-person" as a modifier (真人实拍, 真人使用视频): only a request when nothing nominal follows
  { weight: 0.9, re: /(?:转|转接|接|找|要|叫|呼叫|需要|联系|切换|换|请|安排|接通|申请|给我|来个|来一个|有没有|有无|是否有|有|是)(?:一下|个|一个|下|到|给|成|位)?(?:在线的?)?真人(?=客服|在|吗|啊|呀|呢|吧|来|回答|回复|说话|聊|处理|帮|[，。,.!?！？~\s]|$)/ },
  { weight: 0.8, re: /(?:跟|和|与|找)(?:真|活)?人(?:说话|聊|沟通|对话|交流|谈)/ },
  { weight: 0.9, re: /(?:人工|真人)(?:客服|服务(?!费)|坐席|服务台|在吗|在不在|呢|介入|处理|帮|回复|回答|来|说话|沟通|聊|对接|跟进)/ },
  { weight: 0.9, re: /^(?:请|麻烦|我要|我想要|给我)?(?:转)?(?:人工|真人|人工客服)(?:[!.。~？?，,\s]|啊|呀|吧|呢|谢谢|人工)*$/ },
  { weight: 0.85, re: /^(?:客服|人工|真人)(?:[\s,，!！.。~]*(?:客服|人工|真人))+[!！?？.。~\s]*$/ },
  { weight: 0.85, re: /(?:跟|和|与|让|请)(?:人工|真人)(?!智能|费|成本)/ },
  { weight: 0.85, re: /(?:经理|主管|负责人|店长|老板|领导)(?:在吗|在不在|呢|出来|来一下)/ },
  { weight: 0.8, re: /(?:让|请|叫|麻烦)(?:你们的?)?(?:售后|客服|工作人员|人工|同事|专员|经理|技术)[^，。,.!?！？]{0,4}(?:联系|打电话|打个电话|回电|回个电话|回电话|回复)(?:我|一下)?/ },
  { weight: 0.8, re: /(?:找|叫|要|联系|接|转|换|请|安排|让|呼叫|接通|转接|跟|和|与)(?:一下|个|一个|下|你们|你们的|在线|售后|的|真人)*客服(?!电话|热线|工作时间|时间|几点|邮箱|微信号|号码|地址|上班|的电话)/ },
  { weight: 0.8, re: /客服(?:在吗|在不在|呢|出来|人呢|小姐姐|妹妹|mm|人员|大大|快来|来一下|回一下)/ },
  { weight: 0.85, re: /(?:叫|找|让|要|请|喊)(?:你们|一下|的|售后|客服|店里)*(?:经理|主管|负责人|领导|店长|老板|上级|管事的|值班经理|客服主管)/ },
  { weight: 0.75, re: /(?:找|叫|换|安排|让|跟|和|与|派|转给|转到|交给)(?:一下|个|一个|位|你们)?[^，。,.!?！？]{0,8}?(?:同事|工作人员|专员|专人|懂行的人|专业的人|专业人士|[\u4e00-\u9fff]{0,4}人员)/ },
  { weight: 0.75, re: /(?:接|换|找|来|叫)(?:个|一个|位)(?:真|活)?人(?:来|出来|吧|啊|呀|处理|回答|$|[，。,.!?！？])/ },
  { weight: 0.65, negatable: false, re: /(?:不想|不要|不跟|不和|别|不用|受不了|不需要)(?:再)?(?:跟|和|让)?(?:机器人|机器|自动回复|智能客服|ai|人工智障)/ },
  { weight: 0.35, re: /你是(?:不是)?(?:真人|机器人|人工)|有人吗|人呢/ },
];

// 不用转人工, 不需要人工 (the match may start at 需要, so a bare 不 right before it counts; 受不了 does not)
/** The patterns with the global flag (for matchAll), compiled once. */
const global = (patterns: Pattern[]): Pattern[] =>
  patterns.map((p) => ({ ...p, re: new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : `${p.re.flags}g`) }));
const COMPILED: ReadonlyArray<readonly [Pattern[], boolean]> = [
  [global(ZH_PATTERNS), true],
  [global(EN_PATTERNS), false],
];

const ZH_NEGATION = /(?:(?:不用|不需要|无需|不要|别|不必|不想|没必要)(?:再)?[^，。,.!?！？]{0,2}|(?<![受忍免])不)$/;
const EN_NEGATION = /(?:\b(?:don'?t|do not|doesn'?t|does not|never|no|won'?t)\s+(?:really\s+)?(?:want|need|wanna|have to|require)\b|\bno need\b|\bwithout\b|\bnot necessary\b|\bdon'?t (?:transfer|connect|put)\b)[^,.!?]*$/;

function negated(text: string, index: number, cjk: boolean): boolean {
  const before = text.slice(Math.max(0, index - 40), index);
  const clause = before.split(/[，。,.!?;；！？]/).pop() ?? '';
  return cjk ? ZH_NEGATION.test(clause) : EN_NEGATION.test(clause);
}

/** Reject "human body sensor", "agent fee": a role word used as a modifier. */
function usedAsModifier(text: string, matchEnd: number, matched: string): boolean {
  const last = matched.trim().split(/\s+/).pop() ?? '';
  const next = text.slice(matchEnd).match(/^\s*([a-z']+)/)?.[1];
  if (!next) return false;
  if (last === 'human' || last === 'humans') return !HUMAN_FOLLOWERS.has(next);
  if (/^(?:agents?|staff|operators?|reps?)$/.test(last)) return ROLE_COMPOUND.test(next);
  return false;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function detectHumanRequest(text: string, options: HumanRequestOptions = {}): HumanRequestResult {
  const normalized = normalizeForMatching(text ?? '');
  if (!normalized) return { requested: false, score: 0 };

  let best: { score: number; cue?: string } = { score: 0 };
  const consider = (score: number, cue: string): void => {
    if (score > best.score) best = { score, cue };
  };

  for (const phrase of options.extraHumanPhrases ?? []) {
    const p = normalizeForMatching(phrase);
    if (!p) continue;
    const re = new RegExp(/^[a-z0-9]/.test(p) ? `\\b${escapeRegExp(p)}\\b` : escapeRegExp(p));
    const m = re.exec(normalized);
    if (m && !negated(normalized, m.index, !/^[a-z0-9]/.test(p))) consider(0.9, m[0]);
  }

  for (const [patterns, cjk] of COMPILED) {
    for (const pattern of patterns) {
      for (const m of normalized.matchAll(pattern.re)) {
        const index = m.index ?? 0;
        if (!cjk && usedAsModifier(normalized, index + m[0].length, m[0])) continue;
        if (pattern.negatable !== false && negated(normalized, index, cjk)) continue;
        consider(pattern.weight, m[0].trim());
        break;
      }
    }
  }

  const score = round2(best.score);
  return { requested: score >= HUMAN_REQUEST_THRESHOLD, score, ...(best.cue ? { cue: best.cue } : {}) };
}
