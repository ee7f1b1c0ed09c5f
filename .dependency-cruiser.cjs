// The three parts of DESIGN.md and the direction of their imports: cli -> devkit/runtime -> core.
// `npm run lint` runs it; imports listed in .dependency-cruiser-known-violations.json are the ones
// found when the rule came in (each to be moved to the right part), and any new one fails the build.
const core = "^src/(manifest|rules|templates|actions|engine|hooks|errors|time)/";
const runtime = "^src/(crisp|store|intake|runtime|websites|settings-page|reload|observability)/";
const devkit = "^src/(simulator|testing|recipes|widget-preview)/";
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
