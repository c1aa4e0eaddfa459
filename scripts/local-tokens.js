// Keeps one RKE2 join token per cluster of a stack file in a JSON map (cluster name -> token) for the local stack:
// existing tokens are kept, new clusters get a random one, removed clusters are dropped.
//   node scripts/local-tokens.js <Pulumi.<stack>.yaml> <tokens.json>
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const YAML = require("yaml");

const [stackFile, tokensFile] = process.argv.slice(2);
if (!stackFile || !tokensFile) {
    console.error("usage: node scripts/local-tokens.js <Pulumi.<stack>.yaml> <tokens.json>");
    process.exit(2);
}
const clusters = YAML.parse(fs.readFileSync(stackFile, "utf8"))?.config?.["drover:clusters"];
if (!Array.isArray(clusters)) {
    console.error(`${stackFile}: drover:clusters is not a list`);
    process.exit(1);
}
const old = fs.existsSync(tokensFile) ? JSON.parse(fs.readFileSync(tokensFile, "utf8")) : {};
const tokens = {};
for (const { name } of clusters) {
    tokens[name] =
        typeof old[name] === "string" && old[name] !== "" ? old[name] : crypto.randomBytes(36).toString("base64url");
}
fs.writeFileSync(tokensFile, JSON.stringify(tokens), { mode: 0o600 });
