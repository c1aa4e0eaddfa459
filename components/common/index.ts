export { DroverInputError, type InputProblem, formatProblem, formatValue } from "./errors";
export { collectProblems, formatPath, isUnknownInput, issueToProblems, validateArgs } from "./validation";
export { droverType } from "./names";
export {
    dnsLabel,
    dnsSubdomain,
    isLabelKey,
    isLabelValue,
    namespacedRef,
    parseQuantity,
    quantity,
    QUANTITY,
} from "./rules";
