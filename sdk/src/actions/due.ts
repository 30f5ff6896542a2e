/** What is still due on a roster, read from the roster book's page bitmaps. */
import type { PublicClient } from "viem";

import { type BatchKind, dueMask, type PagePart, pagePart } from "../batches.ts";
import type { Deployment } from "../deployments.ts";
import type { RosterCommitment } from "../roster.ts";
import { read } from "./reads.ts";

/** The part of each page of `roster` that a batch of `kind` may still pay, pages with nothing due left out. */
export async function readDueParts(
  client: PublicClient,
  d: Deployment,
  rosterId: bigint,
  roster: RosterCommitment,
  kind: BatchKind,
): Promise<PagePart[]> {
  const bits = await Promise.all(
    roster.pages.map((p) => read(client, d, "rosterBook", "pageBits", [rosterId, BigInt(p.page)])),
  );
  const parts: PagePart[] = [];
  roster.pages.forEach((page, i) => {
    const due = dueMask(kind, bits[i]!, page.entries.length);
    if (due !== 0n) parts.push(pagePart(page, due));
  });
  return parts;
}
