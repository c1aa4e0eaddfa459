// Writes docs/configuration.md, the configuration reference, from the zod schemas and the argument interfaces.
//   node -r ts-node/register/transpile-only scripts/gen-config-reference.ts            write it
//   node -r ts-node/register/transpile-only scripts/gen-config-reference.ts --check    exit 1 when it is stale
//   node -r ts-node/register/transpile-only scripts/gen-config-reference.ts --missing  list keys without a description
// `--file <path>` writes or checks another file instead of docs/configuration.md.
import * as fs from "fs";
import * as path from "path";
import { buildReference, generateConfigReference, REFERENCE_FILE, REPO, staleMessage } from "./config-reference";

async function main(args: string[]): Promise<number> {
    const at = args.indexOf("--file");
    const file = at >= 0 && args[at + 1] !== undefined ? path.resolve(args[at + 1]) : path.join(REPO, REFERENCE_FILE);
    if (args.includes("--missing")) {
        const missing = buildReference(REPO).undocumented;
        console.log(missing.length === 0 ? "every key has a description" : missing.join("\n"));
        return 0;
    }
    const text = await generateConfigReference(REPO);
    if (args.includes("--check")) {
        const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        const stale = staleMessage(committed, text, path.relative(REPO, file));
        if (stale !== undefined) {
            console.error(stale);
            return 1;
        }
        console.log(`${path.relative(REPO, file)} is up to date`);
        return 0;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(REPO, file)}`);
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e);
        process.exit(2);
    },
);
