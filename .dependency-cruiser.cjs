// The three parts of DESIGN.md and the direction of their imports: cli -> devkit/runtime -> core.
// Each part is a folder of src/; `npm run lint` runs this check, and any import that runs the wrong
// way, or any cycle, fails the build.
const core = "^src/core/";
const runtime = "^src/runtime/";
const devkit = "^src/devkit/";
const cli = "^src/cli/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", comment: "No import cycles.", severity: "error", from: {}, to: { circular: true } },
    { name: "core-imports-runtime", comment: "core is pure: it is given ports, it does not import their implementations.", severity: "error", from: { path: core }, to: { path: runtime } },
    { name: "core-imports-devkit", severity: "error", from: { path: core }, to: { path: devkit } },
    { name: "core-imports-cli", severity: "error", from: { path: core }, to: { path: cli } },
    { name: "runtime-imports-devkit", comment: "The simulator and dev tools never ship in the runtime's path.", severity: "error", from: { path: runtime }, to: { path: devkit } },
    { name: "runtime-imports-cli", severity: "error", from: { path: runtime }, to: { path: cli } },
    { name: "devkit-imports-cli", severity: "error", from: { path: devkit }, to: { path: cli } },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.d\\.ts$" },
  },
};
