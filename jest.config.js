/** @type {import('jest').Config} */
const transform = { "^.+\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }] };

module.exports = {
    projects: [
        {
            displayName: "unit",
            testEnvironment: "node",
            transform,
            roots: ["<rootDir>/test"],
            testMatch: ["**/*.test.ts"],
            testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/integration/"],
        },
        {
            displayName: "integration",
            testEnvironment: "node",
            transform,
            roots: ["<rootDir>/test"],
            testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
            globalSetup: "<rootDir>/test/integration/globalSetup.ts",
            globalTeardown: "<rootDir>/test/integration/globalTeardown.ts",
            setupFilesAfterEnv: ["<rootDir>/test/integration/setup.ts"],
        },
    ],
};
