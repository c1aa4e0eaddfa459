// Packs drover and checks the tarball: compiled components with their types, no tests, no sources of secrets.
const { execFileSync } = require("child_process");

const out = execFileSync("npm", ["pack", "--dry-run", "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
});
const [pack] = JSON.parse(out);
const files = pack.files.map((f) => f.path);
const problems = [];
for (const must of [
    "dist/index.js",
    "dist/index.d.ts",
    "dist/components/harvester/virtualMachine.js",
    "dist/components/harvester/virtualMachine.d.ts",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "package.json",
]) {
    if (!files.includes(must)) problems.push(`missing ${must}`);
}
for (const f of files) {
    if (/^(test|scripts|stacks|\.ci)\//.test(f) || /\.test\.|\.ts$/.test(f.replace(/\.d\.ts$/, "")))
        problems.push(`should not ship ${f}`);
    if (/(^|\/)(\.env|Pulumi\.[^/]+\.yaml|.*\.pem|id_[a-z0-9]+)$/.test(f))
        problems.push(`ships a possible secret source ${f}`);
}
if (problems.length > 0) {
    console.error(`npm pack: ${problems.join("; ")}`);
    process.exit(1);
}
console.log(`npm pack: ${pack.filename}, ${files.length} files, ${(pack.size / 1024).toFixed(1)} KiB`);
