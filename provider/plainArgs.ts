import { DroverInputError, InputProblem } from "../components/common/errors";
import { collectProblems, isUnknownInput } from "../components/common/validation";
import type { z } from "zod";

/**
 * Problems for list arguments that arrived as one Output as a whole.
 *
 * Through the provider host a top-level argument is an Output when the engine could not keep its nested values in
 * place (e.g. a secret inside it). drover builds children from the items of these lists synchronously, so such a
 * list cannot be used; the message says how to pass it instead.
 */
export function wholeOutputProblems(args: object, fields: readonly string[]): InputProblem[] {
    const record = args as Record<string, unknown>;
    return fields
        .filter((f) => isUnknownInput(record[f]))
        .map((f) => ({
            path: f,
            value: undefined,
            reason:
                "arrived as one output as a whole, so drover cannot read its items before deployment; " +
                "write the list out in the program and put outputs or secrets only inside its items",
        }));
}

/**
 * Validates the arguments of a multi-language component before it registers anything, with the library
 * component's own schema (so messages match the TypeScript API), and throws one {@link DroverInputError}.
 *
 * `listFields` must be plain lists (see {@link wholeOutputProblems}); `renamePath` maps a library path back to the
 * wrapper's argument name where the two differ.
 */
export function validateWrapperArgs(
    component: string,
    name: string,
    args: object,
    libraryArgs: unknown,
    schema: z.ZodType,
    listFields: readonly string[] = [],
    renamePath: (path: string) => string = (p) => p,
): void {
    const whole = wholeOutputProblems(args, listFields);
    const problems =
        whole.length > 0
            ? whole
            : collectProblems(schema, libraryArgs).map((p) => ({ ...p, path: renamePath(p.path) }));
    if (problems.length > 0) {
        throw new DroverInputError(component, name, problems);
    }
}
