/**
 * Complaint / anger detector for Chinese and English chat messages.
 *
 * Not a keyword list but a small scoring model:
 *   - every cue has a kind and a weight in 0..1 (roughly "how sure are we this alone is a complaint");
 *   - weights combine as a noisy-OR: score = 1 − Π(1 − wᵢ), so two weak cues add up and no sum exceeds 1;
 *   - a cue preceded by a negation in the same clause ("不是投诉", "not a complaint", "no complaints")
 *     is dropped, when the cue is marked negatable;
 *   - in a plain question (the cue's own sentence is a question, and the message has no intensity
 *     such as "???" or shouting) the soft cues — impatience and mild negativity — count half, so
 *     "我的快递还没到，在哪里？" or "why is my order still processing?" stays calm;
 *   - an explicit wish to complain ("how do I file a complaint?", "我要投诉", "投诉渠道在哪") is a
 *     strong cue and is NOT dampened by question form: the product treats a request for the
 *     complaint process as a complaint, so a person takes it (matches Bitext's `complaint` intent);
 *   - reports of phishing ("骗子短信冒充你们客服…", "a fake text pretending to be you") weaken the
 *     scam/fraud cues, because the customer is warning us, not accusing us;
 *   - hypotheticals drop a negatable cue like a negation does ("如果不满意可以退吗", "if I'm not happy
 *     with it…"); hedges halve it ("有点失望", "a bit disappointed");
 *   - the word complaint / 投诉 next to a suggestion ("投诉建议邮箱…我想提个建议") counts 40%;
 *   - shouting or swearing alone ("HELLO???", "wtf") is capped at 0.4: frustrated, not a complaint.
 *
 * mood: angry when score ≥ 0.75, frustrated when ≥ 0.3, else calm.
 */
import { hasCjk, isQuestion, normalizeForMatching, round2 } from './text';

export type Mood = 'calm' | 'frustrated' | 'angry';

export interface MoodResult {
  mood: Mood;
  /** 0..1; the policy escalates as a complaint at `complaintThreshold` (default 0.45). */
  complaintScore: number;
  /** `kind:matched text` for each cue that counted, e.g. `complaint:投诉`, `intensity:!!!`. */
  cues: string[];
}

export interface MoodOptions {
  /** Phrases content staff add in kefu.yaml; each counts as a strong, negatable complaint cue. */
  extraComplaintPhrases?: string[];
}

export type CueKind = 'complaint' | 'insult' | 'threat' | 'frustration' | 'intensity' | 'swear' | 'sarcasm' | 'custom';

interface Cue {
  kind: CueKind;
  weight: number;
  re: RegExp;
  /** Halved in a plain question. */
  soft?: boolean;
  /** Dropped when a negation precedes it in the same clause. */
  negatable?: boolean;
  /** Weakened when the message reports phishing / impersonation. */
  scam?: boolean;
  /** Cues sharing a group count once (the strongest). */
  group?: string;
}

export const ANGRY_AT = 0.75;
export const FRUSTRATED_AT = 0.3;
const QUESTION_DAMPING = 0.5;
const PHISHING_DAMPING = 0.25;
const HEDGE_DAMPING = 0.5;
const SUGGESTION_DAMPING = 0.4;
/** Score ceiling when every cue is intensity or swearing ("HELLO???", "wtf"): frustrated, below the bar. */
const INTENSITY_ONLY_CAP = 0.4;

const ZH_NUM = '[0-9一二两三四五六七八九十几半多好]+';
const ZH_UNIT = '(?:个)?(?:天|日|周|星期|礼拜|月|小时|钟头|工作日)';

function c(kind: CueKind, weight: number, re: RegExp, opts: Omit<Cue, 'kind' | 'weight' | 're'> = {}): Cue {
  return { kind, weight, re: new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'), ...opts };
}

/* ----------------------------------------------------------------------------------------------
 * Chinese cues
 * -------------------------------------------------------------------------------------------- */
const ZH_CUES: Cue[] = [
  // wish to complain, accusations, authorities
  c('complaint', 0.85, /投诉/, { negatable: true }),
  c('complaint', 0.8, /差评/, { negatable: true }),
  c('complaint', 0.85, /骗子|骗人|骗钱|骗局|欺骗|诈骗|欺诈|忽悠人|坑人|坑钱|坑爹|黑店|奸商|黑心/, { negatable: true, scam: true }),
  c('threat', 0.9, /(?<!\d)12315(?!\d)|消协|消费者协会|工商局|工商部门|市场监管|监管局|质监局|(?<![\d.])3\.?15(?:晚会|热线|平台|投诉)|打(?:了)?(?:个)?(?<!\d)315(?!\d)/),
  c('threat', 0.8, /曝光|找媒体|找记者|(?:发|挂|晒|写)(?:到|在)?[^，。,.!?]{0,3}(?:微博|小红书|抖音|朋友圈|网上|黑猫)|(?:在|到|上)?(?:网上|微博|小红书|抖音|朋友圈)[^，。,.!?]{0,8}(?:发出来|公开|曝|挂出来|晒出来)/),
  c('threat', 0.6, /看着办|走着瞧|等着瞧|后果自负/),
  c('insult', 0.7, /(?:迟早|早晚|赶紧)倒闭|怎么不去抢|抢钱啊|抢劫/),
  c('complaint', 0.85, /退一赔[三十]|假一赔[三十]/),
  c('threat', 0.8, /举报/, { negatable: true, scam: true }),
  c('threat', 0.85, /起诉|告你们|法院|律师|打官司|法律途径|仲裁/, { negatable: true }),
  c('complaint', 0.8, /维权/),
  c('complaint', 0.8, /虚假宣传|虚假广告|货不对板|挂羊头卖狗肉|以次充好|霸王条款/),
  c('complaint', 0.55, /(?:与|和|跟)?描述(?:完全)?不符|完全不符|假货/, { soft: true }),
  c('insult', 0.85, /不要脸|无耻|缺德|没良心/),
  c('complaint', 0.6, /恶心/),
  c('complaint', 0.75, /(?:给|要|讨)(?:我)?(?:个|一个)?说法|给(?:我)?(?:个|一个)?交代/),
  c('complaint', 0.45, /赔偿|赔钱/, { soft: true }),
  c('complaint', 0.6, /不满意|不满(?!足)|很不爽|不爽/, { negatable: true, soft: true }),
  c('complaint', 0.6, /失望|寒心|心寒/, { negatable: true }),
  c('frustration', 0.75, /受够|受不了|忍无可忍|忍不了|耐心.{0,4}(?:耗|磨|没|有限)/),
  c('frustration', 0.4, /磨磨唧唧|磨叽|慢吞吞|拖拖拉拉|拖拉/),
  c('complaint', 0.55, /烦死|烦人|真烦|很烦|好烦|烦躁|闹心|糟心|心累|窝火|憋屈|火冒三丈|郁闷死/, { negatable: true }),
  c('complaint', 0.6, /后悔|上当|被骗|被坑|亏大了/, { negatable: true }),
  c('complaint', 0.7, /骗鬼|鬼才信|谁信啊|糊弄/),
  c('threat', 0.8, /报警(?!灯|器|声|音|提示|信息|码|功能|装置|了怎么|是什么)|警察|公安/, { negatable: true, scam: true }),
  c('threat', 0.45, /(?:保存|留|留存|截图|录音|录屏|收集)(?:了|好)?(?:证据|截图|录音)|证据/),
  c('complaint', 0.6, /良心(?:不会痛|被狗吃|何在|呢|过得去)|丧良心|昧良心/),
  c('complaint', 0.7, /(?:还)?(?:想不想|要不要|做不做)(?:做)?生意|不想做(?:生意)?就|别做生意|关门(?:算了|吧)/),
  c('sarcasm', 0.5, /这就是(?:你们的?)?(?:大品牌|大公司|服务|售后|态度|质量|效率|旗舰店)|用脚(?:走|做|送|想)|笑死|真行啊|厉害了/),
  c('complaint', 0.55, /跟没(?:回|说|答)一样|等于没(?:说|回|答)|说了等于没说|废话|车轱辘/),
  c('frustration', 0.55, /(?:别|不要|少)(?:跟我|给我)?(?:说|讲)?(?:抱歉|对不起|sorry|不好意思|道歉)|光(?:道歉|说抱歉)|我要的是(?:解决|结果|处理|退款)/),
  c('frustration', 0.5, /(?:别|不要)再?(?:让我|叫我)(?:等|催)|还要等多久|要等到什么时候/),
  c('frustration', 0.45, /打不通|联系不上|找不到人|没人管/),
  c('frustration', 0.35, /我(?:该)?找谁|找谁(?:去)?(?:说理|解决|负责)/),
  c('complaint', 0.45, /你们[^，。,.!?？!；;]{0,8}(?:不管|不理|不回|不处理|不负责|不认账|不承认|耍赖|赖账|乱发|乱扣|乱收|多扣|怎么(?:发|做|搞|办事)的)/),
  c('complaint', 0.5, /(?:给|要)(?:我)?(?:一个)?(?:合理的?)?解释/),
  c('complaint', 0.5, /连(?:个|一个|句|一句|声)?(?:道歉|解释|说法|回复|电话|消息|通知|人影|对不起)都?(?:没有|没|不给)/),
  c('complaint', 0.6, /打发(?:叫花子|要饭的|我|人)|当我(?:们)?(?:是)?(?:瞎|傻|傻子|白痴|好骗)|谁(?:还)?敢买|没(?:有)?诚意|折磨人?|造假|作假|搞臭|说话(?:怎么)?(?:这么|那么)?冲|不打算管|不管了是吧/),
  c('insult', 0.6, /老子|你大爷|特么的/),
  c('threat', 0.5, /(?:不|别)买了[，,。!！]?(?:退钱|退款)|退钱[!！]/),
  c('frustration', 0.4, /(?:必须|马上|立刻|今天)(?:给我)?(?:答复|回复|解决|处理|说法)/),
  c('frustration', 0.45, /无语|醉了|服了/),
  c('complaint', 0.7, /气死|气炸|火大|生气|愤怒|恼火|崩溃|抓狂/, { negatable: true }),
  c('complaint', 0.6, /摆设|形同虚设|(?:你们|客服|售后)[^，。,.!?]{0,6}(?:在干嘛|干嘛用的|有什么用|有啥用)/),
  c('frustration', 0.35, /说好的|答应(?:我|过)?的|承诺的/, { soft: true }),
  c('frustration', 0.35, /刚(?:收到|买|到手|用|拆开?)(?:没几天|两天|一天|就)?就?(?:坏|不能用|没法用|用不了|出问题|坏掉)/),
  c('complaint', 0.55, /离谱|太过分|过分了|太扯了|搞什么|什么鬼|搞笑吧|真搞笑|开什么玩笑|开玩笑吧|[\u4e00-\u9fff]了个寂寞/),
  c('complaint', 0.6, /要疯了|疯掉了|快疯了|(?:能不能|可不可以|就不能)(?:靠谱|专业|负责|认真)(?:一点|点)/),
  c('complaint', 0.7, /这就是你们(?:对待|的态度)|就这么对待|这么对待(?:老)?(?:客户|顾客|消费者)/),
  c('complaint', 0.55, /(?:太|很|极|真|超|巨|贼|特别|非常|这么|那么|如此|最)(?:差|烂|坑|糟糕|差劲)|差劲|糟糕透|烂透/, { negatable: true }),
  c('complaint', 0.75, /(?:专门|故意|就是)?坑(?:了)?(?:我|人|钱|爹|老人|老年人|消费者|顾客|客户)/),
  c('complaint', 0.6, /(?:质量|服务|态度|售后|体验|品控|做工)(?:也)?(?:太|很|真|极|好|非常|特别)?(?:差|烂|恶劣|差劲|垃圾)/, { negatable: true }),
  c('complaint', 0.7, /恶劣/),
  c('complaint', 0.6, /(?:打|给)(?:你们)?(?:个|一个)?[一1零0]星|一星差评|负分/),
  c('threat', 0.75, /再也不(?:会)?(?:买|来|光顾|推荐|用)|以后(?:再)?不(?:会)?(?:再)?(?:买|来)了?|最后一次(?:买|在你们)|取关|卸载你们/),
  c('complaint', 0.5, /拉黑/),
  c('complaint', 0.7, /敷衍/),
  c('complaint', 0.75, /踢皮球|推卸责任|推脱|推诿|扯皮|甩锅/),
  c('complaint', 0.55, /答非所问|听不懂人话|复读机|车轱辘话/),
  c('sarcasm', 0.3, /模板回复|自动回复|机器人回复/, { soft: true }),
  c('complaint', 0.5, /套话|官方话术|客套话|一问三不知/),
  c('complaint', 0.75, /耍(?:人|我|我们)|玩我|当傻子|当猴耍|好欺负|欺负(?:人|我|消费者)/),
  c('complaint', 0.35, /二手|翻新|旧货|用过的/, { soft: true }),
  c('complaint', 0.6, /智商税/),
  c('insult', 0.8, /干什么吃的|吃干饭|吃屎/),
  c('complaint', 0.3, /强烈要求|必须(?:给|赔|退|处理)/),
  c('sarcasm', 0.35, /呵呵|真是好(?:服务|态度|样的)|绝了/, { soft: true }),
  // insults (guarded so the dust bin of a robot vacuum is not an insult)
  c('insult', 0.8, /(?<![倒扫吸清集])垃圾(?!盒|袋|桶|箱|仓|站|分类|清理|回收|短信|邮件|堆|处理)/),
  c('insult', 0.8, /废物|傻逼|傻b|煞笔|傻x|(?<![a-z])sb(?![a-z])|脑残|智障|弱智|白痴|蠢货|混蛋|王八|人渣|狗屁|去死|神经病|有病吧/),
  c('insult', 0.7, /破(?:机器人|机器|玩意|东西|质量|产品|服务|店|客服|手机|app|软件)|什么玩意|啥玩意/),
  c('insult', 0.6, /(?<![a-z])滚(?!筒|轮|动|刷|珠)/),
  // swearing (intensity only)
  c('swear', 0.3, /他妈|妈的|tmd|nmd|特么|卧槽|我操|我草|尼玛|cnm|nmsl|我靠/),
  // impatience and repetition (soft)
  c('frustration', 0.45, new RegExp(`${ZH_NUM}${ZH_UNIT}了?[^。!?]{0,10}?(?:还|都|仍然|仍|依然|也)?(?:没|不|未)`), { soft: true, group: 'elapsed' }),
  c('frustration', 0.25, new RegExp(`${ZH_NUM}${ZH_UNIT}了`), { soft: true, group: 'elapsed' }),
  c('frustration', 0.4, new RegExp(`(?:都|已经)(?:第)?${ZH_NUM}${ZH_UNIT}了`), { soft: true, group: 'elapsed' }),
  c('frustration', 0.4, new RegExp(`等了(?:${ZH_NUM}${ZH_UNIT}|半天|好久|很久)|等(?:了)?(?:这么久|好久|很久|半天)`), { soft: true }),
  c('frustration', 0.35, /到底|究竟/, { soft: true }),
  c('frustration', 0.3, /怎么(?:还|又|老是|总是)(?:没|不|是)/, { soft: true }),
  c('frustration', 0.25, /还是(?:没|不)|一直(?:没|不|让我等|在等|说)/, { soft: true }),
  c('frustration', 0.35, /根本(?:没|不|用不了|就是)/),
  c('frustration', 0.35, /又(?:坏|错|是|没|来|断|漏|发错|延|拖|让|要|出|卡)/, { soft: true }),
  c('frustration', 0.45, /第[二三四五六七八九十两\d]+次|(?:错|坏|换|退|寄|发|修)了?[两三四五六七八九十几好多\d]+次了?/, { soft: true }),
  c('frustration', 0.5, /多少(?:次|遍)|几(?:次|遍)了|(?:说|问|催|打|联系|反馈)了?(?:好|很)?(?:几|多|无数|N|\d+|[两三四五六七八九十]+)(?:次|遍)/, { soft: true }),
  c('frustration', 0.35, /每次都|总是|老是/, { soft: true }),
  c('frustration', 0.45, /拖了|拖(?:这么久|到现在)|一拖再拖/, { soft: true }),
  c('frustration', 0.5, /(?:没|无)人(?:管|理|回|处理|接|负责)|不(?:回复|回消息|理人|接电话)|打电话没人接/, { soft: true }),
];

/* ----------------------------------------------------------------------------------------------
 * English cues (text is lower-cased and typo-repaired first)
 * -------------------------------------------------------------------------------------------- */
const EN_CUES: Cue[] = [
  // wish to complain / formal claim
  c('complaint', 0.85, /\bcomplain(?:t|ts|ing|ed)?\b/, { negatable: true }),
  c('complaint', 0.8, /\b(?:reclamation|grievance)s?\b/, { negatable: true }),
  c('complaint', 0.85, /\bclaims? against\b|\bagainst (?:your|ur|you|the) (?:company|business|organi[sz]ation|store|shop|firm|brand|website|site)\b/),
  c('complaint', 0.85, /\b(?:consumer|customer|formal|official) (?:claim|reclamation|complaint)s?\b/),
  c('complaint', 0.6, /\b(?:file|filing|lodge|lodging|make|making|submit|submitting|raise|raising|register|put in)\s+(?:a |an |my |the )?(?:(?!warranty|insurance|guarantee|refund|return|shipping|delivery|package|parcel|lost|damage)[a-z]+ )?claim\b/),
  // accusations
  c('complaint', 0.85, /\bscam(?:s|med|mer|mers|my)?\b|\bfraud(?:ulent|sters?)?\b|\brip-? ?off\b|\bripped (?:me )?off\b/, { negatable: true, scam: true, soft: true }),
  c('complaint', 0.7, /\b(?:theft|thieves|robbery|cheat(?:ed|ing|ers?)?|liars?|lied|lying)\b|\b(?:is|was|are|were|all) (?:a |just |all )?(?:lie|lies)\b|\b(?:you|you guys|you people|they|your (?:company|store|shop)) (?:are |have )?(?:stole|stolen|stealing|robbed|robbing)\b/, { negatable: true }),
  c('complaint', 0.7, /\bfalse advertising\b|\bmisleading\b|\b(?:used|refurbished|second-?hand|opened|returned)\b.{0,30}\bas new\b/),
  // threats: authorities, legal, bank, reviews, social media, leaving
  c('threat', 0.8, /\breport(?:ing|ed)? (?:you|u|your (?:company|store|shop|business|site))\b|\breport(?:ing)? (?:this|it|them) to\b/),
  c('threat', 0.8, /\b(?:bbb|better business bureau|consumer (?:protection|council|association|agency|rights)|trading standards|ftc|ombudsman|regulators?|attorney general)\b/),
  c('threat', 0.85, /\b(?:lawyers?|attorneys?|solicitors?|sue|suing|lawsuit|legal action|small claims|take (?:you|this|it) to court)\b/, { negatable: true }),
  c('threat', 0.7, /\bchargeback\b|\bdisput\w* (?:the|this|that|my) (?:charge|transaction|payment)\b|\bcontact(?:ing)? my (?:bank|credit card)\b|\bcredit card company\b/),
  c('threat', 0.75, /\b(?:bad|negative|terrible|1|one|zero|0)[- ]?(?:star )?(?:review|rating)s?\b|\b(?:1|one|zero|0|no)[- ]stars?\b/),
  c('threat', 0.75, /\b(?:post|posting|share|sharing|put|write|writing|tweet|expose|exposing)\b.{0,45}\b(?:twitter|facebook|reddit|tiktok|instagram|youtube|social media|online|everywhere|internet|trustpilot|yelp)\b|\bexpose you\b/),
  c('threat', 0.75, /\btell (?:everyone|everybody|all my friends)\b|\bwarn (?:everyone|others|people|other (?:customers|buyers))\b/),
  c('threat', 0.7, /\bnever (?:again|buy(?:ing)?|order(?:ing)?|shop(?:ping)?|purchas\w*|recommend\w*|coming back)\b|\bnever\b.{1,25}\bagain\b|\blast time i (?:buy|order|shop)\b|\b(?:lost|losing) a customer\b|\btake my (?:business|money) elsewhere\b/),
  c('threat', 0.35, /\bor (?:else|i'll|i will|i'm going to|i am going to)\b/, { soft: true }),
  // judgments
  c('complaint', 0.8, /\bworst\b/, { negatable: true }),
  c('complaint', 0.8, /\bunacceptable\b|\bdisgrace(?:ful)?\b|\bshameful\b|\bshame on\b|\bpathetic\b|\bincompeten(?:t|ce)\b|\bunprofessional\b/, { negatable: true }),
  c('complaint', 0.7, /\bridiculous\b|\babsurd\b|\boutrageous\b|\bdisgusting\b|\bappalling\b|\batrocious\b|\babysmal\b|\bhorrendous\b/, { negatable: true }),
  c('complaint', 0.6, /\bhorrible\b|\bterrible\b|\bawful\b|\bdreadful\b|\bnightmare\b|\brude\b/, { negatable: true, soft: true }),
  c('complaint', 0.65, /\buseless\b/, { negatable: true }),
  c('complaint', 0.7, /\b(?:a|what a|such a|total|complete|absolute|big|some kind of|sick) joke\b/),
  c('complaint', 0.6, /\b(?:this|that|it|service|company|support|store|you|your \w+) (?:really |totally |just )?sucks\b(?! up| in)/),
  c('complaint', 0.6, /\b(?:not|never|isn't|wasn't|aren't) (?:at all |very |really |too )?(?:happy|satisfied|pleased|impressed)\b|\bunhappy\b|\bdissatisfied\b|\bdispleased\b/, { soft: true }),
  c('complaint', 0.55, /\bdisappoint(?:ed|ing|ment)\b|\blet (?:me )?down\b/, { negatable: true }),
  c('complaint', 0.7, /\b(?:angry|furious|livid|pissed|outraged|infuriat\w+|fuming)\b|\bmad (?:at|about)\b/, { negatable: true }),
  c('frustration', 0.5, /\bfrustrat(?:ed|ing|ion)\b|\bupset\b/, { negatable: true }),
  c('frustration', 0.65, /\bfed up\b|\bsick (?:and tired )?of\b|\btired of\b|\bhad enough\b|\benough is enough\b|\bso done\b|\bi'?m done\b|\bdone with (?:you|this|your)\b|\bbeyond frustrating\b/),
  c('complaint', 0.65, /\bwast(?:e|ed|ing)\b.{0,20}\b(?:time|money|hours|days|weeks|life)\b/),
  c('complaint', 0.65, /\b(?:shambles|shocking|disgraceful|appalled|horrified|embarrassing|inexcusable|unreal|insane|clown show|circus)\b/, { negatable: true }),
  c('complaint', 0.55, /\b(?:don'?t|doesn'?t|do not|does not|couldn'?t|could not|never) (?:even |really |seem to )?care\b|\bcouldn'?t care less\b/),
  c('frustration', 0.65, /\b(?:losing|lost|running out of|out of|test(?:ing)?) (?:my |all )?patience\b/),
  c('complaint', 0.5, /\bdo better\b|\bget (?:it|your act) together\b|\bsort (?:it|this|yourselves) out\b/),
  c('complaint', 0.4, /\bexpect (?:a |an |my |the )?(?:full )?(?:refund|apology|explanation|compensation|answer)\b|\b(?:an|owe me an?) (?:apology|explanation)\b/, { soft: true }),
  c('threat', 0.65, /\bmake sure (?:everyone|everybody|people|others|the world)\b|\bhears? about this\b/),
  c('threat', 0.6, /\b(?:go|going|went|contact\w*|call\w*|talk\w* to) (?:to )?my (?:bank|credit card (?:company|provider)|card issuer)\b/),
  c('complaint', 0.45, /\bnothing like (?:the|what|in|it|as) ?(?:picture|photo|description|advertised|shown|pictured|was)?\b|\bnot as (?:described|advertised|pictured)\b/),
  c('complaint', 0.5, /\byou(?:'ve| have| guys| people| lot)? (?:clearly |obviously |just |really |simply |still |never |keep )?(?:refuse[ds]?|ignored|lied|failed|messed up|screwed up|ruined|broke my|never (?:answer|reply|respond|listen|help))\b/),
  c('intensity', 0.45, /(?:^|[.!] )(?:fix|refund|sort|send|give|cancel|answer|reply|call)\b[^.!?]*[.!]?\s*(?:now|immediately|right now|asap|today)\s*[.!]*$/),
  c('complaint', 0.5, /\bnonsense\b|\bridiculousness\b|\bno way\b(?! to| i can| of)/),
  c('complaint', 0.7, /\b(?:is this|this is|that's|is that) how you treat\b|\bhow you treat (?:your )?(?:loyal )?customers\b/),
  c('complaint', 0.3, /\bloyal customer\b/),
  c('complaint', 0.6, /\b(?:nobody|no one|no-one|doesn'?t anyone|does anyone)\b.{0,25}\bknows? what (?:they|you)(?:'re| are) doing\b|\bhave no idea what (?:you|they)(?:'re| are) doing\b/),
  c('sarcasm', 0.85, /\bthanks? (?:you )?for (?:absolutely |literally )?nothing\b/),
  c('complaint', 0.6, /\bregret(?:s|ted|ting)? (?:ever |buying|ordering|purchasing|this|my)|\b(?:shocked|appalled|disgusted|horrified) (?:at|by|with|that|how)\b/, { negatable: true }),
  c('complaint', 0.55, /\b(?:fake|counterfeit|knock-?off|not (?:an? )?(?:original|genuine|authentic))\b/, { negatable: true, soft: true }),
  c('complaint', 0.6, /\bno (?:clue|idea) what (?:you|they)(?:'re| are) doing\b|\bhung up on me\b|\b(?:canned|copy-?paste[d]?|scripted|same) (?:response|reply|answer|message)s?\b/),
  c('complaint', 0.7, /\b(?:ashamed|shame on you)\b|\bso over (?:this|it|you)\b|\bmaking excuses\b|\bexcuses?\b(?=.*\b(?:enough|again|always|keep)\b)/),
  c('complaint', 0.5, /\b(?:caught fire|on fire|exploded|melted|burn(?:ed|t) (?:me|my)|electric shock|smoke came)\b/),
  c('complaint', 0.45, /\bwant (?:some )?answers\b|\bformal (?:investigation|inquiry|review)\b|\benough\s*[.!]+\s*$/),
  c('complaint', 0.55, /\b(?:thanks for )?ruin(?:ed|ing|s)?\b/),
  c('frustration', 0.5, /\bunbelievable\b|\bcan'?t believe\b|\bcannot believe\b|\bare you (?:kidding|serious|joking)\b|\bkidding me\b|\bseriously\s*\?/, { soft: true }),
  c('complaint', 0.4, /\bdemand\b|\bcompensat(?:e|ion)\b/, { soft: true }),
  c('insult', 0.8, /\b(?:idiots?|idiotic|stupid(?! question)|morons?|moronic|dumb(?! question)|clowns?|imbeciles?|losers?|bastards?|assholes?|scumbags?|crooks?|liars)\b/),
  c('insult', 0.45, /\byou people\b|\byou guys are\b/),
  c('insult', 0.6, /\b(?:garbage|trash|junk|rubbish|crappy)\b(?! (?:can|bin|bag|box|compartment|mail|folder))/),
  c('insult', 0.65, /\b(?:shitty|bullshit|bs)\b/),
  c('swear', 0.3, /\b(?:fuck\w*|f\*+k\w*|fck\w*|shit|damn\w*|goddamn\w*|bloody|wtf|wth|crap|freaking|frigging|hell)\b/),
  // impatience and repetition (soft)
  c('frustration', 0.4, /\bstill (?:not|no|nothing|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|isn'?t|waiting|missing|broken|no sign)\b/, { soft: true }),
  c('frustration', 0.3, /\bagain\b/, { soft: true }),
  c('frustration', 0.5, /\bfor the (?:second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|\d+th|nth|umpteenth|hundredth|millionth) time\b|\b(?:second|2nd|third|3rd|fourth|4th|fifth|5th|\d+th|nth|umpteenth) time (?:asking|i'?m asking|i ask|i'?ve asked|contacting|writing|calling|chatting|this (?:has )?happen\w*|in a row)\b/, { group: 'nth' }),
  c('frustration', 0.5, /\b(?:this is|it's|that's|it is|that is) the (?:third|3rd|fourth|4th|fifth|5th|sixth|\d+th|nth|umpteenth) time\b|\b(?:third|3rd|fourth|4th|fifth|5th|sixth|\d+th|nth|umpteenth) (?:email|message|call|request|complaint|reminder|follow-?up|chat|ticket)\b/, { group: 'nth' }),
  c('frustration', 0.3, /\bthe (?:second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|\d+th|nth|umpteenth) time\b/, { soft: true, group: 'nth' }),
  c('complaint', 0.45, /\b(?:second|2nd|third|3rd|another|yet another) (?:broken|defective|faulty|wrong|damaged|dead)\b/),
  c('frustration', 0.45, /\bdo you (?:guys |people )?even\b|\bis anyone even\b|\bdoes anyone (?:there )?even\b/),
  c('complaint', 0.45, /\bis wrong with (?:you|your|this company|this store)\b/),
  c('complaint', 0.4, /\b(?:this|whole|what a|such a|total|complete|absolute|hot) mess\b/),
  c('frustration', 0.35, /\b(?:\d+|two|three|four|five|six|several|multiple|many|countless|so many|numerous) (?:times|emails|calls|messages)\b/, { soft: true }),
  c('frustration', 0.6, /\bhow many (?:more )?times (?:do|must|should|will|have|did|am) (?:i|we) (?:have to |need to |got to |gotta )?(?:tell|ask|explain|say|call|contact|repeat|write|email|chat|wait|be)\b/),
  c('frustration', 0.3, /\bhow many (?:more )?times\b/, { soft: true }),
  c('frustration', 0.3, /\bevery (?:single )?time\b/, { soft: true }),
  c('frustration', 0.4, /\bkeeps? (?:on )?(?:saying|telling|asking|getting|sending|giving|promising|changing|ignoring)\b/, { soft: true }),
  c('frustration', 0.5, /\b(?:nobody|no one|no-one|noone)\b.{0,20}\b(?:answer\w*|repl\w+|respond\w*|help\w*|cares?|gets? back|got back|picks? up|working|calls? back|called back)\b|\bignor(?:ed|ing) (?:me|my)\b/, { soft: true }),
  c('frustration', 0.45, /\bnever (?:heard back|got (?:a|any) (?:reply|response|answer)|replied|responded|called back|showed up|arrived|came)\b|\bno (?:reply|response|answer)\b/, { soft: true }),
  c('frustration', 0.45, /\b(?:\d+|two|three|four|five|six|several|many|a|one|over a|more than a)\s+(?:days?|weeks?|months?)\b.{0,25}\b(?:still|and nothing|late|overdue|later|and counting|of waiting)\b/, { soft: true }),
  c('frustration', 0.4, /\bwait(?:ing|ed)? (?:for )?(?:ages|forever|so long|weeks|months|over a week)\b/, { soft: true }),
  c('frustration', 0.3, /\b(?:it'?s|it has|it'?s already) been (?:\w+ )?(?:days|weeks|months|a week|a month)\b/, { soft: true }),
  c('frustration', 0.3, /\bpromised\b|\bsupposed to\b|\byet again\b/, { soft: true }),
  c('sarcasm', 0.35, /\b(?:oh )?(?:great|wonderful|fantastic|brilliant|lovely|awesome)[,.!] (?:another|now|just|so)\b|\bgreat job\b|\bwell done\b|\bvery professional\b|\bgreat (?:service|support|job)\b|\breally helpful\.|\bthanks a lot\b(?=.*\b(?:not|never|nothing|no)\b)/, { soft: true }),
];

/** Acronyms and codes that are written in capitals without shouting. */
const NOT_SHOUTING = new Set([
  'SKU', 'USB', 'LED', 'UPS', 'DHL', 'FAQ', 'PDF', 'VAT', 'RMB', 'CNY', 'USD', 'EMS', 'APP', 'WIFI', 'BBB',
  'FTC', 'HDMI', 'OK', 'ID', 'TV', 'AI', 'SMS', 'GPS', 'LCD', 'MAX', 'PRO', 'PLUS', 'ASAP', 'FYI', 'DOA',
  'FEDEX', 'USPS', 'SF', 'JD', 'PIN', 'OTP', 'IOS', 'HEPA', 'ETA', 'COD', 'EU', 'UK', 'USA', 'AM', 'PM',
]);

const PHISHING = /冒充|假冒(?:你们|客服|官方)|钓鱼|诈骗(?:短信|电话)|骗子(?:短信|电话|网站)|phishing|impersonat\w*|pretend(?:ing|s)? to be|fake (?:text|sms|email|call|website|site|message)/;

/** "如果不满意可以退吗", "if I'm not happy with it…": a hypothetical is not a complaint. */
const ZH_HYPOTHETICAL = /(?:如果|假如|要是|万一|若是|若|假设|是否)[^，。,.!?;；]{0,4}$/;
const EN_HYPOTHETICAL = /\b(?:if|in case|whether|suppose|what if)\b(?:\s+\S+){0,3}$/;
/** "有点失望", "a bit disappointed": hedged mild negativity counts half. */
const HEDGE = /(?:有点|有一点|有些|稍微|略微|a bit|a little|slightly|kind of|kinda|somewhat|a tad)\s*$/;
/** "投诉建议邮箱", "suggest a feature": the complaint channel used for a suggestion. */
const SUGGESTION = /建议|意见箱|改进|suggest|suggestion|feature request|idea for|feedback about a feature/;

const ZH_NEGATION = /(?:不是|不想|不要|不会|不用|不打算|不需要|不算|没有|没想|没打算|无意|并非|并不是|没啥|没什么|没有什么|无)[^，。,.!?;；]{0,3}$/;
const EN_NEGATION = /\b(?:not|no|never|without|nothing|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|won'?t|hardly|zero)\b(?:\s+\S+){0,3}$/;

function clauseBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 30), index);
  // Only look inside the current clause.
  return (before.split(/[，。,.!?;；!？]/).pop() ?? '').trimEnd();
}

function isNegated(text: string, index: number, cjkCue: boolean): boolean {
  const clause = clauseBefore(text, index);
  return cjkCue ? ZH_NEGATION.test(clause) || ZH_HYPOTHETICAL.test(clause) : EN_NEGATION.test(clause) || EN_HYPOTHETICAL.test(clause);
}

function intensityCues(raw: string, normalized: string): Array<{ label: string; weight: number }> {
  const out: Array<{ label: string; weight: number }> = [];
  // repeated punctuation (after NFKC full-width ！？ are ASCII)
  const bang = normalized.match(/!{2,}/g);
  const ques = normalized.match(/\?{2,}/g);
  const mixed = /\?!|!\?/.test(normalized);
  let punct = 0;
  let punctLabel = '';
  for (const run of [...(bang ?? []), ...(ques ?? [])]) {
    const w = run.length >= 3 ? 0.4 : 0.3;
    if (w > punct) { punct = w; punctLabel = run; }
  }
  if (mixed && punct < 0.3) { punct = 0.3; punctLabel = '?!'; }
  if (punct > 0) out.push({ label: punctLabel, weight: punct });

  // shouting: words in capitals that are not acronyms
  const nfkc = raw.normalize('NFKC');
  const words = nfkc.match(/\b[A-Za-z]{2,}\b/g) ?? [];
  const caps = words.filter((w) => w.length >= 3 && w === w.toUpperCase() && !NOT_SHOUTING.has(w));
  if (caps.length > 0) {
    const allCaps = words.length >= 3 && caps.length / words.length >= 0.8;
    const w = allCaps || caps.length >= 2 ? 0.45 : caps.some((x) => x.length >= 4) ? 0.3 : 0.2;
    out.push({ label: caps.slice(0, 3).join(' '), weight: w });
  }

  const emoji = raw.match(ANGRY_EMOJI);
  if (emoji) out.push({ label: emoji[0], weight: 0.35 });

  // stretched letters (sooooo) and repeated Chinese phrases (差评差评差评, 等等等, 钱呢？？钱呢)
  const stretched = normalized.match(/([a-z])\1{3,}/);
  if (stretched) out.push({ label: stretched[0], weight: 0.2 });
  const zhRepeat = normalized.match(/([\u4e00-\u9fff]{2,4})[\s,，!！?？]*\1/) ?? normalized.match(/([\u4e00-\u9fff])\1{2,}/);
  if (zhRepeat && !/^[哈嘻嘿呵嗯哦]+$/.test(zhRepeat[1])) out.push({ label: zhRepeat[0], weight: 0.25 });
  return out;
}

/** Angry or contemptuous emoji: 😠 😡 😤 🤬 💢 🖕 👎 🙄 😒 🤮. */
export const ANGRY_EMOJI = /[\u{1F620}\u{1F621}\u{1F624}\u{1F92C}\u{1F4A2}\u{1F595}\u{1F44E}\u{1F644}\u{1F612}\u{1F92E}]/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** kefu.yaml's phrases change with the folder, not per message: their cues are compiled once per list. */
const customCueCache = new Map<string, Cue[]>();

function customCues(phrases: string[] | undefined): Cue[] {
  if (!phrases?.length) return [];
  const key = phrases.join('\u0000');
  let cues = customCueCache.get(key);
  if (!cues) {
    if (customCueCache.size >= 16) customCueCache.clear();
    cues = phrases
      .map((p) => normalizeForMatching(p))
      .filter((p) => p.length > 0)
      .map((p) => c('custom', 0.8, new RegExp(/^[a-z0-9]/.test(p) ? `\\b${escapeRegExp(p)}\\b` : escapeRegExp(p)), { negatable: true }));
    customCueCache.set(key, cues);
  }
  return cues;
}

/** The sentence (between . ! ? 。！？ or line breaks) around `index`, with its closing mark. */
function sentenceAt(text: string, index: number): string {
  let start = index;
  while (start > 0 && !/[.!?。！？\n]/.test(text[start - 1])) start--;
  let end = index;
  while (end < text.length && !/[.!?。！？\n]/.test(text[end])) end++;
  while (end < text.length && /[.!?。！？]/.test(text[end])) end++;
  return text.slice(start, end).trim();
}

export function moodFromScore(score: number): Mood {
  if (score >= ANGRY_AT) return 'angry';
  if (score >= FRUSTRATED_AT) return 'frustrated';
  return 'calm';
}

/** Score one customer message for complaint / anger. */
export function detectMood(text: string, options: MoodOptions = {}): MoodResult {
  const normalized = normalizeForMatching(text ?? '');
  if (!normalized) return { mood: 'calm', complaintScore: 0, cues: [] };

  const intensity = intensityCues(text, normalized);
  const calm = intensity.length === 0;
  const phishing = PHISHING.test(normalized);
  const suggestion = SUGGESTION.test(normalized);

  const hits: Array<{ label: string; weight: number; kind: CueKind; group?: string }> = intensity.map((i) => ({
    label: `intensity:${i.label}`,
    weight: i.weight,
    kind: 'intensity',
  }));
  for (const cue of [...ZH_CUES, ...EN_CUES, ...customCues(options.extraComplaintPhrases)]) {
    cue.re.lastIndex = 0;
    for (const m of normalized.matchAll(cue.re)) {
      const index = m.index ?? 0;
      if (cue.negatable && isNegated(normalized, index, hasCjk(m[0]))) continue;
      let w = cue.weight;
      if (cue.soft && calm && isQuestion(sentenceAt(normalized, index))) w *= QUESTION_DAMPING;
      if (cue.negatable && HEDGE.test(clauseBefore(normalized, index))) w *= HEDGE_DAMPING;
      if (cue.kind === 'complaint' && /^(?:complain|投诉)/.test(m[0]) && suggestion) w *= SUGGESTION_DAMPING;
      if (cue.scam && phishing) w *= PHISHING_DAMPING;
      hits.push({ label: `${cue.kind}:${m[0].trim()}`, weight: w, kind: cue.kind, group: cue.group });
      break; // each cue counts once
    }
  }

  // a group counts once, with its strongest member
  const bestOfGroup = new Map<string, (typeof hits)[number]>();
  for (const h of hits) {
    if (h.group && (bestOfGroup.get(h.group)?.weight ?? -1) < h.weight) bestOfGroup.set(h.group, h);
  }
  const unique = hits.filter((h) => !h.group || bestOfGroup.get(h.group) === h);

  let keep = 1;
  for (const h of unique) keep *= 1 - Math.min(0.99, h.weight);
  let complaintScore = round2(1 - keep);
  // shouting or swearing with nothing negative said is impatience, not a complaint
  if (unique.every((h) => h.kind === 'intensity' || h.kind === 'swear')) complaintScore = Math.min(complaintScore, INTENSITY_ONLY_CAP);
  return { mood: moodFromScore(complaintScore), complaintScore, cues: unique.map((h) => h.label) };
}
