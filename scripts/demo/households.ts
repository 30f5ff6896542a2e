/**
 * Made-up households for the demo and the tests: names, resident IDs that
 * pass GB 11643 (area = the village's county, real dates, MOD 11-2 check
 * character), amounts at a programme's standard rates, and card numbers.
 * Deterministic for a given seed; no real person is described.
 */
import { checkCharacter } from "@fundtrace/sdk";

export { random } from "../lib/random.ts";

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";
const GIVEN = "明华国建军平志伟芳秀英兰玉春德海文金小红桂珍云飞荣学成永福生兴安顺";

export interface Household {
  name: string;
  residentId: string;
  /** Yuan, as the spreadsheet writes it. */
  amount: string;
  card: string;
}

/** Standard yearly rates of a living-subsidy programme, by household size (yuan). */
const RATES = ["1,200.00", "1,800.00", "2,400.00", "3,000.00", "3,600.00"];

/**
 * `count` households of the county `county6` (six digits), with IDs unique
 * within `taken` (updated).
 */
export function households(
  count: number,
  county6: string,
  rand: () => number,
  taken: Set<string> = new Set(),
): Household[] {
  const out: Household[] = [];
  while (out.length < count) {
    const year = 1940 + Math.floor(rand() * 66);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const sequence = String(Math.floor(rand() * 1000)).padStart(3, "0");
    const first17 = `${county6}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${sequence}`;
    const residentId = `${first17}${checkCharacter(first17)}`;
    if (taken.has(residentId)) continue;
    taken.add(residentId);
    const pick = (s: string) => s[Math.floor(rand() * s.length)]!;
    const name = `${pick(SURNAMES)}${pick(GIVEN)}${rand() < 0.6 ? pick(GIVEN) : ""}`;
    const amount = RATES[Math.min(RATES.length - 1, Math.floor(rand() * rand() * RATES.length * 1.6))]!;
    const card = `6217${String(Math.floor(rand() * 1e8)).padStart(8, "0")}${String(Math.floor(rand() * 1e7)).padStart(7, "0")}`;
    out.push({ name, residentId, amount, card });
  }
  return out;
}

/** A roster sheet as a bureau exports it: header, rows, a total row; CRLF. */
export function rosterCsv(village: string, rows: readonly Household[], total: string): string {
  const lines = [
    "姓名,身份证号,村代码,银行卡号,金额(元)",
    ...rows.map((h) => `${h.name},${h.residentId},${village},${h.card},"${h.amount}"`),
    `合计,,,,"${total}"`,
  ];
  return `${lines.join("\r\n")}\r\n`;
}
