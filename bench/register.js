// A minimal require hook for the benchmark children: transpiles TypeScript with `ts.transpileModule` and installs no
// source-map support. ts-node installs source-map-support, which rewrites every captured stack trace; the Pulumi SDK
// captures one per resource, and under ts-node that alone was about half of the construction time.
const fs = require("fs");
const ts = require("typescript");

const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };

require.extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
    module._compile(outputText, filename);
};
