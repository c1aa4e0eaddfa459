import * as path from "path";
import * as ts from "typescript";
import { FieldPath, ITEM } from "./schemaFields";

/**
 * Descriptions and defaults of configuration keys, read from the doc comments of the argument interfaces the keys
 * feed (`FleetRke2Args`, `FleetFluxArgs`, ...). The zod schemas carry no descriptions, and the interfaces are the
 * documented contract of the same arguments, so the reference takes the text from there.
 */

/** What an argument's declaration says about it. */
export interface TsDoc {
    /** The doc comment without its tags, on one line. */
    description: string;
    /** The `@default` tag's text, e.g. `"main"` or `- the image's storage class`. */
    default?: string;
    /** Declared optional (`?`). */
    optional: boolean;
    /** `string`, `number`, `boolean`, `list` or `map`, from the declared type. */
    kind: "string" | "number" | "boolean" | "list" | "map";
}

/** `{@link X}` and `{@link X | text}` become `` `X` `` and `text`. */
function plainLinks(text: string): string {
    return text.replace(
        /\{@link(?:code|plain)?\s+([^}\s|]+)\s*(?:\|\s*([^}]*))?\}/g,
        (_m, target: string, label?: string) =>
            label !== undefined && label.trim() !== "" ? label.trim() : `\`${target}\``,
    );
}

/** One line, links as code, and `*\/` (how a doc comment writes a cron step) as `*` + `/`. */
function oneLine(text: string): string {
    return plainLinks(text)
        .replace(/\*\\\//g, "*/")
        .replace(/\s+/g, " ")
        .trim();
}

export class TsDocs {
    private readonly program: ts.Program;
    private readonly checker: ts.TypeChecker;

    /** A program over `files` (relative to `repo`); only declarations inside `repo` are read. */
    constructor(
        private readonly repo: string,
        files: string[],
    ) {
        this.program = ts.createProgram(
            files.map((f) => path.join(repo, f)),
            {
                target: ts.ScriptTarget.ES2022,
                module: ts.ModuleKind.CommonJS,
                moduleResolution: ts.ModuleResolutionKind.Node10,
                strict: true,
                skipLibCheck: true,
                esModuleInterop: true,
                noEmit: true,
                types: [],
            },
        );
        this.checker = this.program.getTypeChecker();
    }

    /** The declared type of an exported interface or type alias of `file`. */
    exportedType(file: string, name: string): ts.Type {
        const source = this.program.getSourceFile(path.join(this.repo, file));
        const moduleSymbol = source && this.checker.getSymbolAtLocation(source);
        const symbol = moduleSymbol && this.checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
        if (!symbol) {
            throw new Error(`${file} exports no type ${name}`);
        }
        return this.checker.getDeclaredTypeOfSymbol(symbol);
    }

    /** The declaration of `path` below `root`, or undefined when no documented declaration is found. */
    lookup(root: ts.Type, fieldPath: FieldPath): TsDoc | undefined {
        let types = this.constituents(root);
        let found: ts.Symbol | undefined;
        for (const seg of fieldPath) {
            if (seg === ITEM) {
                types = types
                    .filter((t) => this.checker.isArrayType(t))
                    .flatMap((t) => this.constituents(this.checker.getTypeArguments(t as ts.TypeReference)[0]));
                found = undefined;
                continue;
            }
            found = types
                .filter((t) => !this.checker.isArrayType(t))
                .map((t) => this.checker.getPropertyOfType(t, seg))
                .find((p): p is ts.Symbol => p !== undefined && this.inRepo(p));
            if (!found) {
                return undefined;
            }
            types = this.constituents(this.checker.getTypeOfSymbol(found));
        }
        return found ? this.describe(found, types) : undefined;
    }

    private describe(symbol: ts.Symbol, types: ts.Type[]): TsDoc {
        const tag = symbol.getJsDocTags(this.checker).find((t) => t.name === "default");
        const def = tag ? oneLine(ts.displayPartsToString(tag.text)) : undefined;
        return {
            description: oneLine(ts.displayPartsToString(symbol.getDocumentationComment(this.checker))),
            ...(def !== undefined ? { default: def } : {}),
            optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
            kind: this.kindOf(types),
        };
    }

    private kindOf(types: ts.Type[]): TsDoc["kind"] {
        const all = (flag: ts.TypeFlags) => types.length > 0 && types.every((t) => (t.flags & flag) !== 0);
        if (all(ts.TypeFlags.StringLike)) {
            return "string";
        }
        if (all(ts.TypeFlags.NumberLike)) {
            return "number";
        }
        if (all(ts.TypeFlags.BooleanLike)) {
            return "boolean";
        }
        return types.some((t) => this.checker.isArrayType(t)) ? "list" : "map";
    }

    /**
     * The types a value of `type` can be given as: union members without `undefined`, with `Promise<T>` and
     * `Output<T>` (the other forms of `pulumi.Input<T>`) left out, since `T` itself is a member too.
     */
    private constituents(type: ts.Type): ts.Type[] {
        const members = type.isUnion() ? type.types : [type];
        return members.filter((t) => {
            if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) {
                return false;
            }
            const parts = t.isIntersection() ? t.types : [t];
            return !parts.some((p) => ["Promise", "OutputInstance"].includes(p.getSymbol()?.name ?? ""));
        });
    }

    private inRepo(symbol: ts.Symbol): boolean {
        const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
        return file.startsWith(this.repo + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
    }
}
