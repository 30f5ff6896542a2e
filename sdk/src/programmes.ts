/**
 * The programme catalogue: the budget programmes a fund may belong to, each
 * with the function classification codes its money is budgeted under and
 * the budget levels that fund it. A fund names its programme by `code`
 * (kept on chain); `fundtrace fund propose --programme` and the SDK's
 * {@link checkFundTerms} take them from here.
 *
 * Classification codes are those of the 2024 government expenditure
 * function classification (财政部 财预〔2023〕83号), class 213 农林水支出,
 * section 21305 巩固脱贫攻坚成果衔接乡村振兴: 2130504 农村基础设施建设,
 * 2130505 生产发展, 2130506 社会发展, 2130507 贷款奖补和贴息.
 */
import type { SourceLevelName } from "./fund-terms.ts";

export interface Programme {
  /** ASCII code kept on chain (1 to 32 bytes). */
  code: string;
  /** The programme's name as budget documents write it. */
  name: string;
  /** The function classification codes a fund of the programme may carry. */
  classifications: readonly number[];
  /** The budget levels whose funds may belong to the programme. */
  sources: readonly SourceLevelName[];
}

const ALL_LEVELS: readonly SourceLevelName[] = ["central", "provincial", "city", "county"];

export const PROGRAMMES: readonly Programme[] = [
  {
    code: "xianjie",
    name: "衔接推进乡村振兴补助资金",
    classifications: [2130504, 2130505, 2130506, 2130507],
    sources: ALL_LEVELS,
  },
  {
    code: "xianjie-tiexi",
    name: "脱贫人口小额信贷贴息",
    classifications: [2130507],
    sources: ALL_LEVELS,
  },
];

export const programmeOf = (code: string): Programme | undefined => PROGRAMMES.find((p) => p.code === code);
