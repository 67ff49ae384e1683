/**
 * Builds the binary sample documents of the knowledge folder from the text held in this file:
 *
 *   knowledge/docs/lumo-smart-lamp-l1-manual.pdf     (pdfkit, English: the standard PDF fonts have no CJK glyphs)
 *   knowledge/docs/installation-service-guide.docx   (docx, Chinese, real Heading1/Heading2 paragraph styles)
 *
 * Run from the repository root:
 *   node -r @swc-node/register test/tools/build-sample-documents.ts
 *
 * The output is deterministic: the PDF's creation date is fixed, and the DOCX's core-property timestamps and
 * zip entry times are pinned by running the packer under a fixed clock. Re-running without changing the text
 * below gives byte-identical files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';

/** The fixed moment stamped into both documents. */
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS_DIR = path.join(ROOT, 'knowledge', 'docs');
const PDF_PATH = path.join(DOCS_DIR, 'lumo-smart-lamp-l1-manual.pdf');
const DOCX_PATH = path.join(DOCS_DIR, 'installation-service-guide.docx');

/** A block of a document: a heading (level 1 or 2), a paragraph, or a bulleted list. */
type Block =
  | { kind: 'h1'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] };

const h1 = (text: string): Block => ({ kind: 'h1', text });
const h2 = (text: string): Block => ({ kind: 'h2', text });
const p = (text: string): Block => ({ kind: 'p', text });
const list = (...items: string[]): Block => ({ kind: 'list', items });

// ---------------------------------------------------------------------------------------------------------------
// Source text: Lumo Smart Lamp L1 user manual (English)
// ---------------------------------------------------------------------------------------------------------------

const LAMP_MANUAL: Block[] = [
  h1('Lumo Smart Lamp L1 - User Manual'),
  p(
    'Thank you for choosing the Lumo Smart Lamp L1, an eye-care desk lamp with adjustable brightness and colour ' +
      'temperature, app control and a built-in USB-C charging port. Please read this manual before first use and keep ' +
      'it for future reference.',
  ),

  h2('What is in the box'),
  list(
    'Lumo Smart Lamp L1 (lamp head, arm and weighted base)',
    'Power adapter, 24 V 1.5 A, with a 1.5 m cable',
    'Quick start card and this manual',
  ),

  h2('Specifications'),
  list(
    'Model: L1 (LM-L1201)',
    'LED power: 12 W; total power with USB-C port in use: up to 36 W',
    'Brightness: 10 levels, from 5% to 100%',
    'Colour temperature: 2700 K to 6500 K, adjustable in 5 steps',
    'Illuminance: up to 1200 lux at 40 cm below the lamp head',
    'Colour rendering: CRI (Ra) 95 or higher',
    'Flicker: flicker-free DC dimming; blue light hazard class RG0 (exempt)',
    'USB-C output port on the base: up to 18 W (5 V 3 A / 9 V 2 A)',
    'Connectivity: Wi-Fi 2.4 GHz, Lumo Home app, Matter over Wi-Fi',
    'Height: 45 cm fully extended; lamp head rotates 180 degrees',
    'Weight: 1.6 kg',
  ),

  h2('Getting started'),
  p(
    'Place the lamp on a flat, dry surface, connect the power adapter to the DC socket on the back of the base and plug ' +
      'it into a wall outlet. The lamp turns on briefly at 50% brightness to show that it has power, then switches off.',
  ),
  p(
    'The touch bar on the front of the base controls the lamp. Touch the power icon to switch the light on or off. Slide ' +
      'a finger along the bar to change brightness. Touch and hold the power icon for 2 seconds to cycle through the ' +
      'five colour temperatures: 2700 K, 3500 K, 4000 K, 5000 K and 6500 K. Double-tap the power icon to turn on the ' +
      'night light, a warm 2700 K glow at 5% brightness.',
  ),
  p(
    'The lamp remembers the brightness and colour temperature that were in use when it was switched off, and returns ' +
      'to them the next time it is switched on.',
  ),

  h2('Connecting to the Lumo Home app'),
  p(
    'Install the Lumo Home app, sign in, and tap "Add device > Smart Lamp L1". Then hold the power icon for 5 seconds ' +
      'until the lamp blinks slowly twice; this puts it into pairing mode for 3 minutes. Follow the app to choose a ' +
      '2.4 GHz Wi-Fi network. The L1 cannot connect to 5 GHz networks.',
  ),
  p(
    'To add the L1 to Apple Home or another Matter controller instead, scan the Matter setup code printed on the label ' +
      'under the base. The lamp can be controlled from the Lumo Home app and one Matter controller at the same time.',
  ),
  p(
    'With the app you can set schedules, create scenes (Reading, Computer, Relax, Night), change the auto-off timer, ' +
      'and update the firmware. Firmware updates take about 2 minutes; keep the lamp powered while the update runs.',
  ),

  h2('Eye-care features'),
  p(
    'Auto brightness: an ambient light sensor on the lamp head adjusts brightness to keep the desk at around 500 lux, ' +
      'the level recommended for reading. Turn it on or off in the app, or triple-tap the power icon.',
  ),
  p(
    'Focus timer: study mode reminds you to take a break every 45 minutes by dimming the light to 30% for 10 seconds. ' +
      'The interval can be changed to 25, 45 or 60 minutes in the app.',
  ),
  p(
    'Auto-off: the lamp switches itself off after 60 minutes without any touch by default. You can choose 30, 60 or ' +
      '120 minutes, or turn auto-off off, in the app.',
  ),

  h2('Charging a phone from the base'),
  p(
    'The USB-C port on the side of the base supplies up to 18 W with fast-charging phones and works whether the light ' +
      'is on or off, as long as the adapter is plugged in. Use a USB-C cable rated for 3 A. The port is for charging ' +
      'only and does not transfer data.',
  ),

  h2('Resetting the lamp'),
  p(
    'To restore factory settings, hold the power icon for 10 seconds until the lamp flashes three times. This clears ' +
      'the Wi-Fi settings and removes the lamp from the Lumo Home app and any Matter controller; you will need to add ' +
      'it again.',
  ),

  h2('Troubleshooting'),
  list(
    'The touch bar does not respond: make sure your fingers are dry, wipe the bar with a dry cloth, and unplug the ' +
      'adapter for 10 seconds before trying again.',
    'The light flickers or turns off by itself: use the original 24 V adapter. Other adapters may not supply enough ' +
      'power, especially while a phone is charging.',
    'The lamp is offline in the app: check that your router is on and uses 2.4 GHz. If the router name or password ' +
      'changed, reset the lamp and add it again.',
    'The brightness keeps changing: auto brightness is on. Turn it off in the app or triple-tap the power icon.',
    'The phone charges slowly: the port supplies 18 W only with the original adapter; check your cable supports 3 A.',
  ),

  h2('Care and safety'),
  list(
    'Clean the lamp with a soft, dry cloth. Do not use water, alcohol or solvents on the touch bar or lamp head.',
    'The LEDs are built in and cannot be replaced by the user.',
    'For indoor use only. Keep the lamp away from water, bathrooms and direct sunlight.',
    'Do not cover the lamp head while it is on.',
  ),

  h2('Warranty and support'),
  p(
    'The Lumo Smart Lamp L1 is covered by a 1-year warranty from the day you receive it. For help, chat with us in the ' +
      'Lumo app, call 400-820-5866 (09:00-22:00 daily) or email support@lumo.example.',
  ),
];

// ---------------------------------------------------------------------------------------------------------------
// Source text: installation service guide (Chinese)
// ---------------------------------------------------------------------------------------------------------------

const INSTALLATION_GUIDE: Block[] = [
  h1('乐木上门安装服务说明'),
  p(
    '本说明适用于在乐木 App、乐木微信小程序和 lumo.example 购买的需要安装的商品，介绍服务范围、预约方式、安装前准备、' +
      '收费标准和验收流程。',
  ),

  h2('一、服务范围'),
  p(
    '乐木智能门锁 D1 和乐木吸顶灯 C1 提供免费基础安装服务，覆盖全国 120 多个城市的城区。您的地址是否在服务范围内，可在订单详情' +
      '“预约安装”页面输入地址后查看。',
  ),
  p(
    '扫地机器人、空气净化器、智能台灯、智能音箱和电水壶无需专业安装，可在乐木家居 App 的设备页面观看安装视频，或联系在线客服' +
      '获得远程指导。',
  ),

  h2('二、如何预约'),
  list(
    '签收后 30 天内，在订单详情点击“预约安装”，填写上门地址和期望的日期。超过 30 天未预约的，免费安装服务自动失效。',
    '提交后，安装师傅会在 24 小时内电话联系您确认上门时间；一般在 48 小时内上门，偏远区县在 72 小时内上门。',
    '可预约的上门时段为每天 09:00–20:00，周末和节假日同样可以预约。',
    '如需改约或取消，请至少提前 2 小时在 App 中操作，改约和取消均不收费。',
  ),

  h2('三、安装前的准备'),
  p('智能门锁 D1：'),
  list(
    '适用门厚为 40–120 mm，适用于大多数防盗门、木门和铜门。',
    '门上需有标准锁体开孔（24 × 240 mm）。非标准开孔需要改孔，改孔会产生额外费用。',
    '请提前准备 8 节 5 号碱性电池（包装内已附赠 4 节），并确认家中有人可以录入管理员指纹。',
  ),
  p('吸顶灯 C1：'),
  list(
    '确认安装位置的顶部有预留电线，并在师傅到达前告知电闸位置，安装时需要断电。',
    '层高超过 3.5 米的位置需要高空作业，请在预约时备注。',
    '如需拆除旧灯具，请在预约时说明数量。',
  ),

  h2('四、收费标准'),
  p(
    '基础安装免费。以下为额外服务的统一收费标准，师傅上门前会在 App 中向您确认，所有费用须通过 App 在线支付，师傅不收取现金：',
  ),
  list(
    '门锁改孔（非标准锁体开孔）：¥80',
    '更换门锁导向片：¥30',
    '拆除旧灯具：每个 ¥20',
    '高空作业（层高超过 3.5 米）：¥50',
    '远程上门（距离城区超过 20 公里）：¥30',
    '因用户原因需要二次上门：¥50',
    '额外材料（如线材、膨胀螺丝）：按实际使用收费，师傅会出示材料价格表',
  ),
  p(
    '如发现师傅收取上述标准以外的费用，请拨打 400-820-5866 反馈，核实后乐木将全额退还多收的费用，并赠送一张 ¥50 无门槛优惠券。',
  ),

  h2('五、验收与安装质保'),
  p(
    '安装完成后，师傅会与您一起测试：门锁需测试指纹、密码、机械钥匙和反锁功能；吸顶灯需测试开关、调光和 App 控制。确认无误后' +
      '请在 App 中点击“确认完成”。',
  ),
  p(
    '安装工艺质保 1 年：因安装原因导致的松动、漏电、门锁错位等问题，1 年内免费上门处理。商品本身的保修按《保修政策》执行。',
  ),

  h2('六、评价与反馈'),
  p(
    '服务完成后，您可以在订单详情中为安装服务评分。如对安装服务不满意，请通过“我的 > 投诉与建议”提交，我们会在 24 小时内联系您。',
  ),
];

// ---------------------------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------------------------

function buildPdf(blocks: Block[], outPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 72, bottom: 72, left: 72, right: 72 },
      info: {
        Title: 'Lumo Smart Lamp L1 - User Manual',
        Author: 'Lumo',
        Subject: 'User manual for the Lumo Smart Lamp L1',
        Keywords: 'Lumo, smart lamp, L1, manual',
        Creator: 'kefu test/tools/build-sample-documents.ts',
        Producer: 'pdfkit',
        CreationDate: FIXED_DATE,
        ModDate: FIXED_DATE,
      },
    });
    const out = fs.createWriteStream(outPath);
    out.on('finish', () => resolve());
    out.on('error', reject);
    doc.pipe(out);

    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    let first = true;
    for (const block of blocks) {
      switch (block.kind) {
        case 'h1':
          doc.font('Helvetica-Bold').fontSize(20).text(block.text, { width });
          doc.moveDown(0.8);
          break;
        case 'h2':
          if (!first) doc.moveDown(0.6);
          // Keep a heading together with the start of its section.
          if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
          doc.font('Helvetica-Bold').fontSize(14).text(block.text, { width });
          doc.moveDown(0.4);
          break;
        case 'p':
          doc.font('Helvetica').fontSize(11).text(block.text, { width, align: 'left', lineGap: 2 });
          doc.moveDown(0.5);
          break;
        case 'list':
          doc.font('Helvetica').fontSize(11).list(block.items, { width, lineGap: 2, bulletRadius: 2, textIndent: 14 });
          doc.moveDown(0.5);
          break;
      }
      first = false;
    }
    doc.end();
  });
}

function toDocxParagraphs(blocks: Block[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'h1':
        paragraphs.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_1 }));
        break;
      case 'h2':
        paragraphs.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 }));
        break;
      case 'p':
        paragraphs.push(new Paragraph({ children: [new TextRun(block.text)] }));
        break;
      case 'list':
        for (const item of block.items) {
          paragraphs.push(new Paragraph({ children: [new TextRun(item)], bullet: { level: 0 } }));
        }
        break;
    }
  }
  return paragraphs;
}

/**
 * Runs `fn` with `Date` pinned to FIXED_DATE for argument-less construction and `Date.now()`, so that the docx
 * core properties (dcterms:created/modified) and the zip entries' modification times are reproducible.
 */
async function withFixedClock<T>(fn: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  const fixed = FIXED_DATE.getTime();
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixed);
      else super(...(args as [string | number | Date]));
    }
    static now(): number {
      return fixed;
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

async function buildDocx(blocks: Block[], outPath: string): Promise<void> {
  const buffer = await withFixedClock(() => {
    const doc = new Document({
      creator: 'Lumo',
      title: '乐木上门安装服务说明',
      description: 'Installation service guide for Lumo products (sample knowledge document for kefu)',
      sections: [{ children: toDocxParagraphs(blocks) }],
    });
    return Packer.toBuffer(doc);
  });
  fs.writeFileSync(outPath, buffer);
}

async function main(): Promise<void> {
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  await buildPdf(LAMP_MANUAL, PDF_PATH);
  await buildDocx(INSTALLATION_GUIDE, DOCX_PATH);
  for (const file of [PDF_PATH, DOCX_PATH]) {
    console.log(`wrote ${path.relative(ROOT, file)} (${fs.statSync(file).size} bytes)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
