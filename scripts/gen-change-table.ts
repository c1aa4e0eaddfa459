// Rewrites the README's "what each change does" table from the classifications, then formats the README.
//   node -r ts-node/register/transpile-only scripts/gen-change-table.ts
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { withChangeTable } from "./change-table";

const readme = path.resolve(__dirname, "../README.md");
fs.writeFileSync(readme, withChangeTable(fs.readFileSync(readme, "utf8")));
execFileSync(process.execPath, [require.resolve("prettier/bin/prettier.cjs"), "--write", readme], { stdio: "inherit" });
