/** `fundtrace units ...`: administrative units. */

import { formatDivisionCode, parseDivisionCode, unitAddress } from "@fundtrace/sdk";
import type { Program, Run } from "../context.ts";
import { editionOption } from "../options.ts";
import { labelOf, LEVEL_NAMES } from "../labels.ts";

export function registerUnits(program: Program, run: Run): void {
  const units = program.command("units").description("administrative units");

  units
    .command("classify <code>")
    .description("check a 12-digit division code offline: level, parent, on-chain address")
    .addOption(editionOption())
    .action(
      run((ctx, code, options) => {
        const parsed = parseDivisionCode(code);
        const edition = Number(options.edition);
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
