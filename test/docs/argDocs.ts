import * as path from "path";
import * as ts from "typescript";

/** One argument property whose documentation falls short of the house style. */
export interface DocProblem {
    /** `Interface.property` */
    where: string;
    /** File of the declaration, relative to the repository. */
    file: string;
    problem: "no doc comment" | "optional but no @default";
}

/** A program over the package root, compiled as `npm run build` compiles it. */
export function programFor(repo: string): { program: ts.Program; entry: ts.SourceFile } {
    const config = ts.getParsedCommandLineOfConfigFile(
        path.join(repo, "tsconfig.build.json"),
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        },
    );
    if (!config) {
        throw new Error("cannot read tsconfig.build.json");
    }
    const entryFile = path.join(repo, "index.ts");
    const program = ts.createProgram([entryFile], config.options);
    const entry = program.getSourceFile(entryFile);
    if (!entry) {
        throw new Error(`${entryFile} is not in the program`);
    }
    return { program, entry };
}

/** An argument type to check: an interface, or an exported type alias of an object type. */
export interface ArgType {
    name: string;
    type: ts.Type;
}

/**
 * The exported interfaces and object type aliases named `*Args`, and every interface of this repository their
 * properties use, in the order they are found.
 */
export function argInterfaces(program: ts.Program, entry: ts.SourceFile, repo: string): ArgType[] {
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(entry);
    if (!moduleSymbol) {
        throw new Error("index.ts has no module symbol");
    }
    const queue: ArgType[] = [];
    const seen = new Set<ts.Symbol>();
    const enqueue = (symbol: ts.Symbol | undefined, type: ts.Type): void => {
        if (symbol && !seen.has(symbol) && inRepo(symbol, repo)) {
            seen.add(symbol);
            queue.push({ name: symbol.name, type });
        }
    };
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        const objectAlias = symbol.flags & ts.SymbolFlags.TypeAlias && type.flags & ts.TypeFlags.Object;
        if (symbol.name.endsWith("Args") && (symbol.flags & ts.SymbolFlags.Interface || objectAlias)) {
            enqueue(symbol, type);
        }
    }
    for (let i = 0; i < queue.length; i++) {
        for (const property of queue[i].type.getProperties()) {
            const declaration = property.valueDeclaration ?? property.declarations?.[0];
            if (declaration) {
                for (const t of constituents(checker, checker.getTypeOfSymbolAtLocation(property, declaration))) {
                    const symbol = t.getSymbol();
                    if (symbol && symbol.flags & ts.SymbolFlags.Interface) {
                        enqueue(symbol, t);
                    }
                }
            }
        }
    }
    return queue;
}

/** Checks every property of the interfaces: a doc comment on each, and `@default` on each optional one. */
export function docProblems(program: ts.Program, interfaces: ArgType[], repo: string): DocProblem[] {
    const checker = program.getTypeChecker();
    const problems: DocProblem[] = [];
    for (const { name, type } of interfaces) {
        for (const property of type.getProperties()) {
            const declaration = property.valueDeclaration ?? property.declarations?.[0];
            const owner =
                declaration?.parent && ts.isInterfaceDeclaration(declaration.parent) ? declaration.parent : undefined;
            const where = `${owner?.name.text ?? name}.${property.name}`;
            const file = declaration ? path.relative(repo, declaration.getSourceFile().fileName) : "?";
            if (problems.some((p) => p.where === where)) {
                continue; // inherited by several interfaces: report it once, where it is declared
            }
            const comment = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
            if (comment === "") {
                problems.push({ where, file, problem: "no doc comment" });
            } else if (
                property.flags & ts.SymbolFlags.Optional &&
                !property.getJsDocTags().some((t) => t.name === "default")
            ) {
                problems.push({ where, file, problem: "optional but no @default" });
            }
        }
    }
    return problems;
}

function inRepo(symbol: ts.Symbol, repo: string): boolean {
    const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
    return file.startsWith(repo + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

/**
 * The types a property's type is built from: union members, array elements, type arguments (so the `T` of
 * `pulumi.Input<T>`, `Promise<T>` and `Output<T>`) and map values.
 */
function constituents(checker: ts.TypeChecker, type: ts.Type, seen = new Set<ts.Type>()): ts.Type[] {
    if (seen.has(type)) {
        return [];
    }
    seen.add(type);
    const out: ts.Type[] = [type];
    const parts: ts.Type[] = [];
    if (type.isUnionOrIntersection()) {
        parts.push(...type.types);
    }
    if (type.flags & ts.TypeFlags.Object) {
        const object = type as ts.ObjectType;
        if (object.objectFlags & ts.ObjectFlags.Reference) {
            parts.push(...checker.getTypeArguments(type as ts.TypeReference));
        }
        const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
        if (index) {
            parts.push(index.type);
        }
    }
    if (type.aliasTypeArguments) {
        parts.push(...type.aliasTypeArguments);
    }
    for (const part of parts) {
        out.push(...constituents(checker, part, seen));
    }
    return out;
}
