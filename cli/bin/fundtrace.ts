#!/usr/bin/env node
// The `fundtrace` command (npx fundtrace ...). Everything lives in src/main.ts.
import { main } from "../src/main.ts";

process.exitCode = await main(process.argv);
