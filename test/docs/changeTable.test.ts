import * as fs from "fs";
import * as path from "path";
import { FLUX_CHANGES } from "../../components/flux/changes";
import { fluxChangeRows, readmeChangeRows } from "../../scripts/change-table";

const REPO = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");

describe("the README's table of what each change does", () => {
    test("is the generated one (npm run docs:changes)", () => {
        expect(readmeChangeRows(readme)).toEqual(fluxChangeRows());
    });

    test("covers every Flux key of the stack configuration reference", () => {
        const reference = fs.readFileSync(path.join(REPO, "docs/configuration.md"), "utf8");
        const keys = [...reference.matchAll(/`clusters\[\]\.flux\.([A-Za-z0-9]+)`/g)].map((m) => m[1]);
        expect(keys.length).toBeGreaterThan(20);
        const classified = new Set([...Object.keys(FLUX_CHANGES), "enabled"]);
        expect([...new Set(keys)].filter((k) => !classified.has(k))).toEqual([]);
        const rows = readmeChangeRows(readme).map((r) => r[1]);
        for (const k of new Set(keys)) {
            const inTable = rows.includes(`\`flux.${k}\``) || readmeChangeRows(readme).some((r) => r[0] === `\`${k}\``);
            expect([k, inTable]).toEqual([k, true]);
        }
    });
});
