// The entry point of the fleet stacks (Pulumi.yaml `main: dist/stacks/index.js`): Pulumi calls the exported function and
// uses what it returns as the stack outputs.
import { runStack } from "./program";

export = () => runStack();
