/** `fundtrace units ...`: administrative units. */
import type { Command } from "commander";

import { formatDivisionCode, parseDivisionCode, unitAddress } from "@fundtrace/sdk";
import type { Run } from "../context.ts";
import { labelOf, LEVEL_NAMES } from "../labels.ts";

export function registerUnits(program: Command, run: Run): void {
  const units = program.command("units").description("administrative units");

  units
    .command("classify <code>")
    .description("check a 12-digit division code offline: level, parent, on-chain address")
    .option("--edition <year>", "division-code edition", "2023")
    .action(
      run(async (ctx, code, options) => {
        const parsed = parseDivisionCode(String(code));
        const edition = Number((options as { edition: string }).edition);
        const data = {
          code: parsed.code,
          level: labelOf(LEVEL_NAMES, parsed.level),
          parent: parsed.parent === 0n ? null : parsed.parent,
          address: unitAddress(parsed.code, edition),
          edition,
        };
        ctx.out.result(data, () =>
          [
            `code      ${formatDivisionCode(parsed.code)} (${data.level})`,
            `parent    ${data.parent === null ? "none" : formatDivisionCode(parsed.parent)}`,
            `address   ${data.address} (edition ${edition})`,
          ].join("\n"),
        );
      }),
    );
}
