// Entry point of the drover component provider (PulumiPlugin.yaml). It exports nothing: the Node.js language host
// would otherwise start a second host from the exported classes, named after package.json.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "./components";

// dirname is where the schema analyzer reads package.json and tsconfig.json: this directory.
void componentProviderHost({ components: [...PROVIDER_COMPONENTS], name: PROVIDER_NAME, dirname: __dirname });
